/** The playground page in headless Chromium, against the device (work-phone) simulator and the example echo bot. */
import { filter, firstValueFrom, timeout } from 'rxjs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { echoBot } from '../../examples/echo-bot.js';
import { connectDevice, type DeviceClient } from '../../src/device/index.js';
import { startDeviceSimulator, type DeviceSimulator } from '../../src/testing/index.js';
import { perTest } from '../support/per-test.js';
import { expectText, faultOff, faultOn, openChat, playgroundBrowser, pngOf, screenshot, seriousViolations, sendText } from './browser.js';

const after = perTest();
const chromium = playgroundBrowser();
let sim: DeviceSimulator;
let client: DeviceClient;

/** The device simulator with the page open, and the echo bot running on a device client that is online. */
async function open(): Promise<{ page: Page; errors: string[] }> {
  sim = after.closeAfter(await startDeviceSimulator({ ui: true }), (s) => s.close());
  const opened = await chromium.open(sim.playgroundUrl ?? '');
  await expectText(opened.page, '.session-state', 'Not logged in');
  client = after.closeAfter(connectDevice({ host: sim.host, port: sim.port, credential: 'IMEI0001' }), (c) => c.close());
  after.subscriptions.add(echoBot(client).subscribe());
  await firstValueFrom(client.state$.pipe(filter((s) => s.status === 'online' && s.accounts.length > 0), timeout(10_000)));
  await expectText(opened.page, '.session-state', 'Logged in: Sim Phone');
  return opened;
}

describe('the playground page (device simulator, Chromium)', () => {
  it('shows the phone\'s account and contacts, and the echo bot\'s answer to a friend, delivered', async () => {
    const { page, errors } = await open();
    await page.getByText('WeChat accounts on the phone').waitFor();
    expect(await page.locator('.accounts').textContent()).toContain('Sim Phone');
    await openChat(page, 'Zhang San');
    await sendText(page, 'hello work phone');
    const answer = page.locator('.message.right', { hasText: 'hello work phone' });
    await answer.waitFor();
    await expectText(page, '.message.right .state', 'Delivered');
    expect(sim.tasks.map((task) => [task.FriendId, new TextDecoder().decode(task.Content)])).toEqual([['wxid_friend', 'hello work phone']]);
    await page.locator('.timeline td', { hasText: 'TalkToFriendTask' }).first().waitFor();
    await screenshot(page, 'device-01-echo');
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('writes as a member of a chat room and uploads a picture the bot gets as a link', async () => {
    const { page, errors } = await open();
    const received = firstValueFrom(client.messages$.pipe(filter((m) => m.kind === 'image'), timeout(10_000)));
    await openChat(page, 'Team chat');
    await page.getByLabel('Sender').selectOption({ label: 'Wang Wu' });
    await sendText(page, 'hello team');
    await expectText(page, '.message.left', 'hello team');
    await page.getByLabel('Send a picture').setInputFiles({ name: 'team.png', mimeType: 'image/png', buffer: await pngOf('wechat-rx device playground') });
    await page.waitForFunction('document.querySelector(\'.message.left[data-kind="image"] img\')?.naturalWidth > 50');
    const picture = await received;
    expect(picture.chat).toBe('sim_team@chatroom');
    expect(picture.raw.Url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/__ui\/media\//);
    await screenshot(page, 'device-02-group-picture');
    expect(errors).toEqual([]);
  });

  it('switches a connection fault on and off, forces the phone offline and shows the session end', async () => {
    const { page, errors } = await open();
    await faultOff(page, await faultOn(page, 'silence heartbeats', '* · silence'));

    const ended = firstValueFrom(client.events$.pipe(filter((e) => e.type === 'session-ended'), timeout(10_000)));
    await page.getByRole('button', { name: 'Force offline' }).click();
    await ended;
    await expectText(page, '.session-state', 'Logged out (1)');
    await page.locator('.timeline td', { hasText: 'AccountForceOfflineNotice' }).first().waitFor();
    await screenshot(page, 'device-03-forced-offline');
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});

/** The playground page in headless Chromium, against the Web simulator and the example echo bot. */
import { lastValueFrom, timeout, toArray } from 'rxjs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { echoBot } from '../../examples/echo-bot.js';
import { startSimulator, type Simulator } from '../../src/testing/index.js';
import type { WeChatClient } from '../../src/web/client/client.js';
import { clientFor } from '../client/helpers.js';
import { perTest } from '../support/per-test.js';
import { expectText, faultOff, faultOn, logInWithPhone, openChat, playgroundBrowser, pngOf, screenshot, seriousViolations, sendText } from './browser.js';

const after = perTest();
const chromium = playgroundBrowser();
let sim: Simulator;
let client: WeChatClient;

/** A simulator with the page, the page open in English at a laptop's size, and the echo bot's client asking for a QR. */
async function open(): Promise<{ page: Page; errors: string[]; loggedIn: Promise<unknown> }> {
  sim = after.closeAfter(await startSimulator({ ui: true, loginHoldMs: 1000, syncHoldMs: 1000 }), (s) => s.close());
  const { page, errors } = await chromium.open(sim.playgroundUrl ?? '');
  client = clientFor(sim);
  const loggedIn = lastValueFrom(client.login$.pipe(toArray(), timeout(20_000)));
  return { page, errors, loggedIn };
}

/** Logs in with the phone mock's buttons, then starts the echo bot. */
async function logInThroughPhone(page: Page, loggedIn: Promise<unknown>): Promise<void> {
  await logInWithPhone(page, loggedIn);
  after.subscriptions.add(echoBot(client).subscribe());
}

async function openChatWithFirstFriend(page: Page): Promise<string> {
  const friend = sim.world().friends()[0];
  const name = friend === undefined ? '' : friend.remarkName || friend.nickName;
  await openChat(page, name);
  return name;
}

describe('the playground page (Web simulator, Chromium)', () => {
  it('logs in through the phone mock: QR, scan, confirm', async () => {
    const { page, errors, loggedIn } = await open();
    await page.getByRole('img', { name: 'Login QR code' }).waitFor();
    expect(await page.locator('.login-state').textContent()).toMatch(/Waiting for a scan · \d+ s until it expires/);
    await screenshot(page, '01-login-qr');
    expect(await seriousViolations(page)).toEqual([]);
    await logInThroughPhone(page, loggedIn);
    await screenshot(page, '02-logged-in');
    expect(errors).toEqual([]);
  });

  it('sends a text as a friend and shows the echo bot answer, delivered', async () => {
    const { page, errors, loggedIn } = await open();
    await logInThroughPhone(page, loggedIn);
    await openChatWithFirstFriend(page);
    await sendText(page, 'hello from the playground');
    const answer = page.locator('.message.right', { hasText: 'hello from the playground' });
    await answer.waitFor();
    expect(await answer.textContent()).toContain('Delivered');
    expect(await page.locator('.message.left', { hasText: 'hello from the playground' }).count()).toBe(1);
    await screenshot(page, '03-echo');
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('sends a picture uploaded from the page, and recalls a message', async () => {
    const { page, errors, loggedIn } = await open();
    await logInThroughPhone(page, loggedIn);
    await openChatWithFirstFriend(page);
    const png = await pngOf('wechat-rx playground');
    await page.getByLabel('Send a picture').setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: png });
    const picture = page.locator('.message.left[data-kind="image"] img');
    await picture.waitFor();
    await page.waitForFunction('document.querySelector(\'.message.left[data-kind="image"] img\')?.naturalWidth > 50');

    await sendText(page, 'take this back');
    await page.locator('.message.right', { hasText: 'take this back' }).waitFor();
    await page.locator('.message.left', { hasText: 'take this back' }).getByRole('button', { name: /^Recall/ }).click();
    await expectText(page, '.notice', 'recalled a message');
    expect(await page.locator('.message.left', { hasText: 'take this back' }).count()).toBe(0);
    await screenshot(page, '04-picture-recall');
    expect(errors).toEqual([]);
  });

  it('switches a fault on and off per endpoint, kicks with 1101 and shows the session end', async () => {
    const { page, errors, loggedIn } = await open();
    await logInThroughPhone(page, loggedIn);
    await page.getByLabel('Endpoint').selectOption('synccheck');
    const toggle = await faultOn(page, '1205', 'synccheck · retcode 1205');
    await page.locator('.timeline tr.bad', { hasText: 'synccheck' }).first().waitFor();
    await screenshot(page, '05-fault');
    await faultOff(page, toggle);

    await page.getByRole('button', { name: /^Kick \(1101/ }).click();
    await expectText(page, '.session-state', 'Logged out (1101)');
    await screenshot(page, '06-kicked');
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('changes the world and reads in Chinese', async () => {
    const { page, errors, loggedIn } = await open();
    await logInThroughPhone(page, loggedIn);
    await page.getByLabel('Remark name').fill('老同学');
    await page.getByRole('button', { name: 'Rename' }).click();
    await page.getByRole('navigation', { name: 'Chats' }).getByRole('button', { name: '老同学' }).waitFor();
    await page.getByRole('button', { name: 'New friend request' }).click();
    await page.getByRole('navigation', { name: 'Chats' }).getByRole('button', { name: /朋友推荐消息/ }).click();
    await expectText(page, '.message', 'Friend request');
    await page.getByRole('button', { name: '切换到中文' }).click();
    await page.getByRole('heading', { name: 'wechat-rx 演练场' }).waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('zh-CN');
    await page.getByRole('navigation', { name: '聊天' }).getByRole('button', { name: '老同学' }).click();
    await page.getByRole('textbox', { name: '消息', exact: true }).fill('你好');
    await page.keyboard.press('Enter');
    await page.locator('.message.right', { hasText: '你好' }).waitFor();
    await screenshot(page, '07-chinese');
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});

/** The playground page in headless Chromium, against the iLink simulator and the example echo bot on an iLink client. */
import { filter, firstValueFrom, lastValueFrom, take, tap, timeout, toArray } from 'rxjs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { echoBot } from '../../examples/echo-bot.js';
import { connectIlink, type IlinkClient, type IlinkLoginStep } from '../../src/ilink/index.js';
import { startIlinkSimulator, type IlinkSimulator } from '../../src/testing/index.js';
import { perTest } from '../support/per-test.js';
import { expectText, faultOff, faultOn, logInWithPhone, openChat, playgroundBrowser, pngOf, screenshot, seriousViolations, sendText } from './browser.js';

const after = perTest();
const chromium = playgroundBrowser();
let sim: IlinkSimulator;
let client: IlinkClient;

type VerifyStep = Extract<IlinkLoginStep, { type: 'verify-code' }>;

/** The iLink simulator with the page open, and the echo bot's client asking for a QR; a pair code step is handed to the test. */
async function open(): Promise<{ page: Page; errors: string[]; loggedIn: Promise<unknown>; pairCodeAsked: Promise<VerifyStep> }> {
  sim = after.closeAfter(await startIlinkSimulator({ ui: true, qrHoldMs: 300, updatesHoldMs: 500 }), (s) => s.close());
  const opened = await chromium.open(sim.playgroundUrl ?? '');
  client = after.closeAfter(connectIlink({ server: sim.origin, sendIntervalMs: 0, qrPollIntervalMs: 10 }), (c) => lastValueFrom(c.close(), { defaultValue: undefined }));
  let asked: (step: VerifyStep) => void = () => undefined;
  const pairCodeAsked = new Promise<VerifyStep>((resolve) => (asked = resolve));
  const loggedIn = lastValueFrom(
    client.login$.pipe(
      tap((step) => step.type === 'verify-code' && asked(step)),
      toArray(),
      timeout(20_000),
    ),
  );
  return { ...opened, loggedIn, pairCodeAsked };
}

/** Binds the bot with the phone mock's Scan and Confirm, then starts the echo bot. */
async function bindThroughPhone(page: Page, loggedIn: Promise<unknown>): Promise<void> {
  await logInWithPhone(page, loggedIn);
  after.subscriptions.add(echoBot(client).subscribe());
}

describe('the playground page (iLink simulator, Chromium)', () => {
  it('binds the bot through the phone mock: QR, a pair code the client types, scan, confirm', async () => {
    const { page, errors, loggedIn, pairCodeAsked } = await open();
    await page.getByRole('img', { name: 'Login QR code' }).waitFor();
    expect(await page.locator('.login-state').textContent()).toMatch(/Waiting for a scan · \d+ s until it expires/);
    await page.getByLabel('Pair code').fill('2580');
    await page.getByRole('button', { name: 'Ask for a pair code' }).click();
    await page.getByText('Pair code on the phone: 2580').waitFor();
    await page.getByRole('button', { name: 'Scan', exact: true }).click();
    await expectText(page, '.login-state', 'Type the pair code in the client');
    await screenshot(page, 'ilink-01-pair-code');
    expect(await seriousViolations(page)).toEqual([]);
    (await pairCodeAsked).submit((await page.locator('.pair-code strong').textContent()) ?? '');
    await expectText(page, '.login-state', 'Scanned');
    await page.getByRole('button', { name: 'Confirm login' }).click();
    await loggedIn;
    await expectText(page, '.session-state', `Logged in: ${sim.bot()?.botId ?? ''}`);
    await screenshot(page, 'ilink-02-bound');
    expect(errors).toEqual([]);
  });

  it('sends a text as a user and shows the echo bot answer, delivered', async () => {
    const { page, errors, loggedIn } = await open();
    await bindThroughPhone(page, loggedIn);
    await openChat(page, 'User 1');
    await sendText(page, 'hello over iLink');
    const answer = page.locator('.message.right', { hasText: 'hello over iLink' });
    await answer.waitFor();
    expect(await answer.textContent()).toContain('Delivered');
    expect(await page.locator('.message.left', { hasText: 'hello over iLink' }).count()).toBe(1);
    expect(sim.sent().map((s) => [s.to, s.text, s.outcome])).toEqual([[sim.userId(1), 'hello over iLink', 'delivered']]);
    await screenshot(page, 'ilink-03-echo');
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('uploads a picture and a file as a user: the bot receives them from the CDN', async () => {
    const { page, errors, loggedIn } = await open();
    await bindThroughPhone(page, loggedIn);
    const received = firstValueFrom(client.messages$.pipe(filter((m) => m.kind === 'image' || m.kind === 'file'), take(2), toArray(), timeout(15_000)));
    await openChat(page, 'User 2');
    const png = await pngOf('wechat-rx iLink playground');
    await page.getByLabel('Send a picture').setInputFiles({ name: 'code.png', mimeType: 'image/png', buffer: png });
    await page.locator('.message.left[data-kind="image"] img').waitFor();
    await page.waitForFunction('document.querySelector(\'.message.left[data-kind="image"] img\')?.naturalWidth > 50');
    await page.getByLabel('Send a file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('some notes') });
    await expectText(page, '.message.left[data-kind="file"]', 'notes.txt');
    const [image, file] = await received;
    expect([image?.kind, file?.kind]).toEqual(['image', 'file']);
    if (image?.kind !== 'image') throw new Error('no picture reached the bot');
    const download = await lastValueFrom(client.download(image));
    expect(download.type === 'stream' && Buffer.concat(await download.stream.toArray())).toEqual(png);
    await screenshot(page, 'ilink-04-uploads');
    expect(errors).toEqual([]);
  });

  it('switches a -14 fault on and off per endpoint, kills the token and shows the session end', async () => {
    const { page, errors, loggedIn } = await open();
    await bindThroughPhone(page, loggedIn);
    await page.getByLabel('Endpoint').selectOption('sendtyping');
    await faultOff(page, await faultOn(page, '-14', 'sendtyping · retcode -14'));

    await page.getByRole('button', { name: 'Kill the token (-14)' }).click();
    await expectText(page, '.session-state', 'Logged out (-14)');
    await page.locator('.timeline tr.bad', { hasText: '200 · -14' }).first().waitFor();
    await screenshot(page, 'ilink-05-killed');
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});

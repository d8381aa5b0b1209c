/** The playground page in headless Chromium, against the Web simulator and the example echo bot. */
import QRCode from 'qrcode';
import { lastValueFrom, type Subscription, timeout, toArray } from 'rxjs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { echoBot } from '../../examples/echo-bot.js';
import { startSimulator, type Simulator } from '../../src/testing/index.js';
import type { WeChatClient } from '../../src/web/client/client.js';
import { buildPlayground } from '../../scripts/build-playground.js';
import { clientFor } from '../client/helpers.js';
import { launchChromium, screenshot, seriousViolations, watchErrors } from './browser.js';

let browser: Browser;
let context: BrowserContext | undefined;
let sim: Simulator | undefined;
let client: WeChatClient | undefined;
let bot: Subscription | undefined;

beforeAll(async () => {
  await buildPlayground();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  bot?.unsubscribe();
  await context?.close();
  await sim?.close();
  context = sim = client = bot = undefined;
});

/** A simulator with the page, the page open in English at a laptop's size, and the echo bot's client asking for a QR. */
async function open(): Promise<{ page: Page; errors: string[]; loggedIn: Promise<unknown> }> {
  sim = await startSimulator({ ui: true, loginHoldMs: 1000, syncHoldMs: 1000 });
  // bypassCSP only so the test can inject axe-core; the page itself runs under its own policy.
  context = await browser.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true, locale: 'en-US' });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors = watchErrors(page);
  await page.goto(`${sim.playgroundUrl ?? ''}?lang=en`);
  client = clientFor(sim);
  const loggedIn = lastValueFrom(client.login$.pipe(toArray(), timeout(20_000)));
  return { page, errors, loggedIn };
}

/** Logs in with the phone mock's buttons, then starts the echo bot. */
async function logInThroughPhone(page: Page, loggedIn: Promise<unknown>): Promise<void> {
  await page.getByRole('img', { name: 'Login QR code' }).waitFor();
  await page.getByRole('button', { name: 'Scan', exact: true }).click();
  await expectText(page, '.login-state', 'Scanned');
  await page.getByRole('button', { name: 'Confirm login' }).click();
  await loggedIn;
  await expectText(page, '.session-state', 'Logged in');
  bot = echoBot(client as WeChatClient).subscribe();
}

async function expectText(page: Page, selector: string, text: string): Promise<void> {
  await page.locator(selector, { hasText: text }).first().waitFor();
}

async function openChatWithFirstFriend(page: Page): Promise<string> {
  const friend = sim?.world().friends()[0];
  const name = friend === undefined ? '' : friend.remarkName || friend.nickName;
  await page.getByRole('navigation', { name: 'Chats' }).getByRole('button', { name }).first().click();
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
    await page.getByRole('textbox', { name: 'Message' }).fill('hello from the playground');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
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
    const png = await QRCode.toBuffer('wechat-rx playground', { scale: 4, margin: 2 });
    await page.getByLabel('Send a picture').setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: png });
    const picture = page.locator('.message.left[data-kind="image"] img');
    await picture.waitFor();
    await page.waitForFunction('document.querySelector(\'.message.left[data-kind="image"] img\')?.naturalWidth > 50');

    await page.getByRole('textbox', { name: 'Message' }).fill('take this back');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
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
    const toggle = page.getByRole('group', { name: /Fault toggles/ }).getByRole('button', { name: '1205' });
    await toggle.click();
    await page.locator('.faults', { hasText: 'synccheck · retcode 1205' }).waitFor();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await page.locator('.timeline tr.bad', { hasText: 'synccheck' }).first().waitFor();
    await screenshot(page, '05-fault');
    await toggle.click();
    await page.getByText('No faults').waitFor();

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

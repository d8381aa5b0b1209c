/**
 * The browser the playground tests drive: Debian's `chromium` (installed by `.ci/run`), through playwright-core,
 * which downloads no browser. Missing chromium fails the tests with what to do; they never skip.
 */
import { accessSync, constants, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { buildPlayground } from '../../scripts/build-playground.js';

/** Screenshots of each scene, kept by CI as artifacts (gitignored). */
export const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'playground');

export function chromiumPath(): string {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) {
      const path = join(dir, name);
      try {
        accessSync(path, constants.X_OK);
        return path;
      } catch {
        // not here
      }
    }
  }
  throw new Error('Chromium is not installed: run .ci/run (it installs Debian\'s chromium package), or `apt-get install -y chromium`.');
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox'], timeout: 20_000 });
}

/** Console errors and uncaught page errors, collected from the moment the page opens. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

export interface PlaygroundBrowser {
  /** A laptop-sized English page on `url` in a fresh context (closed after the test), with its console errors collected. */
  open(url: string): Promise<{ readonly page: Page; readonly errors: string[] }>;
}

/** Registers in the calling test file: the page built and Chromium launched once, each test's context closed after it. */
export function playgroundBrowser(): PlaygroundBrowser {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    await buildPlayground();
    browser = await launchChromium();
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    async open(url) {
      if (browser === undefined) throw new Error('Chromium is not running: call playgroundBrowser() at the top of the test file');
      // bypassCSP only so the test can inject axe-core; the page itself runs under its own policy.
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true, locale: 'en-US' });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      const errors = watchErrors(page);
      await page.goto(`${url}?lang=en`);
      return { page, errors };
    },
  };
}

export async function expectText(page: Page, selector: string, text: string): Promise<void> {
  await page.locator(selector, { hasText: text }).first().waitFor();
}

/** Opens a chat from the chat list. */
export async function openChat(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Chats' }).getByRole('button', { name }).first().click();
}

/** Types `text` into the composer and sends it. */
export async function sendText(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
}

/** Logs in with the phone mock: Scan, then Confirm, until `loggedIn` (the client's login) settles and the page says so. */
export async function logInWithPhone(page: Page, loggedIn: Promise<unknown>): Promise<void> {
  await page.getByRole('img', { name: 'Login QR code' }).waitFor();
  await page.getByRole('button', { name: 'Scan', exact: true }).click();
  await expectText(page, '.login-state', 'Scanned');
  await page.getByRole('button', { name: 'Confirm login' }).click();
  await loggedIn;
  await expectText(page, '.session-state', 'Logged in');
}

/** Switches the network panel's fault `label` on, waits until the panel lists it as `listed`; returns its toggle. */
export async function faultOn(page: Page, label: string, listed: string): Promise<Locator> {
  const toggle = page.getByRole('group', { name: /Fault toggles/ }).getByRole('button', { name: label, exact: true });
  await toggle.click();
  await page.locator('.faults', { hasText: listed }).waitFor();
  expect(await toggle.getAttribute('aria-pressed')).toBe('true');
  return toggle;
}

/** Switches a fault off again; the panel then lists none. */
export async function faultOff(page: Page, toggle: Locator): Promise<void> {
  await toggle.click();
  await page.getByText('No faults').waitFor();
}

/** A small real PNG (a QR code of `text`), for uploads. */
export async function pngOf(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { scale: 4, margin: 2 });
}

export async function screenshot(page: Page, scene: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${scene}.png`) });
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly nodes: readonly { readonly target: readonly string[] }[];
}

/** axe-core's serious and critical WCAG 2 A/AA violations of the page as it is now. */
export async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof axe !== "undefined"'))) await page.addScriptTag({ content: AXE });
  const violations = (await page.evaluate('axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }).then((r) => r.violations)')) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

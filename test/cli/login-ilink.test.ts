import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startIlinkSimulator, type IlinkSimulator } from '../../src/testing/index.js';
import { perTest } from '../support/per-test.js';
import { buildPackage } from './build.js';
import { type CliRun, runCli, STACK_LINE, stopRun } from './run-cli.js';

const after = perTest();
beforeAll(buildPackage, 120_000);

async function ilinkSim(): Promise<IlinkSimulator> {
  return after.closeAfter(await startIlinkSimulator({ qrHoldMs: 200, updatesHoldMs: 300 }), (s) => s.close());
}

function login(sim: IlinkSimulator, ...args: string[]): CliRun {
  return after.closeAfter(runCli(['login', '--ilink', '--server', sim.origin, ...args]), stopRun);
}

const qrFetches = (sim: IlinkSimulator): number => sim.stats().requests['get_bot_qrcode'] ?? 0;

describe('wechat-rx login --ilink', () => {
  it('binds a bot with a pair code typed on stdin, prints messages, saves media, and resumes the next run without a scan', async () => {
    const sim = await ilinkSim();
    const dir = await after.tempDir('wechat-rx-ilink-login-');
    const session = join(dir, 'bot.json');
    const first = login(sim, '--session', session, '--download', join(dir, 'media'));
    await first.waitFor((output) => output.includes('scan the QR code with WeChat'));
    expect(first.stdout()).toContain('(code 1 of 3)');
    expect(first.stderr()).toMatch(/[█▀▄]{7}/);
    sim.requireVerifyCode('4821');
    sim.scan();
    await first.waitFor((output) => output.includes('your phone shows a pair code'));
    first.child.stdin.write('1111\n');
    await first.waitFor((output) => output.includes('that pair code was refused'));
    first.child.stdin.write('4821\n');
    await first.waitFor((output) => output.includes('scanned: confirm on your phone'));
    sim.confirm();
    await first.waitFor((output) => output.includes('online as bot'));

    const friend = sim.userId(1);
    const injected = [
      sim.inject({ kind: 'text', from: friend, text: 'hello bot' }),
      sim.inject({ kind: 'file', from: friend, fileName: 'notes.txt', data: 'the notes' }),
    ];
    await first.waitFor((output) => output.includes('saved '));
    expect(first.stdout()).toContain(`← ${friend}: "hello bot"`);
    expect(first.stdout()).toContain(`← ${friend}: file notes.txt (9 bytes)`);
    expect(await readFile(join(dir, 'media', 'notes.txt'), 'utf8')).toBe('the notes');
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(first.stderr()).not.toContain('cancelled');
    const saved = JSON.parse(await readFile(session, 'utf8')) as { protocol: string; bot: { token: string }; contextTokens: Record<string, unknown> };
    expect(saved.protocol).toBe('ilink');
    expect(Object.keys(saved.contextTokens)).toEqual([friend]);
    // Nothing printed carries a credential: the bot token, a context token, a media key or download parameter.
    const secrets = [saved.bot.token, ...injected.map((i) => i.contextToken), injected[1]?.media?.aesKeyHex, injected[1]?.media?.encryptQueryParam];
    for (const secret of secrets) expect(first.stdout() + first.stderr()).not.toContain(secret);

    const fetched = qrFetches(sim);
    const second = login(sim, '--session', session, '--json');
    await second.waitFor((output) => output.includes('online as bot'));
    const online = JSON.parse(second.stdout().trim().split('\n')[0] ?? '') as Record<string, unknown>;
    expect(online).toMatchObject({ kind: 'info', resumed: true, botId: sim.bot()?.botId });
    expect(qrFetches(sim)).toBe(fetched);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 60_000);

  it('says in words when the bot was bound elsewhere (-14) and exits 1', async () => {
    const sim = await ilinkSim();
    const dir = await after.tempDir('wechat-rx-ilink-login-');
    const run = login(sim, '--session', join(dir, 'bot.json'));
    await run.waitFor((output) => output.includes('scan the QR code'));
    sim.scan();
    await run.waitFor((output) => output.includes('scanned'));
    sim.confirm();
    await run.waitFor((output) => output.includes('online as bot'));
    sim.killToken();
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain('error: The iLink server no longer accepts this bot (-14): the WeChat user bound a bot again somewhere else');
    expect(run.stderr()).toContain('Log in again with `wechat-rx login --ilink`');
    expect(run.stderr()).not.toMatch(STACK_LINE);
  }, 40_000);

  it('shows a new QR code when one expires, and gives up after the third', async () => {
    const sim = await ilinkSim();
    const dir = await after.tempDir('wechat-rx-ilink-login-');
    const run = login(sim, '--session', join(dir, 'bot.json'));
    for (const attempt of [1, 2, 3]) {
      await run.waitFor((output) => output.includes(`(code ${attempt} of 3)`));
      sim.expire();
    }
    expect(await run.exited).toBe(1);
    expect(run.stdout().match(/the QR code expired; here is a new one/g)).toHaveLength(2);
    expect(run.stderr()).toContain('error: The QR code expired several times without being scanned.');
    expect(qrFetches(sim)).toBe(3);
  }, 40_000);

  it('fails in words when the phone asks for a pair code and stdin has ended', async () => {
    const sim = await ilinkSim();
    const dir = await after.tempDir('wechat-rx-ilink-login-');
    const run = login(sim, '--session', join(dir, 'bot.json'));
    run.child.stdin.end();
    await run.waitFor((output) => output.includes('scan the QR code'));
    sim.requireVerifyCode('4821');
    sim.scan();
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain('error: the phone asked for a pair code, but the input ended before one was typed');
    expect(run.stderr()).not.toMatch(STACK_LINE);
  }, 40_000);

  it('is cancelled by Ctrl-C (130) or SIGTERM (143) before it is online', async () => {
    const sim = await ilinkSim();
    const dir = await after.tempDir('wechat-rx-ilink-login-');
    for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
      const run = login(sim, '--session', join(dir, `${signal}.json`));
      await run.waitFor((output) => output.includes('scan the QR code'));
      run.child.kill(signal);
      expect(await run.exited).toBe(code);
      expect(run.stderr()).toContain('login cancelled');
    }
  }, 40_000);

  it('leaves a session file of the Web protocol untouched and binds nothing', async () => {
    const sim = await ilinkSim();
    const dir = await after.tempDir('wechat-rx-ilink-login-');
    const session = join(dir, 'web.json');
    const web = JSON.stringify({ format: 'wechat-rx/session', version: 1, credentials: {} });
    await writeFile(session, web);
    const run = login(sim, '--session', session);
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain(`error: The session file ${session} cannot be used: the file holds a Web WeChat session, not an iLink session`);
    expect(run.stderr()).toContain('It was left untouched.');
    expect(await readFile(session, 'utf8')).toBe(web);
    expect(qrFetches(sim)).toBe(0);
  }, 30_000);
});

import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { filter, firstValueFrom, lastValueFrom, timeout } from 'rxjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { connectIlink } from '../../src/ilink/client/client.js';
import { ilinkFileStore } from '../../src/ilink/session/stores.js';
import { startIlinkSimulator, type IlinkSimulator } from '../../src/testing/index.js';
import { qrLogin } from '../ilink/helpers.js';
import { perTest } from '../support/per-test.js';
import { buildPackage } from './build.js';
import { runCli, STACK_LINE } from './run-cli.js';

const after = perTest();
beforeAll(buildPackage, 120_000);

async function ilinkSim(): Promise<IlinkSimulator> {
  return after.closeAfter(await startIlinkSimulator({ qrHoldMs: 200, updatesHoldMs: 300 }), (s) => s.close());
}

/** Binds a bot saved in `session`, to which `writer` (a simulated user) has written once, as `login --ilink` would. */
async function savedBot(sim: IlinkSimulator, session: string, writer: string): Promise<void> {
  const client = connectIlink({ server: sim.origin, store: ilinkFileStore(session), qrPollIntervalMs: 10 });
  await qrLogin(client, sim);
  const received = firstValueFrom(client.messages$.pipe(filter((m) => m.from === writer), timeout(10_000)));
  sim.inject({ kind: 'text', from: writer, text: 'hi bot' });
  await received;
  await lastValueFrom(client.close(), { defaultValue: undefined });
}

function send(sim: IlinkSimulator, session: string, ...args: string[]) {
  return runCli(['send', '--ilink', '--server', sim.origin, '--session', session, ...args]);
}

describe('wechat-rx send --ilink', () => {
  it('sends a text and a file from the saved bot to a user who wrote to it, without a scan', async () => {
    const sim = await ilinkSim();
    const dir = await after.tempDir('wechat-rx-ilink-send-');
    const session = join(dir, 'bot.json');
    const friend = sim.userId(1);
    await savedBot(sim, session, friend);

    const text = send(sim, session, '--to', friend, '--text', 'hello from the CLI', '--json');
    expect(await text.exited).toBe(0);
    expect(text.stderr()).toBe('');
    const line = JSON.parse(text.stdout().trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ kind: 'out', text: `to ${friend}: "hello from the CLI"`, msgId: sim.sent().at(-1)?.messageId });

    const file = join(dir, 'report.pdf');
    await writeFile(file, Buffer.alloc(40 * 1024, 3));
    const attachment = send(sim, session, '--to', friend, '--file', file);
    expect(await attachment.exited).toBe(0);
    expect(attachment.stdout()).toBe(`→ to ${friend}: report.pdf\n`);

    const [first, second] = sim.sent();
    expect(first).toMatchObject({ to: friend, text: 'hello from the CLI', contextToken: 'valid', outcome: 'delivered' });
    expect(second).toMatchObject({ to: friend, contextToken: 'valid', outcome: 'delivered', media: [expect.objectContaining({ verdict: 'ok' })] });
    expect(sim.stats().requests['get_bot_qrcode']).toBe(1);
  }, 60_000);

  it('to someone who never wrote to the bot: says they must write first, exit 1, nothing sent', async () => {
    const sim = await ilinkSim();
    const dir = await after.tempDir('wechat-rx-ilink-send-');
    const session = join(dir, 'bot.json');
    await savedBot(sim, session, sim.userId(1));
    const stranger = sim.userId(2);
    const run = send(sim, session, '--to', stranger, '--text', 'hi');
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toMatch(new RegExp(`^error: ${stranger} has not written to this bot yet, so nothing was sent: .*Ask them to send the bot a message`));
    expect(run.stderr()).not.toMatch(STACK_LINE);
    expect(sim.sent()).toEqual([]);
  }, 60_000);

  it('without a saved session, or with one no longer accepted: says to log in first, exit 1, no QR login', async () => {
    const sim = await ilinkSim();
    const dir = await after.tempDir('wechat-rx-ilink-send-');
    const session = join(dir, 'bot.json');
    const missing = send(sim, session, '--to', sim.userId(1), '--text', 'hi');
    expect(await missing.exited).toBe(1);
    expect(missing.stderr()).toBe(`error: no iLink session in ${session} yet: log in with \`wechat-rx login --ilink --session ${session}\`, have ${sim.userId(1)} write to the bot, then send again\n`);
    expect(sim.stats().requests).toEqual({});

    await savedBot(sim, session, sim.userId(1));
    sim.killToken();
    const refused = send(sim, session, '--to', sim.userId(1), '--text', 'hi');
    expect(await refused.exited).toBe(1);
    expect(refused.stderr()).toMatch(/^error: the bot saved in .* is no longer accepted \(bound again elsewhere, or its token expired\): log in with/);
    expect(sim.sent()).toEqual([]);
  }, 60_000);

  it('checks --file and the session file before anything is sent; a Web session file is left untouched', async () => {
    const sim = await ilinkSim();
    const dir = await after.tempDir('wechat-rx-ilink-send-');
    const session = join(dir, 'bot.json');
    await savedBot(sim, session, sim.userId(1));
    const requests = sim.stats().requests;
    const noFile = send(sim, session, '--to', sim.userId(1), '--file', join(dir, 'missing.pdf'));
    expect(await noFile.exited).toBe(1);
    expect(noFile.stderr()).toMatch(/^error: Cannot send .*missing\.pdf: no such file\. Nothing was sent/);
    expect(sim.stats().requests).toEqual(requests);

    const web = join(dir, 'web.json');
    const content = JSON.stringify({ format: 'wechat-rx/session', version: 1, credentials: {} });
    await writeFile(web, content);
    const wrongKind = send(sim, web, '--to', sim.userId(1), '--text', 'hi');
    expect(await wrongKind.exited).toBe(1);
    expect(wrongKind.stderr()).toContain('holds a Web WeChat session, not an iLink session');
    expect(await readFile(web, 'utf8')).toBe(content);
    await expect(stat(`${web}.lock`)).rejects.toThrow(/ENOENT/);
    expect(sim.sent()).toEqual([]);
  }, 60_000);
});

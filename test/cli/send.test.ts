import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { perTest } from '../support/per-test.js';
import { startSimulator } from '../../src/testing/index.js';
import { buildPackage } from './build.js';
import { runCli } from './run-cli.js';

const after = perTest();
beforeAll(buildPackage, 120_000);

describe('wechat-rx send', () => {
  it('sends a file from the session a login saved, without a scan', async () => {
    const sim = after.closeAfter(await startSimulator({ autoConfirm: { delayMs: 5 }, loginHoldMs: 300, syncHoldMs: 300 }), (s) => s.close());
    const dir = await after.tempDir('wechat-rx-send-');
    const session = join(dir, 'session.json');
    const login = runCli(['login', '--server', sim.origin, '--session', session, '--qr', join(dir, 'qr.png')]);
    await login.waitFor((o) => o.includes('online as'));
    login.child.kill('SIGTERM');
    expect(await login.exited).toBe(0);

    const file = join(dir, 'report.pdf');
    await writeFile(file, Buffer.alloc(700 * 1024, 7));
    const friend = sim.world().friends()[0]!;
    const send = runCli(['send', '--server', sim.origin, '--session', session, '--to', friend.remarkName || friend.nickName, '--file', file, '--json']);
    expect(await send.exited).toBe(0);
    const lines = send.stdout().trim().split('\n').map((line) => JSON.parse(line) as { kind: string; text: string });
    expect(lines.some((l) => l.kind === 'info' && l.text.includes('scan'))).toBe(false);
    expect(send.stderr()).toBe('');
    expect(lines.at(-1)).toMatchObject({ kind: 'out', text: expect.stringContaining('report.pdf') as string });
    const sent = sim.outbox().at(-1);
    expect(sent?.content).toContain('report.pdf');
    expect(sent?.to).toBe(friend.id);
    expect(sent?.content).toMatch(/<attachid>@\w+/);
  }, 60_000);

  it('without a saved session: shows the QR on stderr, saves it as PNG (removed when done), announces it in JSON, then sends', async () => {
    const sim = after.closeAfter(await startSimulator({ autoConfirm: { delayMs: 5 }, loginHoldMs: 300, syncHoldMs: 300 }), (s) => s.close());
    const dir = await after.tempDir('wechat-rx-send-');
    const session = join(dir, 'session.json');
    const png = join(dir, 'qr.png');
    const friend = sim.world().friends()[0]!;
    const send = runCli(['send', '--server', sim.origin, '--session', session, '--qr', png, '--to', friend.nickName, '--text', 'hello', '--json']);
    expect(await send.exited).toBe(0);
    const lines = send.stdout().trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ kind: 'info', qrPng: png, qrUrl: expect.stringContaining('/l/') as string });
    expect(lines.at(-1)).toMatchObject({ kind: 'out', text: `to ${friend.nickName}: "hello"` });
    expect(send.stderr()).toContain(`no session in ${session} yet: log in`);
    expect(send.stderr()).toMatch(/[█▀▄]{7}/);
    await expect(readFile(png)).rejects.toThrow(/ENOENT/);
    expect(sim.outbox().at(-1)).toMatchObject({ to: friend.id, content: 'hello' });
    expect(JSON.parse(await readFile(session, 'utf8'))).toHaveProperty('credentials');
  }, 60_000);

  it('still sends when nobody reads its output (| head -0), and exits 0 once sent', async () => {
    const sim = after.closeAfter(await startSimulator({ autoConfirm: { delayMs: 5 }, loginHoldMs: 300, syncHoldMs: 300 }), (s) => s.close());
    const dir = await after.tempDir('wechat-rx-send-');
    const send = runCli(['send', '--server', sim.origin, '--session', join(dir, 'session.json'), '--qr', join(dir, 'qr.png'), '--to', 'filehelper', '--text', 'unread']);
    send.child.stdout.destroy();
    expect(await send.exited).toBe(0);
    expect(sim.outbox().at(-1)).toMatchObject({ to: 'filehelper', content: 'unread' });
  }, 60_000);

  it('refuses a call without --to with a usage line and code 2', async () => {
    const send = runCli(['send', '--session', 'x.json', '--text', 'hi']);
    expect(await send.exited).toBe(2);
    expect(send.stderr()).toContain('usage: wechat-rx send');
  }, 20_000);
});

import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/testing/index.js';
import { buildPackage, ROOT } from './build.js';

let sim: Simulator | undefined;
let dir: string | undefined;
beforeAll(buildPackage, 120_000);
afterEach(async () => {
  await sim?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

function cli(args: readonly string[], until?: (output: string) => boolean) {
  const child = spawn(process.execPath, ['bin/wechat-rx.js', ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const ready = async (): Promise<void> => {
    const deadline = Date.now() + 20_000;
    while (until !== undefined && !until(output) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  };
  return { child, exited, ready, output: () => output };
}

describe('wechat-rx send', () => {
  it('sends a file from the session a login saved, without a scan', async () => {
    sim = await startSimulator({ autoConfirm: { delayMs: 5 }, loginHoldMs: 300, syncHoldMs: 300 });
    dir = await mkdtemp(join(tmpdir(), 'wechat-rx-send-'));
    const session = join(dir, 'session.json');
    const login = cli(['login', '--server', sim.origin, '--session', session, '--qr', join(dir, 'qr.png')], (o) => o.includes('online as'));
    await login.ready();
    login.child.kill('SIGTERM');
    expect(await login.exited).toBe(0);

    const file = join(dir, 'report.pdf');
    await writeFile(file, Buffer.alloc(700 * 1024, 7));
    const friend = sim.world().friends()[0]!;
    const send = cli(['send', '--server', sim.origin, '--session', session, '--to', friend.remarkName || friend.nickName, '--file', file, '--json']);
    expect(await send.exited).toBe(0);
    const lines = send.output().trim().split('\n').map((line) => JSON.parse(line) as { kind: string; text: string });
    expect(lines.some((l) => l.kind === 'info' && l.text.includes('scan'))).toBe(false);
    expect(lines.at(-1)).toMatchObject({ kind: 'out', text: expect.stringContaining('report.pdf') as string });
    const sent = sim.outbox().at(-1);
    expect(sent?.content).toContain('report.pdf');
    expect(sent?.to).toBe(friend.id);
    expect(sent?.content).toMatch(/<attachid>@\w+/);
  }, 60_000);

  it('refuses a call without --to with a usage line and code 2', async () => {
    const send = cli(['send', '--session', 'x.json', '--text', 'hi']);
    expect(await send.exited).toBe(2);
    expect(send.output()).toContain('usage: wechat-rx send');
  }, 20_000);
});

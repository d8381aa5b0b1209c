import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildPackage } from './build.js';
import { type CliRun, control, runCli, runSim, STACK_LINE } from './run-cli.js';

let sim: CliRun | undefined;
let dir: string | undefined;
let holder: CliRun | undefined;
beforeAll(buildPackage, 120_000);
afterEach(async () => {
  for (const run of [holder, sim]) {
    run?.child.kill('SIGTERM');
    await run?.exited;
  }
  sim = holder = undefined;
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function stats(origin: string): Promise<{ requests: Record<string, number> }> {
  return (await (await fetch(`${origin}/__sim/stats`)).json()) as { requests: Record<string, number> };
}

describe('a session file that cannot be used', () => {
  it('is explained, left untouched, and no QR login starts (login and send)', async () => {
    const started = await runSim(['--auto-confirm']);
    sim = started.run;
    dir = await mkdtemp(join(tmpdir(), 'wechat-rx-corrupt-'));
    const session = join(dir, 'session.json');
    await writeFile(session, '{"not": "a session"');
    const commands = [
      ['login', '--server', started.origin, '--session', session, '--qr', join(dir, 'qr.png')],
      ['send', '--server', started.origin, '--session', session, '--qr', join(dir, 'qr.png'), '--to', 'filehelper', '--text', 'hi'],
    ];
    for (const args of commands) {
      const run = runCli(args);
      expect(await run.exited).toBe(1);
      expect(run.stderr()).toContain(`error: The session file ${session} cannot be used: `);
      expect(run.stderr()).toContain('It was left untouched. Move or delete it (or pick another --session) to log in with a new QR code.');
      expect(run.stderr()).not.toMatch(STACK_LINE);
      expect(run.stdout()).not.toContain('scan');
    }
    expect(await readFile(session, 'utf8')).toBe('{"not": "a session"');
    expect((await stats(started.origin)).requests.jslogin ?? 0).toBe(0);
  }, 40_000);

  it('is in use by another wechat-rx: names the holder and stops without logging in', async () => {
    const started = await runSim();
    sim = started.run;
    dir = await mkdtemp(join(tmpdir(), 'wechat-rx-locked-'));
    const session = join(dir, 'session.json');
    holder = runCli(['login', '--server', started.origin, '--session', session, '--qr', join(dir, 'qr.png')]);
    await holder.waitFor((output) => output.includes('scan the QR code'));
    await control(started.origin, 'phone/scan');
    await control(started.origin, 'phone/confirm');
    await holder.waitFor((output) => output.includes('online as'));
    const logins = (await stats(started.origin)).requests.jslogin;

    const second = runCli(['login', '--server', started.origin, '--session', session, '--qr', join(dir, 'qr2.png')]);
    expect(await second.exited).toBe(1);
    expect(second.stderr()).toContain(`error: The session file ${session} is in use by another client (process ${holder.child.pid} on `);
    expect(second.stderr()).toContain('Stop that one first, or pick another --session.');
    expect(second.stderr()).not.toMatch(STACK_LINE);
    expect((await stats(started.origin)).requests.jslogin).toBe(logins);
  }, 40_000);
});

/** `wechat-rx login` online against a simulator whose phone confirms by itself. */
async function loggedIn(prefix: string): Promise<{ origin: string; run: CliRun }> {
  const started = await runSim(['--auto-confirm']);
  sim = started.run;
  dir = await mkdtemp(join(tmpdir(), prefix));
  const run = runCli(['login', '--server', started.origin, '--qr', join(dir, 'qr.png')]);
  await run.waitFor((output) => output.includes('online as'));
  return { origin: started.origin, run };
}

describe('a session the server ends while login runs', () => {
  it('ends login with an error line and exit code 1 when the push login is refused too', async () => {
    const { origin, run } = await loggedIn('wechat-rx-ended-');
    await control(origin, 'phone/refuse');
    await control(origin, 'phone/logout', { code: 1100 });
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toMatch(/^error: .+/m);
    expect(run.stderr()).not.toMatch(STACK_LINE);
  }, 40_000);
});

describe('login tells what happens to its session', () => {
  it('says a saved session was not accepted before it shows a new QR code, and removes the code once confirmed', async () => {
    dir = await mkdtemp(join(tmpdir(), 'wechat-rx-stale-'));
    const session = join(dir, 'session.json');
    const png = join(dir, 'qr.png');
    const first = await runSim(['--auto-confirm']);
    sim = first.run;
    const saving = runCli(['login', '--server', first.origin, '--session', session, '--qr', png]);
    await saving.waitFor((output) => output.includes('online as'));
    saving.child.kill('SIGTERM');
    expect(await saving.exited).toBe(0);
    sim.child.kill('SIGTERM');
    await sim.exited;

    // Another simulator knows nothing of that session.
    const second = await runSim(['--auto-confirm']);
    sim = second.run;
    const login = runCli(['login', '--server', second.origin, '--session', session, '--qr', png]);
    await login.waitFor((output) => output.includes('online as'));
    expect(login.stderr()).toContain(`the session in ${session} was not accepted any more: log in again`);
    await expect(readFile(png)).rejects.toThrow(/ENOENT/);
    login.child.kill('SIGTERM');
    expect(await login.exited).toBe(0);
  }, 40_000);

  it('says "back online" once the push login after a kick worked', async () => {
    const { origin, run } = await loggedIn('wechat-rx-kick-');
    await control(origin, 'phone/kick', { code: 1101 });
    await run.waitFor((output) => output.includes('back online'));
    expect(run.stdout().indexOf('back online')).toBeGreaterThan(run.stdout().indexOf('session interrupted'));
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  }, 40_000);
});

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { perTest } from '../support/per-test.js';
import { buildPackage } from './build.js';
import { control, runCli, runSim, STACK_LINE, stopRun } from './run-cli.js';

const after = perTest();
beforeAll(buildPackage, 120_000);

describe('Ctrl-C in wechat-rx login', () => {
  it('before online: says the login was cancelled and exits with 130', async () => {
    const started = await runSim();
    after.closeAfter(started.run, stopRun);
    const dir = await after.tempDir('wechat-rx-sigint-');
    const login = runCli(['login', '--server', started.origin, '--session', join(dir, 'session.json'), '--qr', join(dir, 'qr.png')]);
    await login.waitFor((output) => output.includes('scan the QR code'));
    login.child.kill('SIGINT');
    expect(await login.exited).toBe(130);
    expect(login.stderr()).toContain('login cancelled (Ctrl-C)');
    expect(login.stderr()).not.toMatch(STACK_LINE);
  }, 40_000);

  it('once online: closes, keeps the session and exits with 0', async () => {
    const started = await runSim();
    after.closeAfter(started.run, stopRun);
    const dir = await after.tempDir('wechat-rx-sigint-');
    const session = join(dir, 'session.json');
    const login = runCli(['login', '--server', started.origin, '--session', session, '--qr', join(dir, 'qr.png')]);
    await login.waitFor((output) => output.includes('scan the QR code'));
    await control(started.origin, 'phone/scan');
    await control(started.origin, 'phone/confirm');
    await login.waitFor((output) => output.includes('online as'));
    login.child.kill('SIGINT');
    expect(await login.exited).toBe(0);
    expect(login.stderr()).not.toContain('cancelled');
    const saved = JSON.parse(await readFile(session, 'utf8')) as { credentials?: unknown };
    expect(saved.credentials).toBeDefined();
  }, 40_000);
});

import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/testing/index.js';
import { buildPackage } from './build.js';
import { runCli } from './run-cli.js';

let sim: Simulator | undefined;
let dir: string | undefined;
beforeAll(buildPackage, 120_000);
afterEach(async () => {
  await sim?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('wechat-rx login --download DIR', () => {
  it('creates DIR and its parents, then saves incoming files there', async () => {
    sim = await startSimulator({ autoConfirm: { delayMs: 5 }, loginHoldMs: 300, syncHoldMs: 300 });
    dir = await mkdtemp(join(tmpdir(), 'wechat-rx-download-'));
    const downloads = join(dir, 'not', 'there', 'yet');
    const login = runCli(['login', '--server', sim.origin, '--download', downloads, '--qr', join(dir, 'qr.png')]);
    await login.waitFor((o) => o.includes('online as'));
    expect((await stat(downloads)).isDirectory()).toBe(true);
    sim.inject({ from: sim.world().friends()[0]!.id, kind: 'file', text: 'notes.txt', size: 4096 });
    await login.waitFor((o) => o.includes(`saved ${downloads}`));
    login.child.kill('SIGTERM');
    expect(await login.exited).toBe(0);
    expect(login.stdout()).toContain(`saved ${join(downloads, 'notes.txt')} (4096 bytes)`);
    expect(await readdir(downloads)).toEqual(['notes.txt']);
  }, 40_000);
});

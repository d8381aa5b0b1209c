import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { perTest } from '../support/per-test.js';
import { startSimulator } from '../../src/testing/index.js';
import { buildPackage } from './build.js';
import { runCli } from './run-cli.js';

const after = perTest();
beforeAll(buildPackage, 120_000);

describe('wechat-rx login --download DIR', () => {
  it('creates DIR and its parents, then saves incoming files there', async () => {
    const sim = after.closeAfter(await startSimulator({ autoConfirm: { delayMs: 5 }, loginHoldMs: 300, syncHoldMs: 300 }), (s) => s.close());
    const dir = await after.tempDir('wechat-rx-download-');
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

import { describe, expect, it } from 'vitest';
import { startIlinkSimulator } from '../../src/testing/index.js';
import { getQrcode, getUpdates, pollStatus } from './helpers.js';

describe('close', () => {
  it('ends held polls, frees the ports and leaves no timer behind', async () => {
    const sim = await startIlinkSimulator({ updatesHoldMs: 60_000, qrHoldMs: 60_000 });
    const { token } = sim.createBot();
    const qrcode = await getQrcode(sim.origin);
    const updates = getUpdates(sim, token).then(() => 'answered', () => 'cut');
    const status = pollStatus(sim.origin, qrcode).then(() => 'answered', () => 'cut');
    await new Promise((r) => setTimeout(r, 100));
    expect(sim.stats().held).toBe(2);
    expect(sim.stats().timers).toBeGreaterThan(0);
    const started = Date.now();
    await sim.close();
    expect(await updates).toBe('cut');
    expect(await status).toBe('cut');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(sim.stats()).toMatchObject({ held: 0, timers: 0 });
    await expect(fetch(`${sim.origin}/ilink/bot/get_bot_qrcode?bot_type=3`)).rejects.toThrow();
    await expect(fetch(`http://${sim.redirectHost}/ilink/bot/get_bot_qrcode?bot_type=3`)).rejects.toThrow();
    await sim.close();
  });

  it('binds 127.0.0.1 only, on a port of its own', async () => {
    const a = await startIlinkSimulator();
    const b = await startIlinkSimulator();
    expect(a.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(a.origin).not.toBe(b.origin);
    expect(a.cdnBaseUrl).toBe(`${a.origin}/c2c`);
    await Promise.all([a.close(), b.close()]);
  });
});

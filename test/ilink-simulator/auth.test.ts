import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, startIlinkSimulator, type IlinkSimulator } from '../../src/testing/index.js';
import { BASE_INFO, call, getUpdates, headers, qrLogin } from './helpers.js';

let sim: IlinkSimulator;
afterEach(async () => {
  await sim.close();
});

const SESSION_TIMEOUT = { errcode: -14, errmsg: 'session timeout' };

describe('bearer authentication', () => {
  it('answers HTTP 200 errcode -14 to a missing, unknown or killed token on every bot endpoint', async () => {
    sim = await startIlinkSimulator();
    const { token } = sim.createBot();
    for (const path of ['getupdates', 'sendmessage', 'getuploadurl', 'getconfig', 'sendtyping', 'msg/notifystart', 'msg/notifystop']) {
      const missing = await call(sim.origin, path, undefined);
      expect([missing.status, missing.body]).toEqual([200, SESSION_TIMEOUT]);
      expect((await call(sim.origin, path, 'not-a-token')).body).toEqual(SESSION_TIMEOUT);
    }
    expect((await call(sim.origin, 'msg/notifystart', token)).body).toEqual({ ret: 0, errmsg: '' });
    sim.killToken();
    expect((await call(sim.origin, 'msg/notifystart', token)).body).toEqual(SESSION_TIMEOUT);
    expect(sim.bot()).toBeUndefined();
  });

  it('answers the ret variants on demand', async () => {
    sim = await startIlinkSimulator({ deadTokenAnswer: 'ret' });
    expect((await call(sim.origin, 'getupdates', 'x')).body).toEqual({ ret: -14, errmsg: 'session timeout' });
    await sim.close();
    sim = await startIlinkSimulator({ deadTokenAnswer: 'ret-with-errcode-0' });
    expect((await call(sim.origin, 'getupdates', 'x')).body).toEqual({ ret: -14, errcode: 0, errmsg: 'session timeout' });
  });

  it('one user, one bot: a new login of the same user kills the old token; another user keeps theirs', async () => {
    sim = await startIlinkSimulator({ updatesHoldMs: 50 });
    const first = await qrLogin(sim);
    const other = sim.createBot({ userId: sim.userId(2) });
    const second = await qrLogin(sim);
    expect(second.botId).not.toBe(first.botId);
    expect((await getUpdates(sim, first.token)).body).toEqual(SESSION_TIMEOUT);
    expect((await getUpdates(sim, second.token)).body['ret']).toBe(0);
    expect((await getUpdates(sim, other.token)).body['ret']).toBe(0);
  });

  it('answers a held getupdates with -14 as soon as the token dies', async () => {
    sim = await startIlinkSimulator({ updatesHoldMs: 10_000 });
    const { token } = sim.createBot();
    const started = Date.now();
    const held = getUpdates(sim, token);
    await new Promise((r) => setTimeout(r, 100));
    sim.killToken(token);
    expect((await held).body).toEqual(SESSION_TIMEOUT);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('kills a token left idle past tokenIdleMs', async () => {
    const clock = new ManualClock();
    sim = await startIlinkSimulator({ clock, tokenIdleMs: 60_000 });
    const { token } = sim.createBot();
    clock.advance(30_000);
    expect((await call(sim.origin, 'msg/notifystart', token)).body['ret']).toBe(0);
    clock.advance(60_001);
    expect((await call(sim.origin, 'msg/notifystart', token)).body).toEqual(SESSION_TIMEOUT);
  });

  it('with enforceClientHeaders, refuses bot calls without the iLink app headers', async () => {
    sim = await startIlinkSimulator({ enforceClientHeaders: true });
    const { token } = sim.createBot();
    const bare = await fetch(`${sim.origin}/ilink/bot/msg/notifystart`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ base_info: BASE_INFO }),
    });
    expect(await bare.json()).toEqual(SESSION_TIMEOUT);
    const ancient = await fetch(`${sim.origin}/ilink/bot/msg/notifystart`, {
      method: 'POST',
      headers: headers(token, { 'iLink-App-ClientVersion': '1' }),
      body: JSON.stringify({ base_info: BASE_INFO }),
    });
    expect(await ancient.json()).toEqual(SESSION_TIMEOUT);
    expect((await call(sim.origin, 'msg/notifystart', token)).body['ret']).toBe(0);
  });
});

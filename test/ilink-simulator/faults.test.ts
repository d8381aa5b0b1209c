import { afterEach, describe, expect, it } from 'vitest';
import { ControlError, startIlinkSimulator, type IlinkSimulator } from '../../src/testing/index.js';
import { call, getUpdates } from './helpers.js';

let sim: IlinkSimulator;
afterEach(async () => {
  await sim.close();
});

describe('faults', () => {
  it('answers HTTP 5xx (524 included) for N calls, then recovers', async () => {
    sim = await startIlinkSimulator({ updatesHoldMs: 50 });
    const { token } = sim.createBot();
    sim.fault({ endpoint: 'getupdates', kind: 'http', value: 524, times: 2 });
    expect((await getUpdates(sim, token)).status).toBe(524);
    expect((await getUpdates(sim, token)).status).toBe(524);
    expect((await getUpdates(sim, token)).status).toBe(200);
    sim.fault({ endpoint: 'upload', kind: 'http', value: 503 });
    const cdn = await fetch(`${sim.cdnBaseUrl}/upload?encrypted_query_param=x&filekey=y`, { method: 'POST', body: Buffer.alloc(32) });
    expect([cdn.status, cdn.headers.get('x-error-message')]).toEqual([503, 'injected HTTP 503']);
  });

  it('resets the connection, sends a non-JSON body, and delays', async () => {
    sim = await startIlinkSimulator();
    const { token } = sim.createBot();
    sim.fault({ endpoint: 'sendmessage', kind: 'reset' });
    await expect(call(sim.origin, 'sendmessage', token)).rejects.toThrow();
    sim.fault({ endpoint: 'getconfig', kind: 'garbage' });
    const garbage = await call(sim.origin, 'getconfig', token, { ilink_user_id: sim.userId() });
    expect(garbage.status).toBe(200);
    expect(() => JSON.parse(garbage.text) as unknown).toThrow();
    sim.fault({ endpoint: '*', kind: 'delay', value: 300 });
    const started = Date.now();
    expect((await call(sim.origin, 'msg/notifystart', token)).body).toEqual({ ret: 0, errmsg: '' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('injects ret or errcode codes, after M calls and within a time window', async () => {
    sim = await startIlinkSimulator();
    const { token } = sim.createBot();
    sim.fault({ endpoint: 'notifystart', kind: 'retcode', value: -2, after: 1, errmsg: 'rate limited' });
    const rets = [];
    for (let i = 0; i < 3; i++) rets.push((await call(sim.origin, 'msg/notifystart', token)).body);
    expect(rets).toEqual([{ ret: 0, errmsg: '' }, { ret: -2, errmsg: 'rate limited' }, { ret: 0, errmsg: '' }]);
    sim.fault({ endpoint: 'notifystop', kind: 'retcode', value: -14, field: 'errcode', forMs: 10_000 });
    expect((await call(sim.origin, 'msg/notifystop', token)).body).toEqual({ errcode: -14, errmsg: 'injected fault' });
    expect((await call(sim.origin, 'msg/notifystop', token)).body['errcode']).toBe(-14);
    expect(sim.clearFaults().cleared).toBe(1);
    expect((await call(sim.origin, 'msg/notifystop', token)).body['ret']).toBe(0);
    expect(() => sim.fault({ endpoint: 'download', kind: 'retcode' })).toThrow(ControlError);
    expect(sim.stats().requests['notifystop']).toBe(3);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { startIlinkSimulator, type IlinkSimulator } from '../../src/testing/index.js';
import { call } from './helpers.js';

let sim: IlinkSimulator;
afterEach(async () => {
  await sim.close();
});

describe('typing and notify', () => {
  it('issues a typing ticket per user and checks it on sendtyping, recording each state', async () => {
    sim = await startIlinkSimulator();
    const { token } = sim.createBot();
    const from = sim.inject({ kind: 'text', text: 'hi', from: sim.userId(1) }).from;
    expect((await call(sim.origin, 'getconfig', token, { ilink_user_id: sim.userId(7) })).body['ret']).toBe(-1);
    const config = (await call(sim.origin, 'getconfig', token, { ilink_user_id: from })).body;
    expect(config).toMatchObject({ ret: 0, typing_ticket: expect.any(String) });
    expect((await call(sim.origin, 'getconfig', token, { ilink_user_id: from })).body['typing_ticket']).toBe(config['typing_ticket']);
    const ticket = config['typing_ticket'] as string;
    expect((await call(sim.origin, 'sendtyping', token, { ilink_user_id: from, typing_ticket: ticket, status: 1 })).body).toEqual({ ret: 0 });
    expect((await call(sim.origin, 'sendtyping', token, { ilink_user_id: from, typing_ticket: ticket, status: 2 })).body).toEqual({ ret: 0 });
    expect((await call(sim.origin, 'sendtyping', token, { ilink_user_id: from, typing_ticket: 'forged', status: 1 })).body['ret']).toBe(-1);
    expect((await call(sim.origin, 'sendtyping', token, { ilink_user_id: from, typing_ticket: ticket, status: 5 })).body['ret']).toBe(-1);
    expect(sim.typing().map((t) => [t.userId, t.status, t.ticket])).toEqual([
      [from, 1, 'valid'],
      [from, 2, 'valid'],
      [from, 1, 'invalid'],
      [from, 5, 'valid'],
    ]);
    expect(JSON.stringify(sim.typing())).not.toContain(ticket);
  });

  it('keeps the online state between notifystart and notifystop', async () => {
    sim = await startIlinkSimulator();
    const { token } = sim.createBot();
    expect(sim.bot()?.online).toBe(false);
    expect((await call(sim.origin, 'msg/notifystart', token)).body).toEqual({ ret: 0, errmsg: '' });
    expect(sim.bot()?.online).toBe(true);
    expect((await call(sim.origin, 'msg/notifystop', token)).body).toEqual({ ret: 0, errmsg: '' });
    expect(sim.bot()?.online).toBe(false);
  });
});

import { firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, startIlinkSimulator, type IlinkSimulator, type IlinkSimulatorOptions } from '../../src/testing/index.js';
import { call } from './helpers.js';

let sim: IlinkSimulator;
afterEach(async () => {
  await sim.close();
});

interface SendInput {
  readonly to: string;
  readonly text?: string;
  readonly contextToken?: string;
  readonly clientId?: string;
  readonly state?: number;
}

let clientIds = 0;
const send = (token: string, input: SendInput) =>
  call(sim.origin, 'sendmessage', token, {
    msg: {
      from_user_id: '',
      to_user_id: input.to,
      client_id: input.clientId ?? `test:${++clientIds}`,
      message_type: 2,
      message_state: input.state ?? 2,
      ...(input.contextToken === undefined ? {} : { context_token: input.contextToken }),
      item_list: [{ type: 1, text_item: { text: input.text ?? 'hi' } }],
    },
  });

async function started(options: IlinkSimulatorOptions = {}) {
  sim = await startIlinkSimulator(options);
  const bot = sim.createBot();
  const message = sim.inject({ kind: 'text', text: 'ping' });
  return { token: bot.token, to: message.from, contextToken: message.contextToken };
}

describe('sendmessage', () => {
  it('delivers with a message_id (a bare uint64) and records the send in the outbox and on sent$', async () => {
    const { token, to, contextToken } = await started();
    const next = firstValueFrom(sim.sent$);
    const answer = await send(token, { to, contextToken, text: 'pong' });
    expect(answer.body['ret']).toBe(0);
    const entry = await next;
    expect(entry).toMatchObject({ to, text: 'pong', outcome: 'delivered', contextToken: 'valid', messageType: 2, messageState: 2 });
    expect(answer.text).toContain(`"message_id":${entry.messageId}`);
    expect(sim.sent()).toEqual([entry]);
    expect(JSON.stringify(sim.sent())).not.toContain(contextToken);
  });

  it('refuses a missing, foreign or stale context token with ret -2 "prepare failed"', async () => {
    const clock = new ManualClock();
    const { token, to, contextToken } = await started({ clock, contextTokenLifetimeMs: 60_000 });
    const other = sim.inject({ kind: 'text', text: 'me too', from: sim.userId(3) });
    expect((await send(token, { to })).body).toEqual({ ret: -2, errmsg: 'prepare failed' });
    expect((await send(token, { to, contextToken: other.contextToken })).body).toEqual({ ret: -2, errmsg: 'prepare failed' });
    expect((await send(token, { to, contextToken: 'forged' })).body['ret']).toBe(-2);
    clock.advance(60_001);
    expect((await send(token, { to, contextToken })).body['ret']).toBe(-2);
    expect(sim.sent().map((e) => e.contextToken)).toEqual(['missing', 'foreign', 'foreign', 'stale']);
    expect(sim.sent().every((e) => e.outcome === 'refused' && e.refusal === 'context-token')).toBe(true);
    // a new message from the user brings a fresh token
    const fresh = sim.inject({ kind: 'text', text: 'again' });
    expect((await send(token, { to, contextToken: fresh.contextToken })).body['ret']).toBe(0);
  });

  it('accepts only the latest token in latest mode, and anything with the check off', async () => {
    const latest = await started({ contextTokenCheck: 'latest' });
    sim.inject({ kind: 'text', text: 'newer' });
    expect((await send(latest.token, { to: latest.to, contextToken: latest.contextToken })).body['ret']).toBe(-2);
    await sim.close();
    const off = await started({ contextTokenCheck: 'off' });
    expect((await send(off.token, { to: off.to })).body['ret']).toBe(0);
    expect(sim.sent()[0]?.contextToken).toBe('unchecked');
  });

  it('spends a per-user-message reply budget; the user\'s next message renews it', async () => {
    const { token, to } = await started({ replyBudget: 2, contextTokenCheck: 'off' });
    const rets = [];
    for (let i = 0; i < 3; i++) rets.push((await send(token, { to })).body['ret']);
    expect(rets).toEqual([0, 0, -2]);
    expect(sim.sent()[2]).toMatchObject({ outcome: 'refused', refusal: 'reply-budget' });
    sim.inject({ kind: 'text', text: 'more please' });
    expect((await send(token, { to })).body['ret']).toBe(0);
  });

  it('cuts text past 2000 characters silently, or refuses it; refuses past 16 384 bytes', async () => {
    const long = 'x'.repeat(2500);
    const cut = await started();
    expect((await send(cut.token, { to: cut.to, contextToken: cut.contextToken, text: long })).body['ret']).toBe(0);
    expect(sim.sent()[0]).toMatchObject({ truncated: true, outcome: 'delivered' });
    expect(sim.sent()[0]?.text).toHaveLength(2000);
    expect((await send(cut.token, { to: cut.to, contextToken: cut.contextToken, text: '字'.repeat(6000) })).body['ret']).toBe(-2);
    await sim.close();
    const strict = await started({ overlongText: 'refuse' });
    expect((await send(strict.token, { to: strict.to, contextToken: strict.contextToken, text: long })).body['ret']).toBe(-2);
    expect(sim.sent()[0]).toMatchObject({ outcome: 'refused', refusal: 'too-long' });
  });

  it('refuses finishing a GENERATING message by reusing its client_id; other reuse is a duplicate', async () => {
    const { token, to, contextToken } = await started();
    expect((await send(token, { to, contextToken, clientId: 'gen-1', state: 1 })).body['ret']).toBe(0);
    expect((await send(token, { to, contextToken, clientId: 'gen-1', state: 2 })).body).toEqual({ ret: -2, errmsg: 'prepare failed' });
    const first = await send(token, { to, contextToken, clientId: 'same' });
    const again = await send(token, { to, contextToken, clientId: 'same' });
    expect(again.text).toBe(first.text);
    expect(sim.sent().map((e) => e.outcome)).toEqual(['delivered', 'refused', 'delivered', 'duplicate']);
  });

  it('answers ret 0 without message_id for a blocked recipient and delivers nothing', async () => {
    const { token, to, contextToken } = await started();
    sim.block(to);
    const answer = await send(token, { to, contextToken });
    expect(answer.body).toEqual({ ret: 0 });
    expect(sim.sent()[0]).toMatchObject({ outcome: 'blocked' });
    expect(sim.sent()[0]?.messageId).toBeUndefined();
    sim.block(to, false);
    expect((await send(token, { to, contextToken })).body['message_id']).toBeDefined();
  });
});

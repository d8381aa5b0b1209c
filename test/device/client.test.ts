import { inspect } from 'node:util';
import { filter, firstValueFrom, lastValueFrom, map, Subject, takeUntil, timeout, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { DeviceClient } from '../../src/device/client.js';
import { DeviceContentType, DeviceErrorCode, DeviceMsgType, ForceOfflineReason } from '../../src/device/enums.js';
import type { DeviceEvent } from '../../src/device/types.js';
import { DeviceError } from '../../src/device/errors/device-error.js';
import { DeviceTaskError } from '../../src/device/errors/device-task-error.js';
import { DeviceTimeoutError } from '../../src/device/errors/device-timeout-error.js';
import { FrameDecodeError } from '../../src/device/errors/frame-decode-error.js';
import { FrameTooLargeError } from '../../src/device/errors/frame-too-large-error.js';
import type { DeviceSimulator, DeviceSimulatorOptions } from '../../src/testing/device-simulator/index.js';
import { deviceFixture, nextEvent, until } from './helpers.js';

const { simulator, client, subscriptions } = deviceFixture();

/** Subscribes to every event for the whole test; returns the list it fills. */
function record(c: DeviceClient): DeviceEvent[] {
  const events: DeviceEvent[] = [];
  subscriptions.push(c.events$.subscribe((event) => events.push(event)));
  return events;
}

const online = (c: DeviceClient) => firstValueFrom(c.state$.pipe(filter((s) => s.status === 'online'), timeout(5000)));
const texts = (events: readonly DeviceEvent[]) =>
  events.flatMap((event) => (event.type === 'message' && event.message.kind === 'text' ? [event.message.text] : []));
const acksFromClient = (sim: DeviceSimulator) => sim.received.filter((f) => f.MsgType === DeviceMsgType.MsgReceivedAck).length;

describe('connectDevice against the device simulator', () => {
  it('connects only when subscribed, authenticates, receives, sends and acknowledges each notice once', async () => {
    const sim = await simulator();
    const c = client(sim);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(sim.connections().open).toBe(0);
    const events = record(c);
    const state = await firstValueFrom(c.state$.pipe(filter((s) => s.status === 'online' && s.accounts.length > 0), timeout(5000)));
    expect(state.status === 'online' && state.accounts.map((a) => a.WeChatId)).toEqual(['wxid_sim_self']);
    const auth = sim.received[0]!;
    expect(auth.MsgType).toBe(DeviceMsgType.DeviceAuthReq);
    expect(auth.AccessToken).toBe('');

    sim.sendMessage({ friendId: 'wxid_friend', content: '你好' });
    await until(() => texts(events).length === 1, 5000, 'the text');
    const result = await firstValueFrom(c.send('wxid_friend', 'hi back'));
    expect(result).toMatchObject({ chat: 'wxid_friend', wechatId: 'wxid_sim_self', msgId: expect.stringMatching(/^7\d{18}$/) });
    expect(sim.tasks).toHaveLength(1);
    expect(new TextDecoder().decode(sim.tasks[0]!.Content)).toBe('hi back');
    expect(sim.tasks[0]!.MsgId).toBe(result.localId);
    expect(BigInt(result.localId) > 2n ** 53n).toBe(true);

    // online notice, text, task result: three notices, three acks; the server's acks of those acks get none
    await until(() => sim.pendingNotices() === 0 && acksFromClient(sim) === 3, 5000, 'acks');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(acksFromClient(sim)).toBe(3);
    for (const frame of sim.received.slice(1)) expect(frame.AccessToken).toBe('sim-token-1');
  });

  it('shows no credential when the client is inspected or serialized, online', async () => {
    const sim = await simulator();
    const c = client(sim);
    const events = record(c);
    const state = await firstValueFrom(c.state$.pipe(filter((s) => s.status === 'online' && s.accounts.length > 0), timeout(5000)));
    expect(inspect(c, { depth: 12 })).not.toContain('IMEI0001');
    expect(JSON.stringify({ state, events })).not.toContain('IMEI0001');
    expect(events.find((e) => e.type === 'account-online')).toMatchObject({ account: { WeChatId: 'wxid_sim_self', IMEI: '' } });
  });

  it('sends heartbeats with the token, which the server acknowledges', async () => {
    const sim = await simulator();
    const c = client(sim, { heartbeatInterval: 20, heartbeatTimeout: 2000 });
    record(c);
    await sim.waitFor((f) => f.MsgType === DeviceMsgType.HeartBeatReq);
    const beats = () => sim.received.filter((f) => f.MsgType === DeviceMsgType.HeartBeatReq);
    await until(() => beats().length >= 3, 5000, 'three heartbeats');
    expect(beats()[0]).toMatchObject({ AccessToken: 'sim-token-1', payload: { Imei: 'IMEI0001', WeChatId: 'wxid_sim_self' } });
    expect(sim.authentications()).toBe(1);
  });

  it('is dropped by the server when silent, and reconnects', async () => {
    const sim = await simulator({ sweepInterval: 15, maxMissedSweeps: 3 });
    const c = client(sim, { heartbeatInterval: 60_000 });
    const events = record(c);
    await sim.waitForAuthentications(2);
    expect(events.some((e) => e.type === 'network-problem')).toBe(true);
  });

  it('drops a connection whose heartbeats go unanswered, and reconnects', async () => {
    const sim = await simulator();
    sim.faults.silence();
    const c = client(sim, { heartbeatInterval: 10, heartbeatTimeout: 30 });
    const events = record(c);
    const problem = await nextEvent(c.events$, 'network-problem');
    expect(problem.error).toBeInstanceOf(DeviceTimeoutError);
    await sim.waitForAuthentications(2);
    expect(events.filter((e) => e.type === 'connected').length).toBeGreaterThanOrEqual(1);
  });

  it('reconnects with backoff after an abrupt close, reporting reconnecting', async () => {
    const sim = await simulator();
    const c = client(sim);
    const statuses: string[] = [];
    subscriptions.push(c.state$.subscribe((s) => statuses.at(-1) !== s.status && statuses.push(s.status)));
    await online(c);
    sim.faults.abruptClose();
    await sim.waitForAuthentications(2);
    await until(() => statuses.at(-1) === 'online', 5000, 'online again');
    expect(statuses).toEqual(['disconnected', 'connecting', 'online', 'reconnecting', 'connecting', 'online']);
  });

  it('survives frames arriving one byte at a time', async () => {
    const sim = await simulator();
    const c = client(sim);
    const events = record(c);
    await online(c);
    sim.faults.splitBytes();
    sim.sendMessage({ friendId: 'wxid_friend', content: 'slow' });
    sim.sendMessage({ friendId: '42@chatroom', sender: 'wxid_m', content: 'and steady' });
    await until(() => texts(events).length === 2, 5000, 'both texts');
    expect(texts(events)).toEqual(['slow', 'and steady']);
    const result = await firstValueFrom(c.send('wxid_friend', 'ok'));
    expect(result.chat).toBe('wxid_friend');
  });

  it('turns a garbage frame into a typed event, reconnects, and loses no notice', async () => {
    const sim = await simulator();
    const c = client(sim);
    const events = record(c);
    await online(c);
    sim.sendMessage({ friendId: 'wxid_friend', content: 'A' });
    await until(() => sim.pendingNotices() === 0, 5000, 'A acknowledged');
    sim.faults.garbage();
    sim.sendMessage({ friendId: 'wxid_friend', content: 'B' });
    sim.sendMessage({ friendId: 'wxid_friend', content: 'C' });
    const problem = await nextEvent(c.events$, 'decode-problem');
    expect(problem.error).toBeInstanceOf(FrameDecodeError);
    await sim.waitForAuthentications(2);
    await until(() => texts(events).length === 3 && sim.pendingNotices() === 0, 5000, 'B and C again');
    expect(texts(events)).toEqual(['A', 'B', 'C']);
  });

  it('turns an undecodable payload into a typed event and reconnects', async () => {
    const sim = await simulator();
    const c = client(sim);
    record(c);
    await online(c);
    sim.faults.garbage('payload');
    const problem = await nextEvent(c.events$, 'decode-problem');
    expect(problem.error).toMatchObject({ name: 'FrameDecodeError', typeName: 'FriendTalkNoticeMessage', msgType: 1024 });
    await sim.waitForAuthentications(2);
  });

  it('turns an oversize length into FrameTooLargeError and reconnects', async () => {
    const sim = await simulator();
    const c = client(sim, { maxFrameLength: 1024 });
    record(c);
    await online(c);
    sim.faults.oversize(4096);
    const problem = await nextEvent(c.events$, 'decode-problem');
    expect(problem.error).toBeInstanceOf(FrameTooLargeError);
    expect(problem.error).toMatchObject({ length: 4096, maxLength: 1024 });
    await sim.waitForAuthentications(2);
  });

  it('follows a RedirectNotice to another server', async () => {
    const first = await simulator();
    const second = await simulator();
    const c = client(first);
    const events = record(c);
    await online(c);
    first.faults.redirect(second.address);
    await second.waitForAuthentications(1);
    expect(c.address).toEqual(second.address);
    expect(first.connections().open).toBe(0);
    second.sendMessage({ friendId: 'wxid_friend', content: 'from the new server' });
    await until(() => texts(events).includes('from the new server'), 5000, 'the text');
    expect(events.some((e) => e.type === 'redirect')).toBe(true);
    expect(first.authentications()).toBe(1);
  });

  it('ends the session on AccountForceOfflineNotice with its reason, without reconnecting', async () => {
    const sim = await simulator();
    const c = client(sim);
    const all = lastValueFrom(c.events$.pipe(toArray(), timeout(5000)));
    await online(c);
    sim.faults.forceOffline(ForceOfflineReason.ByReAlloc, 'reassigned');
    const events = await all;
    const ended = events.at(-1);
    expect(ended).toMatchObject({ type: 'session-ended', reason: ForceOfflineReason.ByReAlloc, error: { serverMessage: 'reassigned' } });
    const final = await firstValueFrom(c.state$);
    expect(final).toMatchObject({ status: 'disconnected', reason: { type: 'session-ended' } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sim.authentications()).toBe(1);
    await expect(firstValueFrom(c.send('wxid_friend', 'late'))).rejects.toMatchObject({ name: 'NotOnlineError' });
  });

  it('reports a refused authentication and never retries it; the credential is not in the error', async () => {
    const sim = await simulator({ credentials: ['SOMEONE-ELSE'] });
    const c = client(sim, { credential: 'SECRET-IMEI' });
    const events = await lastValueFrom(c.events$.pipe(toArray(), timeout(5000)));
    expect(events.map((e) => e.type)).toEqual(['auth-failed']);
    const error = (events[0] as Extract<DeviceEvent, { type: 'auth-failed' }>).error;
    expect(error.errorCode).toBe(DeviceErrorCode.NoRight);
    expect(error.message).not.toContain('SECRET');
    expect(sim.authentications()).toBe(0);
    expect(sim.received.filter((f) => f.MsgType === DeviceMsgType.DeviceAuthReq)).toHaveLength(1);
  });

  it('fails send on a failed result, on an Error frame and after the timeout', async () => {
    const outcomes = new Map<string, Parameters<NonNullable<DeviceSimulatorOptions['taskOutcome']>>[0]>();
    const sim = await simulator({
      taskOutcome: (task) => {
        outcomes.set(task.FriendId, task);
        // Messages that name the device and the session, as a server may: the errors must not repeat them.
        if (task.FriendId === 'failing') return { type: 'failure', code: DeviceErrorCode.TargetNotOnline, errMsg: 'IMEI0001 offline' };
        if (task.FriendId === 'refused') return { type: 'error-frame', code: DeviceErrorCode.NoRight, errMsg: 'token sim-token-1 of IMEI0001' };
        return { type: 'no-answer' };
      },
    });
    const c = client(sim, { sendTimeout: 300 });
    record(c);
    const failed = await firstValueFrom(c.send('failing', 'x')).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(DeviceTaskError);
    expect((failed as DeviceTaskError).message).toMatch(/: \*\*\* offline$/);
    const refused = await firstValueFrom(c.send('refused', 'x')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DeviceError);
    expect(inspect(refused)).not.toMatch(/IMEI0001|sim-token-1/);
    await expect(firstValueFrom(c.send('silent', 'x'))).rejects.toBeInstanceOf(DeviceTimeoutError);
    expect([...outcomes.keys()]).toEqual(['failing', 'refused', 'silent']);
  });

  it('sends other content types and replies from the account that received the chat', async () => {
    const sim = await simulator({
      accounts: [
        { WeChatId: 'wxid_one', WeChatNick: 'One' },
        { WeChatId: 'wxid_two', WeChatNick: 'Two' },
      ],
    });
    const c = client(sim);
    const events = record(c);
    await online(c);
    sim.sendMessage({ friendId: 'wxid_friend', wechatId: 'wxid_two', content: 'to two' });
    await until(() => texts(events).length === 1, 5000, 'the text');
    await firstValueFrom(c.send('wxid_friend', { contentType: DeviceContentType.Link, content: '{"Title":"T"}' }));
    expect(sim.tasks[0]).toMatchObject({ WeChatId: 'wxid_two', ContentType: DeviceContentType.Link });
    await firstValueFrom(c.send('wxid_other', 'x'));
    expect(sim.tasks[1]).toMatchObject({ WeChatId: 'wxid_one' });
  });

  it('shares one connection between streams, and reconnects after everyone left', async () => {
    const sim = await simulator();
    const c = client(sim);
    const stop = new Subject<void>();
    c.messages$.pipe(takeUntil(stop)).subscribe();
    c.state$.pipe(takeUntil(stop)).subscribe();
    await online(c);
    expect(sim.connections().open).toBe(1);
    stop.next();
    await until(() => sim.connections().open === 0, 5000, 'the connection to close');
    const statuses = await firstValueFrom(c.state$.pipe(map((s) => s.status)));
    expect(statuses).toBe('disconnected');
    record(c);
    await sim.waitForAuthentications(2);
  });
});

import { filter, map, type Observable, Subject } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DeviceFrame } from '../../src/device/codec.js';
import { createContext } from '../../src/device/context.js';
import { DeviceErrorCode, DeviceMsgType } from '../../src/device/enums.js';
import type { LoopEvent } from '../../src/device/loop-event.js';
import { receiveLoop$ } from '../../src/device/receive-loop.js';
import type { DeviceSocket } from '../../src/device/socket.js';
import type { RetryBackoffConfig } from '../../src/retry/retry-backoff.js';
import { createTestScheduler } from '../../src/testing/test-scheduler.js';
import { authRsp, frame, sentAs, text } from './frames.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

/** An emitted value as `state:<status>` (`+link` when it carries one) or the event type. */
const valueAs = (event: LoopEvent) => {
  if (event.type === 'state') return `state:${event.state.status}${event.link === undefined ? '' : '+link'}`;
  return event.type === 'message' ? `message:${event.message.kind}` : event.type;
};

/** Ends a subscription that should have completed by itself, so a loop that never gives up fails the test. */
const BOUND = `${'-'.repeat(99)}!`;

/** The loop over connections whose n-th reads `scripts[n]`; what they send goes to `sent`. */
function loop(scripts: ReadonlyArray<Observable<DeviceFrame>>, reconnect: RetryBackoffConfig = { initialDelay: 4, jitter: false }) {
  const sent = new Subject<string>();
  let connects = 0;
  const connect = (): DeviceSocket => {
    const frames$ = scripts[connects++] ?? scripts[scripts.length - 1]!;
    return { frames$, send: (f) => sent.next(sentAs(f)), close: () => undefined };
  };
  const ctx = createContext({
    host: 'h', port: 1, credential: 'IMEI0001', firstId: '100', heartbeatInterval: 1000, authTimeout: 20, now: () => 0, connect,
  });
  return { loop$: receiveLoop$(ctx, reconnect), sent };
}

describe('device receive loop (virtual time)', () => {
  it('emits the state changes as values, in order with the events: the online state carries the link', () =>
    rx.run(({ cold, expectObservable }) => {
      const { loop$ } = loop([cold('----r---n', { r: authRsp(), n: text('900', 'hi') })]);
      expectObservable(loop$.pipe(map(valueAs)), '----------!').toBe('c---(oa)m', {
        c: 'state:connecting',
        o: 'state:online+link',
        a: 'connected',
        m: 'message:text',
      });
    }));

  it('sends through the link of the online state, with the access token', () =>
    rx.run(({ cold, expectObservable }) => {
      const { loop$, sent } = loop([cold('-r', { r: authRsp() })]);
      const sending$ = loop$.pipe(
        map((event) => (event.type === 'state' ? event.link : undefined)),
        filter((link) => link !== undefined),
        map((link) => link.send(DeviceMsgType.HeartBeatReq, { Imei: 'I', WeChatId: '' })),
      );
      expectObservable(sent, '---!').toBe('ah', { a: '1010#100>0@', h: '1001#101>0@T' });
      expectObservable(sending$, '---!').toBe('-i', { i: '101' });
    }));

  it('reports a dropped connection as reconnecting plus the problem, and connects again after the backoff', () =>
    rx.run(({ cold, expectObservable }) => {
      const { loop$ } = loop([cold('----r-----#', { r: authRsp() }), cold('----r', { r: authRsp('102') })]);
      expectObservable(loop$.pipe(map(valueAs)), '-----------------------!').toBe('c---(oa)--(rn)c---(oa)', {
        c: 'state:connecting',
        o: 'state:online+link',
        a: 'connected',
        r: 'state:reconnecting',
        n: 'network-problem',
      });
    }));

  it('counts failures since the last authenticated connection: problems and state changes are no success', () =>
    rx.run(({ cold, expectObservable }) => {
      const drops = cold<DeviceFrame>('----r-----#', { r: authRsp() });
      const silent = cold<DeviceFrame>('------#');
      // count 1: two authenticated drops in a row are each a first failure; the silent connection's is a second one
      const { loop$ } = loop([drops, drops, silent], { initialDelay: 4, jitter: false, count: 1 });
      expectObservable(loop$.pipe(map(valueAs)), BOUND).toBe('c---(oa)--(rn)c---(oa)--(rn)c-----(rnd|)', {
        c: 'state:connecting',
        o: 'state:online+link',
        a: 'connected',
        r: 'state:reconnecting',
        n: 'network-problem',
        d: 'state:disconnected',
      });
    }));

  it('counts every failure when resetOnSuccess is off', () =>
    rx.run(({ cold, expectObservable }) => {
      const drops = cold<DeviceFrame>('----r-----#', { r: authRsp() });
      const { loop$ } = loop([drops], { initialDelay: 4, jitter: false, count: 1, resetOnSuccess: false });
      expectObservable(loop$.pipe(map(valueAs)), BOUND).toBe('c---(oa)--(rn)c---(oa)--(rnd|)', {
        c: 'state:connecting',
        o: 'state:online+link',
        a: 'connected',
        r: 'state:reconnecting',
        n: 'network-problem',
        d: 'state:disconnected',
      });
    }));

  it('ends with the final disconnected state after a refused authentication, then completes', () =>
    rx.run(({ cold, expectObservable }) => {
      const refused = frame(DeviceMsgType.Error, '1', '100', { ErrorCode: DeviceErrorCode.NoRight, ErrorMsg: 'not bound' });
      const { loop$ } = loop([cold('-e', { e: refused })]);
      const final$ = loop$.pipe(map((event) => (event.type === 'state' && event.state.status === 'disconnected' ? `end:${event.state.reason.type}` : valueAs(event))));
      expectObservable(final$).toBe('c(xd|)', { c: 'state:connecting', x: 'auth-failed', d: 'end:failed' });
    }));

  it('ends with a session-ended state on AccountForceOfflineNotice', () =>
    rx.run(({ cold, expectObservable }) => {
      const kicked = frame(DeviceMsgType.AccountForceOfflineNotice, '60', '0', { Reason: 1, Message: 'elsewhere', WeChatId: 'wxid_me' });
      const { loop$ } = loop([cold('----r---k', { r: authRsp(), k: kicked })]);
      const final$ = loop$.pipe(map((event) => (event.type === 'state' && event.state.status === 'disconnected' ? `end:${event.state.reason.type}` : valueAs(event))));
      expectObservable(final$).toBe('c---(oa)(sd|)', {
        c: 'state:connecting',
        o: 'state:online+link',
        a: 'connected',
        s: 'session-ended',
        d: 'end:session-ended',
      });
    }));
});

import { ignoreElements, map, NEVER, type Observable, of, Subject, tap } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { SessionState } from '../src/web/client/session-state.js';
import { type LoopOutput, type SyncLoopDeps, syncLoop$ } from '../src/web/client/sync-loop.js';
import type { WxEvent } from '../src/model/events.js';
import { NetworkError } from '../src/errors/network-error.js';
import { SessionEndedError } from '../src/errors/session-ended-error.js';
import type { Transport } from '../src/http/transport.js';
import type { SyncKey } from '../src/web/protocol/codecs/common.js';
import type { WebEndpoint } from '../src/web/protocol/endpoints/index.js';
import { defaultHosts } from '../src/web/protocol/hosts.js';
import type { WxRequest, WxResponse } from '../src/http/request.js';
import { createTestScheduler } from '../src/testing/test-scheduler.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

const SELF = '@self00000000000000000000000000000';
const PEER = '@peer00000000000000000000000000000';
const key = (n: number): SyncKey => ({ Count: 2, List: [{ Key: 1, Val: n }, { Key: 1000, Val: 1_700_000_000 + n }] });

const synccheck = (retcode: number, selector: number): WxResponse => ({
  status: 200,
  headers: {},
  text: `window.synccheck={retcode:"${retcode}",selector:"${selector}"}`,
});

function sync(next: number, ids: readonly string[], options: { ret?: number; continueFlag?: number; bad?: boolean } = {}): WxResponse {
  const messages = ids.map(
    (id) =>
      `{"MsgId":"${id}","NewMsgId":${id},"FromUserName":"${PEER}","ToUserName":"${SELF}","MsgType":1,"Content":"m${id}","CreateTime":1700000000}`,
  );
  if (options.bad) messages.push('{"MsgId":"x","MsgType":"not a number"}');
  return {
    status: 200,
    headers: {},
    text: `{"BaseResponse":{"Ret":${options.ret ?? 0},"ErrMsg":""},"AddMsgCount":${ids.length},"AddMsgList":[${messages.join(',')}],"ModContactCount":0,"ModContactList":[],"DelContactCount":0,"DelContactList":[],"ModChatRoomMemberCount":0,"ModChatRoomMemberList":[],"Profile":{"BitFlag":0},"ContinueFlag":${options.continueFlag ?? 0},"SyncKey":${JSON.stringify(key(next))},"SyncCheckKey":${JSON.stringify(key(next + 500))},"SKey":""}`,
  };
}

/** A transport answering each endpoint from its own queue of (cold) responses; an empty queue holds forever. */
function scripted(queues: Partial<Record<WebEndpoint, Array<Observable<WxResponse>>>>) {
  const requests: WxRequest[] = [];
  const transport: Transport = {
    request: (req) => {
      requests.push(req);
      return queues[req.endpoint as WebEndpoint]?.shift() ?? NEVER;
    },
  };
  return { transport, requests };
}

/** Records each event as `frame:summary`, so emissions in one frame stay readable. */
function recorder() {
  const seen: string[] = [];
  return { seen, emit: (event: WxEvent) => seen.push(`${rx.now()}:${summary(event)}`) };
}

function depsFor(transport: Transport, state: SessionState, extra: Partial<SyncLoopDeps> = {}): SyncLoopDeps {
  return {
    ...extra,
    transport,
    env: { now: () => 1_700_000_000_000, random: () => 0.5 },
    timeouts: undefined,
    dedupeCapacity: 100,
    state: () => state,
    retry: { transient: { initialDelay: 4, jitter: false }, rateLimited: { initialDelay: 10, jitter: false, count: 5 }, ...extra.retry },
    emptySyncLimit: 3,
    emptySyncPauseMs: 50,
  };
}

/** The loop with its events handed to `emit` and each delivered batch to `synced`, as the client routes them. */
function loopFor(
  transport: Transport,
  emit: (event: WxEvent) => void,
  state = newState(),
  extra: Partial<SyncLoopDeps> & { readonly synced?: () => void } = {},
) {
  const { synced, ...deps } = extra;
  const loop$ = syncLoop$(depsFor(transport, state, deps)).pipe(
    tap((output) => {
      if (output.type === 'batch-delivered') synced?.();
      else if (output.type !== 'missing-contacts') emit(output);
    }),
    ignoreElements(),
  );
  return { loop$, state };
}

function newState(): SessionState {
  const credentials = { uin: 2_450_346_660, sid: 'sid+/0000000000', skey: '@crypt_0_0', passTicket: 'pt%2B', deviceId: 'e123456789012345' };
  return new SessionState(credentials, defaultHosts('http://127.0.0.1:1'), { UserName: SELF, NickName: 'me' }, key(1), key(501), 40, 100);
}

const summary = (event: WxEvent): string =>
  event.type === 'message' ? `msg:${event.message.id}` : event.type === 'session-ended' ? `ended:${event.retcode}` : event.type;

describe('the receive loop (synccheck → webwxsync)', () => {
  it('makes one request per server hold while idle, and unsubscribing aborts the held poll', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const held = [cold('  -----(r|)', { r: synccheck(0, 0) }), cold('-----(r|)', { r: synccheck(0, 0) }), cold('-----(r|)', { r: synccheck(0, 0) })];
      const polls = [...held];
      const { transport, requests } = scripted({ synccheck: polls });
      const events = recorder();
      const { loop$ } = loopFor(transport, events.emit);
      expectObservable(loop$, '                  ---------------!').toBe('');
      expectSubscriptions(held[0]!.subscriptions).toBe('^----!');
      expectSubscriptions(held[1]!.subscriptions).toBe('-----^----!');
      expectSubscriptions(held[2]!.subscriptions).toBe('----------^----!');
      rx.flush();
      expect(requests.map((r) => r.endpoint)).toEqual(['synccheck', 'synccheck', 'synccheck']);
    }));

  it('follows a ContinueFlag chain with the newest SyncKey, then polls with the SyncCheckKey', () =>
    rx.run(({ cold, expectObservable }) => {
      const { transport, requests } = scripted({
        synccheck: [cold('--(r|)', { r: synccheck(0, 2) })],
        webwxsync: [cold('--(a|)', { a: sync(2, ['1001', '1002'], { continueFlag: 1 }) }), cold('--(b|)', { b: sync(3, ['1003']) })],
      });
      const events = recorder();
      const { loop$, state } = loopFor(transport, events.emit);
      expectObservable(loop$, '                  --------!').toBe('');
      rx.flush();
      expect(events.seen).toEqual(['4:msg:1001', '4:msg:1002', '6:msg:1003']);
      expect(requests.map((r) => r.endpoint)).toEqual(['synccheck', 'webwxsync', 'webwxsync', 'synccheck']);
      const bodies = requests.filter((r) => r.endpoint === 'webwxsync').map((r) => (r.json as { SyncKey: SyncKey }).SyncKey.List[0]!.Val);
      expect(bodies).toEqual([1, 2]);
      expect(requests[3]!.url).toContain(`synckey=1_503%7C1000_${1_700_000_503}`);
      expect(state.syncKey).toEqual(key(3));
    }));

  it('backs off through a 1205 storm, then delivers once with the key unchanged until success', () =>
    rx.run(({ cold, expectObservable }) => {
      const throttled = () => cold('-(r|)', { r: sync(9, [], { ret: 1205 }) });
      const { transport, requests } = scripted({
        synccheck: [cold('-(r|)', { r: synccheck(0, 2) }), cold('-(r|)', { r: synccheck(0, 2) }), cold('-(r|)', { r: synccheck(0, 2) })],
        webwxsync: [throttled(), throttled(), cold('-(r|)', { r: sync(2, ['2001']) })],
      });
      const events = recorder();
      const { loop$ } = loopFor(transport, events.emit);
      expectObservable(loop$, '---------------------------------------!').toBe('');
      rx.flush();
      const keys = requests.filter((r) => r.endpoint === 'webwxsync').map((r) => (r.json as { SyncKey: SyncKey }).SyncKey.List[0]!.Val);
      expect(keys).toEqual([1, 1, 1]);
      // Each wait shows as a `rate-limited` event in the loop's own stream, as it starts; the message comes once.
      expect(events.seen).toEqual(['2:rate-limited', '14:rate-limited', '36:msg:2001']);
    }));

  it('ends with a session-ended event and SessionEndedError on 1101 mid-stream', () =>
    rx.run(({ cold, expectObservable }) => {
      const { transport } = scripted({
        synccheck: [cold('--(r|)', { r: synccheck(0, 2) }), cold('---(r|)', { r: synccheck(1101, 0) })],
        webwxsync: [cold('-(r|)', { r: sync(2, ['3001']) })],
      });
      const events = recorder();
      const { loop$ } = loopFor(transport, events.emit);
      const ended = new SessionEndedError('synccheck', 1101);
      expectObservable(loop$).toBe('------#', undefined, ended);
      rx.flush();
      expect(events.seen).toEqual(['3:msg:3001', '6:ended:1101']);
    }));

  it('reports a network error, backs off and recovers', () =>
    rx.run(({ cold, expectObservable }) => {
      const { transport, requests } = scripted({
        synccheck: [cold('-#', undefined, new NetworkError('synccheck', undefined)), cold('-(r|)', { r: synccheck(0, 2) })],
        webwxsync: [cold('-(r|)', { r: sync(2, ['4001']) })],
      });
      const events = recorder();
      const { loop$ } = loopFor(transport, events.emit);
      expectObservable(loop$, '                  ----------!').toBe('');
      rx.flush();
      expect(requests.map((r) => r.endpoint)).toEqual(['synccheck', 'synccheck', 'webwxsync', 'synccheck']);
      expect(events.seen).toEqual(['1:network-problem', '7:msg:4001']);
    }));

  it('reports one bad message and delivers the rest of its batch; an undecodable body keeps the key', () =>
    rx.run(({ cold, expectObservable }) => {
      const garbage: WxResponse = { status: 200, headers: {}, text: '<html>502 Bad Gateway</html>' };
      const { transport, requests } = scripted({
        synccheck: [cold('-(r|)', { r: synccheck(0, 2) }), cold('-(r|)', { r: synccheck(0, 2) })],
        webwxsync: [cold('-(g|)', { g: garbage }), cold('-(r|)', { r: sync(2, ['5001', '5002'], { bad: true }) })],
      });
      const events = recorder();
      const { loop$, state } = loopFor(transport, events.emit);
      expectObservable(loop$, '                  -----------!').toBe('');
      rx.flush();
      const keys = requests.filter((r) => r.endpoint === 'webwxsync').map((r) => (r.json as { SyncKey: SyncKey }).SyncKey.List[0]!.Val);
      expect(keys).toEqual([1, 1]);
      expect(state.syncKey).toEqual(key(2));
      expect(events.seen).toEqual(['2:decode-problem', '8:decode-problem', '8:msg:5001', '8:msg:5002']);
    }));

  it('drops a message it already delivered (a stale key re-delivers it)', () =>
    rx.run(({ cold, expectObservable }) => {
      const { transport } = scripted({
        synccheck: [cold('-(r|)', { r: synccheck(0, 2) }), cold('-(r|)', { r: synccheck(0, 2) })],
        webwxsync: [cold('-(r|)', { r: sync(2, ['6001']) }), cold('-(r|)', { r: sync(3, ['6001', '6002']) })],
      });
      const events = recorder();
      const { loop$ } = loopFor(transport, events.emit);
      expectObservable(loop$, '--------!').toBe('');
      rx.flush();
      expect(events.seen).toEqual(['2:msg:6001', '4:msg:6002']);
    }));

  it('delivers a batch only once the save of the one before is done, and asks for a save after each', () =>
    rx.run(({ cold, expectObservable }) => {
      const { transport } = scripted({
        synccheck: [cold('-(r|)', { r: synccheck(0, 2) })],
        webwxsync: [cold('-(a|)', { a: sync(2, ['7001'], { continueFlag: 1 }) }), cold('-(b|)', { b: sync(3, ['7002']) })],
      });
      const events = recorder();
      let saves = 0;
      let inFlight: Subject<void> | undefined;
      const extra = {
        synced: () => {
          saves++;
          events.seen.push(`${rx.now()}:save`);
          const save = new Subject<void>();
          rx.schedule(() => save.complete(), 6);
          inFlight = save;
        },
        saving: () => inFlight,
      };
      const { loop$ } = loopFor(transport, events.emit, newState(), extra);
      expectObservable(loop$, '--------------!').toBe('');
      rx.flush();
      // The second answer arrives at 3, but waits for the save begun at 2 to end at 8.
      expect(events.seen).toEqual(['2:msg:7001', '2:save', '8:msg:7002', '8:save']);
      expect(saves).toBe(2);
    }));
  it('carries each batch in one stream: the contacts it lacks, its events, then its end', () =>
    rx.run(({ cold, expectObservable }) => {
      const { transport } = scripted({
        synccheck: [cold('-(r|)', { r: synccheck(0, 2) })],
        webwxsync: [cold('-(a|)', { a: sync(2, ['8001', '8002'], { continueFlag: 1 }) }), cold('------(b|)', { b: sync(3, []) })],
      });
      const state = newState();
      const shown = (output: LoopOutput): string =>
        output.type === 'missing-contacts'
          ? `missing:${output.contacts.map((c) => c.userName).join(',')}`
          : output.type === 'batch-delivered'
            ? `delivered:${output.size}${output.more ? '+' : ''}@${state.syncKey.List[0]!.Val}`
            : summary(output);
      const loop$ = syncLoop$(depsFor(transport, state)).pipe(map(shown));
      expectObservable(loop$, '---------!').toBe('--(abcd)e', {
        // An unknown sender of a one-to-one chat is both the chat and the sender: reported as each comes up.
        a: `missing:${PEER},${PEER},${PEER},${PEER}`,
        b: 'msg:8001',
        c: 'msg:8002',
        d: 'delivered:2+@2',
        e: 'delivered:0@3',
      });
    }));

  it('relogs in when the server ends the session, then polls again from the new session', () =>
    rx.run(({ cold, expectObservable }) => {
      const { transport, requests } = scripted({
        synccheck: [cold('--(r|)', { r: synccheck(1101, 0) }), cold('-(r|)', { r: synccheck(0, 2) })],
        webwxsync: [cold('-(r|)', { r: sync(2, ['9001']) })],
      });
      const events = recorder();
      const relogins: number[] = [];
      const relogin = (_error: SessionEndedError, attempt: number) => {
        relogins.push(attempt);
        return cold('---(s|)', { s: 'state' });
      };
      const { loop$ } = loopFor(transport, events.emit, newState(), { retry: { relogin } });
      expectObservable(loop$, '----------!').toBe('');
      rx.flush();
      expect(relogins).toEqual([1]);
      expect(events.seen).toEqual(['2:ended:1101', '7:msg:9001']);
      expect(requests.map((r) => r.endpoint)).toEqual(['synccheck', 'synccheck', 'webwxsync', 'synccheck']);
    }));

  it('ends with the SessionEndedError when the relogin ends without a session', () =>
    rx.run(({ cold, expectObservable }) => {
      const { transport } = scripted({ synccheck: [cold('--(r|)', { r: synccheck(1101, 0) })] });
      const events = recorder();
      const relogin = () => cold('----|');
      const { loop$ } = loopFor(transport, events.emit, newState(), { retry: { relogin } });
      expectObservable(loop$).toBe('------#', undefined, new SessionEndedError('synccheck', 1101));
      rx.flush();
      expect(events.seen).toEqual(['2:ended:1101']);
    }));

  it('keeps its order and one request in flight with a transport that answers at once', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const held = cold<WxResponse>('-----');
      const { transport, requests } = scripted({
        synccheck: [of(synccheck(0, 2)), held],
        webwxsync: [of(sync(2, ['9101', '9102'], { continueFlag: 1 })), of(sync(3, ['9103']))],
      });
      const events = recorder();
      const { loop$, state } = loopFor(transport, events.emit);
      expectObservable(loop$, '---!').toBe('');
      expectSubscriptions(held.subscriptions).toBe('^--!');
      rx.flush();
      expect(events.seen).toEqual(['0:msg:9101', '0:msg:9102', '0:msg:9103']);
      expect(requests.map((r) => r.endpoint)).toEqual(['synccheck', 'webwxsync', 'webwxsync', 'synccheck']);
      expect(state.syncKey).toEqual(key(3));
    }));
});

import { map, type Observable, Subject } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { connectDevice } from '../../src/device/client.js';
import type { DeviceFrame } from '../../src/device/codec.js';
import { DeviceErrorCode, DeviceMsgType } from '../../src/device/enums.js';
import type { DeviceClientOptions } from '../../src/device/options.js';
import type { DeviceAddress, DeviceSocket } from '../../src/device/socket.js';
import type { DeviceEvent } from '../../src/device/types.js';
import { DeviceConnectionError } from '../../src/device/errors/device-connection-error.js';
import { DeviceError } from '../../src/device/errors/device-error.js';
import { DeviceTaskError } from '../../src/device/errors/device-task-error.js';
import { DeviceTimeoutError } from '../../src/device/errors/device-timeout-error.js';
import { FrameDecodeError } from '../../src/device/errors/frame-decode-error.js';
import { createTestScheduler } from '../../src/testing/test-scheduler.js';
import { ack, authRsp, FIRST, frame, sentAs, text } from './frames.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

const eventAs = (event: DeviceEvent) => (event.type === 'message' ? `message:${event.message.kind}` : event.type);

interface Harness {
  readonly options: DeviceClientOptions;
  readonly sent: Subject<string>;
  readonly connects: DeviceAddress[];
  readonly closes: number[];
}

/** A client whose n-th connection reads `scripts[n]`; what it sends goes to `sent`. */
function harness(scripts: ReadonlyArray<Observable<DeviceFrame>>, options: Partial<DeviceClientOptions> = {}): Harness {
  const sent = new Subject<string>();
  const connects: DeviceAddress[] = [];
  const closes: number[] = [];
  const connect = (address: DeviceAddress): DeviceSocket => {
    const frames$ = scripts[connects.length] ?? scripts[scripts.length - 1]!;
    connects.push(address);
    return { frames$, send: (f) => sent.next(sentAs(f)), close: () => closes.push(rx.now()) };
  };
  return {
    options: {
      host: 'h', port: 1, credential: 'IMEI0001', firstId: FIRST, heartbeatInterval: 50, heartbeatTimeout: 5,
      authTimeout: 20, now: () => 0, reconnect: { initialDelay: 4, jitter: false }, connect, ...options,
    },
    sent,
    connects,
    closes,
  };
}

const statusOf = (state: { status: string; reason?: { type: string } }) => (state.reason ? state.reason.type : state.status);

describe('device session (virtual time)', () => {
  it('authenticates first with an empty token, then heartbeats with the token', () =>
    rx.run(({ cold, expectObservable }) => {
      const server = cold('-----r----------k---------l', { r: authRsp(), k: ack('101'), l: ack('102') });
      const h = harness([server], { heartbeatInterval: 10 });
      const client = connectDevice(h.options);
      expectObservable(h.sent).toBe('a--------------h---------i', { a: '1010#100>0@', h: '1001#101>0@T', i: '1001#102>0@T' });
      expectObservable(client.state$.pipe(map(statusOf)), '------------------------------!').toBe('(nc)-o', {
        n: 'not-started',
        c: 'connecting',
        o: 'online',
      });
      expectObservable(client.events$.pipe(map(eventAs)), '------------------------------!').toBe('-----c', { c: 'connected' });
    }));

  it('acknowledges each notice after emitting it, and never acknowledges an acknowledgement', () =>
    rx.run(({ cold, expectObservable }) => {
      const h = harness([cold('-r-n-k-o', { r: authRsp(), n: text('900', 'hi'), k: ack('555'), o: text('901', 'ho') })]);
      const client = connectDevice(h.options);
      expectObservable(h.sent, '         ---------!').toBe('a--x---y', { a: '1010#100>0@', x: '1002#101>900@T', y: '1002#102>901@T' });
      expectObservable(client.events$.pipe(map(eventAs)), '---------!').toBe('-c-m---m', { c: 'connected', m: 'message:text' });
    }));

  it('delivers a text notice as a text message with exact ids', () =>
    rx.run(({ cold, expectObservable }) => {
      const h = harness([cold('-r-n', { r: authRsp(), n: text('9007199254740993', 'hello') })]);
      const client = connectDevice(h.options);
      const summary = client.messages$.pipe(map((m) => `${m.kind}|${m.id}|${m.chat}|${m.kind === 'text' ? m.text : ''}|${m.device.frameId}`));
      expectObservable(summary, '----!').toBe('---m', { m: 'text|79007199254740993|wxid_f|hello|9007199254740993' });
    }));

  it('drops a connection whose heartbeat goes unacknowledged, and reconnects with backoff', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const server = cold('-r', { r: authRsp() });
      const retry = cold('-r', { r: authRsp('102') });
      const h = harness([server, retry], { heartbeatInterval: 10, heartbeatTimeout: 5 });
      const client = connectDevice(h.options);
      // 1: authenticated, 11: heartbeat, 16: no ack → dropped, 20: reconnect (initialDelay 4), 21: authenticated
      expectObservable(h.sent, '-----------------------!').toBe('a----------h--------b', { a: '1010#100>0@', h: '1001#101>0@T', b: '1010#102>0@' });
      expectObservable(client.events$.pipe(map(eventAs)), '-----------------------!').toBe('-c--------------n----c', {
        c: 'connected',
        n: 'network-problem',
      });
      expectSubscriptions(server.subscriptions).toBe('^---------------!');
      expectSubscriptions(retry.subscriptions).toBe(' --------------------^--!');
    }));

  it('reports an undecodable frame as an event, drops the connection and reconnects', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const corrupt = new FrameDecodeError('TransportMessage', 'bad', 6);
      const first = cold('-r-n-#', { r: authRsp(), n: text('900', 'a') }, corrupt);
      const second = cold('-r-n', { r: authRsp('102'), n: text('901', 'b') });
      const h = harness([first, second]);
      const client = connectDevice(h.options);
      expectObservable(client.events$.pipe(map(eventAs)), '-------------!').toBe('-c-m-p----c-m', {
        c: 'connected',
        m: 'message:text',
        p: 'decode-problem',
      });
      expectSubscriptions(first.subscriptions).toBe('^----!');
      expectSubscriptions(second.subscriptions).toBe('---------^---!');
    }));

  it('does not deliver a notice twice when the server sends it again after a reconnect, but acknowledges it', () =>
    rx.run(({ cold, expectObservable }) => {
      const reset = new DeviceConnectionError('h', 1, 'ECONNRESET');
      const first = cold('-r-n-#', { r: authRsp(), n: text('900', 'a') }, reset);
      const second = cold('-r-n', { r: authRsp('102'), n: text('900', 'a') });
      const h = harness([first, second]);
      const client = connectDevice(h.options);
      expectObservable(h.sent, '-------------!').toBe('a--x-----b--y', {
        a: '1010#100>0@',
        x: '1002#101>900@T',
        b: '1010#102>0@',
        y: '1002#103>900@T',
      });
      expectObservable(client.events$.pipe(map(eventAs)), '-------------!').toBe('-c-m-p----c', {
        c: 'connected',
        m: 'message:text',
        p: 'network-problem',
      });
    }));

  it('ends the session on a refused authentication, without retrying', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const refused = frame(DeviceMsgType.Error, '1', FIRST, { ErrorCode: DeviceErrorCode.NoRight, ErrorMsg: 'not bound' });
      const server = cold('-----e', { e: refused });
      const client = connectDevice(harness([server]).options);
      expectObservable(client.state$.pipe(map(statusOf))).toBe('(nc)-(f|)', { n: 'not-started', c: 'connecting', f: 'failed' });
      expectObservable(client.events$.pipe(map(eventAs))).toBe('-----(a|)', { a: 'auth-failed' });
      expectSubscriptions(server.subscriptions).toBe('^----!');
    }));

  it('times out an authentication that gets no answer, and gives up after reconnect.count failures', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const silent = cold<DeviceFrame>('-');
      const h = harness([silent], { authTimeout: 5, reconnect: { initialDelay: 2, jitter: false, count: 1 } });
      const client = connectDevice(h.options);
      expectObservable(client.events$.pipe(map(eventAs))).toBe('-----n------(n|)', { n: 'network-problem' });
      expectSubscriptions(silent.subscriptions).toBe(['^----!', '-------^----!']);
    }));

  it('reconnects at once to the address a RedirectNotice names', () =>
    rx.run(({ cold, expectObservable, flush }) => {
      const redirect = frame(DeviceMsgType.RedirectNotice, '50', '0', { Type: 1, ServerUrl: 'tcp://10.1.2.3:7000', ServerPort: 0 });
      const second = cold('-r', { r: authRsp('102') });
      const h = harness([cold('-r-x', { r: authRsp(), x: redirect }), second]);
      const client = connectDevice(h.options);
      expectObservable(h.sent, '------!').toBe('a--(xb)', { a: '1010#100>0@', x: '1002#101>50@T', b: '1010#102>0@' });
      expectObservable(client.events$.pipe(map(eventAs)), '------!').toBe('-c-dc', { c: 'connected', d: 'redirect' });
      flush();
      expect(h.connects).toEqual([
        { host: 'h', port: 1 },
        { host: '10.1.2.3', port: 7000 },
      ]);
      expect(client.address).toEqual({ host: '10.1.2.3', port: 7000 });
    }));

  it('ends the session with its reason on AccountForceOfflineNotice', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions }) => {
      const kicked = frame(DeviceMsgType.AccountForceOfflineNotice, '60', '0', { Reason: 1, Message: 'elsewhere', WeChatId: 'wxid_me' });
      const server = cold('-----r--k', { r: authRsp(), k: kicked });
      const h = harness([server]);
      const client = connectDevice(h.options);
      expectObservable(h.sent).toBe('a-------x', { a: '1010#100>0@', x: '1002#101>60@T' });
      expectObservable(client.state$.pipe(map(statusOf))).toBe('(nc)-o--(e|)', {
        n: 'not-started',
        c: 'connecting',
        o: 'online',
        e: 'session-ended',
      });
      expectObservable(client.events$.pipe(map(eventAs))).toBe('-----c--(s|)', { c: 'connected', s: 'session-ended' });
      expectSubscriptions(server.subscriptions).toBe('^-------!');
    }));

  it('completes send with the matching result notice, and fails it on a failed result', () =>
    rx.run(({ cold, expectObservable }) => {
      const result = (msgId: string, success: boolean) =>
        frame(DeviceMsgType.TalkToFriendTaskResultNotice, '70', '0', {
          Success: success, Code: success ? 0 : 1004, ErrMsg: '', WeChatId: 'wxid_me', FriendId: 'wxid_f', MsgId: msgId,
          MsgSvrId: '9007199254740995', CreateTime: '0',
        });
      // 100 = the task's MsgId, 101 = DeviceAuthReq, 102 = the task frame, 103 = the ack of its result
      const h = harness([cold('-r---s', { r: authRsp('101'), s: result('100', true) })]);
      const client = connectDevice(h.options);
      expectObservable(h.sent).toBe('ak---y', { a: '1010#101>0@', k: '1070#102>0@T', y: '1002#103>70@T' });
      expectObservable(client.send('wxid_f', 'hi').pipe(map((r) => `${r.msgId}/${r.localId}/${r.chat}`))).toBe('-----(x|)', {
        x: '9007199254740995/100/wxid_f',
      });
      const failing = harness([cold('-r--s', { r: authRsp('101'), s: result('100', false) })]);
      const failed = connectDevice(failing.options);
      expectObservable(failed.send('wxid_f', 'hi')).toBe('----#', undefined, new DeviceTaskError('TalkToFriendTask', 1004, '', '100'));
    }));

  it('fails send with the Error frame that answers its task', () =>
    rx.run(({ cold, expectObservable }) => {
      const refused = frame(DeviceMsgType.Error, '80', '102', { ErrorCode: DeviceErrorCode.TargetNotOnline, ErrorMsg: '' });
      const client = connectDevice(harness([cold('-r--e', { r: authRsp('101'), e: refused })]).options);
      expectObservable(client.send('wxid_f', 'hi')).toBe('----#', undefined, new DeviceError(1004, '', '102'));
    }));

  it('fails send after sendTimeout when no result comes', () =>
    rx.run(({ cold, expectObservable }) => {
      const h = harness([cold('-r', { r: authRsp() })], { sendTimeout: 30, heartbeatInterval: 1000 });
      const client = connectDevice(h.options);
      expectObservable(client.send('wxid_f', 'hi')).toBe('30ms #', undefined, new DeviceTimeoutError('TalkToFriendTask', 30));
    }));

  it('releases the socket and every timer when the last subscriber leaves', () =>
    rx.run(({ cold, expectObservable, expectSubscriptions, flush }) => {
      const server = cold('-r', { r: authRsp() });
      const h = harness([server], { heartbeatInterval: 3, heartbeatTimeout: 100 });
      const client = connectDevice(h.options);
      expectObservable(h.sent, '---------------!').toBe('a---h--i', { a: '1010#100>0@', h: '1001#101>0@T', i: '1001#102>0@T' });
      expectObservable(client.events$.pipe(map(eventAs)), '---------!').toBe('-c', { c: 'connected' });
      expectSubscriptions(server.subscriptions).toBe('^--------!');
      flush();
      expect(h.closes).toEqual([9]);
      expect(rx.now()).toBe(15);
    }));
});

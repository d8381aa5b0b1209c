import { asyncScheduler, NEVER, type Observable, tap } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { NetworkError } from '../src/errors/network-error.js';
import { TimeoutError } from '../src/errors/timeout-error.js';
import type { WxResponse } from '../src/http/request.js';
import { Hosts } from '../src/ilink/client/hosts.js';
import { IlinkHttp } from '../src/ilink/client/http.js';
import { type LoopDeps, type LoopOutput, receiveLoop$ } from '../src/ilink/client/receive-loop.js';
import { IlinkSession } from '../src/ilink/client/session.js';
import { createFakeTransport, textResponse } from '../src/testing/fake-transport.js';
import { createTestScheduler } from '../src/testing/test-scheduler.js';

let rx: TestScheduler;
beforeEach(() => {
  rx = createTestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

const BOT = { token: 'BOT-TOKEN', botId: 'abcdef012345@im.bot', userId: 'o9cq80owner@im.wechat', baseUrl: '' };
const USER = 'o9cq80u@im.wechat';
const identity = { channelVersion: '2.4.3', packedVersion: '132099', botAgent: 'wechat-rx/0.1' };

const text = (id: string, body: string, extra: Record<string, unknown> = {}) => ({
  message_id: id,
  from_user_id: USER,
  to_user_id: BOT.botId,
  message_type: 1,
  message_state: 2,
  create_time_ms: 1_760_000_000_000,
  context_token: `CTX-${id}`,
  item_list: [{ type: 1, text_item: { text: body } }],
  ...extra,
});
const updates = (msgs: unknown[], cursor: string, extra: Record<string, unknown> = {}) => textResponse(JSON.stringify({ ret: 0, msgs, get_updates_buf: cursor, longpolling_timeout_ms: 35_000, ...extra }));
const dead = textResponse('{"errcode":-14,"errmsg":"session timeout"}');

function setup(answers: Array<Observable<WxResponse>>, options: Partial<Pick<LoopDeps, 'onSessionEnded'>> = {}) {
  const transport = createFakeTransport((req) => (req.endpoint === 'getupdates' ? (answers.shift() ?? NEVER) : NEVER));
  const hosts = new Hosts(undefined);
  const env = { now: () => 1_000, randomBytes: (size: number) => new Uint8Array(size), random: () => 0.5 };
  const http = new IlinkHttp({ transport, hosts, identity, env, log: undefined, timeouts: undefined });
  const session = new IlinkSession(BOT, 'https://ilinkai.weixin.qq.com', { dedupeWindow: 100, maxGenerating: 10, mediaRefs: 10 });
  const deps: LoopDeps = {
    http,
    session,
    scheduler: asyncScheduler,
    retry: { failuresBeforePause: 3, delayMs: 2, pauseMs: 30, jitter: false },
    onSessionEnded: options.onSessionEnded ?? 'stop',
    now: env.now,
    random: env.random,
    saving: () => undefined,
  };
  const cursors = () => transport.requests.map((r) => (r.json as { get_updates_buf: string }).get_updates_buf);
  return { loop$: receiveLoop$(deps), session, transport, cursors };
}

/** An output as a short label: a message's text, else the type. */
const label = (output: LoopOutput): string => (output.type === 'message' ? (output.message as { text?: string }).text ?? output.message.kind : output.type);

describe('the iLink receive loop', () => {
  it('delivers each message once and in order, moves the cursor only past delivered batches, and reads a timeout as an empty answer', () =>
    rx.run(({ cold }) => {
      const { loop$, cursors, session } = setup([
        cold('-(r|)', { r: updates([text('1', 'a'), text('2', 'b')], 'C1') }),
        cold('-#', undefined, new TimeoutError('getupdates', 40_000)),
        cold('-(r|)', { r: updates([text('2', 'b'), text('3', 'c')], 'C2') }),
        cold('-(r|)', { r: updates([], '') }),
      ]);
      expect(timeline(loop$)).toEqual(['1 a', '1 b', '1 batch-delivered', '2 batch-delivered', '3 c', '3 batch-delivered', '4 batch-delivered']);
      expect(cursors()).toEqual(['', 'C1', 'C1', 'C2', 'C2']);
      expect(session.cursor).toBe('C2');
      expect(session.recent.toArray()).toEqual(['1', '2', '3']);
    }));

  it("records the peer's context token before its message is delivered", () =>
    rx.run(({ cold }) => {
      const { loop$, session } = setup([cold('-(r|)', { r: updates([text('1', 'a'), text('2', 'b')], 'C1') })]);
      const seen: Array<string | undefined> = [];
      loop$.pipe(tap((output) => output.type === 'message' && seen.push(session.contextTokens.get(USER)?.token))).subscribe();
      rx.flush();
      expect(seen).toEqual(['CTX-1', 'CTX-2']);
    }));

  it('a subscriber leaving in the middle of a batch leaves the cursor before it', () =>
    rx.run(({ cold }) => {
      const { loop$, session } = setup([cold('-(r|)', { r: updates([text('1', 'a'), text('2', 'b')], 'C1') })]);
      const subscription = loop$.subscribe((output) => {
        if (output.type === 'message') subscription.unsubscribe();
      });
      rx.flush();
      expect(session.cursor).toBe('');
      expect(session.recent.toArray()).toEqual(['1']);
    }));

  it('holds a generating message until its FINISH, then delivers it once', () =>
    rx.run(({ cold }) => {
      const { loop$ } = setup([
        cold('-(r|)', { r: updates([text('9', 'partial', { message_state: 1 }), text('1', 'a')], 'C1') }),
        cold('-(r|)', { r: updates([text('9', 'partial and done', { message_state: 2 }), text('9', 'partial and done', { message_state: 2 })], 'C2') }),
      ]);
      expect(timeline(loop$)).toEqual(['1 a', '1 batch-delivered', '2 partial and done', '2 batch-delivered']);
    }));

  it('backs off after failures: the short pause twice, then the long one, the count starting over', () =>
    rx.run(({ cold }) => {
      const fail = () => cold<WxResponse>('-#', undefined, new NetworkError('getupdates', 502));
      const { loop$ } = setup([fail(), fail(), fail(), fail(), cold('-(r|)', { r: updates([text('1', 'a')], 'C1') })]);
      // Fails at 1, 4 and 7 (short pauses of 2, then the long one of 30), again at 38 (a short pause), delivers at 41.
      expect(timeline(loop$)).toEqual(['1 network-problem', '4 network-problem', '7 network-problem', '38 network-problem', '41 a', '41 batch-delivered']);
    }));

  it('a dead token (-14) is a session-ended event, then the loop stops', () =>
    rx.run(({ cold }) => {
      const { loop$ } = setup([cold('-(r|)', { r: dead })]);
      expect(timeline(loop$)).toEqual(['1 session-ended', '1 stopped', '1 |']);
    }));

  it('with retryAfterMs, a dead token pauses the loop, then it polls again with the same token', () =>
    rx.run(({ cold }) => {
      const { loop$, transport } = setup([cold('-(r|)', { r: dead }), cold('-(r|)', { r: updates([text('1', 'a')], 'C1') })], { onSessionEnded: { retryAfterMs: 5 } });
      expect(timeline(loop$)).toEqual(['1 session-ended', '1 paused', '6 resumed', '7 a', '7 batch-delivered']);
      // The poll that died, the one after the pause, and the next long poll: all with the same token.
      expect(transport.requests.map((r) => r.headers?.['authorization'])).toEqual(Array(3).fill('Bearer BOT-TOKEN'));
    }));

  it('reports a message that is no message and delivers the others', () =>
    rx.run(({ cold }) => {
      const { loop$ } = setup([cold('-(r|)', { r: updates([{ item_list: 'x', context_token: 'SECRET-CTX' }, text('1', 'a')], 'C1') })]);
      const outputs: LoopOutput[] = [];
      loop$.subscribe((output) => outputs.push(output));
      rx.flush();
      expect(outputs.map(label)).toEqual(['decode-problem', 'a', 'batch-delivered']);
      const problem = outputs[0] as Extract<LoopOutput, { type: 'decode-problem' }>;
      expect(problem.error.issues).toEqual(['msgs.0.item_list: expected an array']);
      expect(JSON.stringify({ ...problem.error, message: problem.error.message })).not.toContain('SECRET-CTX');
    }));
});

/** What `loop$` emits, as `frame label` lines (`2 batch-delivered`), `frame |` when it completes. */
function timeline(loop$: Observable<LoopOutput>): string[] {
  const lines: string[] = [];
  loop$.subscribe({ next: (output) => lines.push(`${rx.now()} ${label(output)}`), complete: () => lines.push(`${rx.now()} |`) });
  rx.flush();
  return lines;
}

/**
 * Properties of the update cursor (docs/ilink-protocol.md §5.2), over many seeded random cases: an empty cursor never
 * replaces a stored one, and the cursor the client sends or saves is always one whose batch was delivered. The
 * client runs whole (login from a saved session, receive loop, saves), against a model server behind a fake
 * transport that answers each poll as a random script says: batches of any size, new, empty or missing cursors,
 * repeated messages, failures of every kind; the subscriber leaves in the middle of batches and comes back.
 */
import fc from 'fast-check';
import { lastValueFrom, map, mergeMap, NEVER, type Observable, of, type Subscription, throwError, timer } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { NetworkError } from '../../src/errors/network-error.js';
import { TimeoutError } from '../../src/errors/timeout-error.js';
import type { WxRequest, WxResponse } from '../../src/http/request.js';
import { connectIlink } from '../../src/ilink/client/client.js';
import { nextCursor, nextHoldMs } from '../../src/ilink/protocol/cursor.js';
import type { IlinkSavedSession } from '../../src/ilink/session/saved-session.js';
import { ilinkMemoryStore } from '../../src/ilink/session/stores.js';
import type { SessionStore } from '../../src/session/session-store.js';
import { createFakeTransport, textResponse } from '../../src/testing/fake-transport.js';

/** Fixed seeds: a failure names its case, and the same seed replays it. */
const SEED = 0x1_1c0;

describe('nextCursor and nextHoldMs', () => {
  it('the cursor is always the last non-empty one answered (or the first one), never empty once one was given', () => {
    const answered = fc.array(fc.option(fc.oneof(fc.constant(''), fc.string({ minLength: 1, maxLength: 8 })), { nil: undefined }), { maxLength: 30 });
    fc.assert(
      fc.property(fc.oneof(fc.constant(''), fc.string({ minLength: 1, maxLength: 8 })), answered, (start, answers) => {
        let cursor = start;
        for (const answer of answers) cursor = nextCursor(cursor, answer);
        const lastGiven = answers.filter((a): a is string => a !== undefined && a !== '').at(-1);
        expect(cursor).toBe(lastGiven ?? start);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('the hold is always the last positive suggestion (or the first hold)', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(fc.option(fc.integer({ min: -1000, max: 100_000 }), { nil: undefined }), { maxLength: 30 }), (start, suggestions) => {
        let hold = start;
        for (const suggestion of suggestions) hold = nextHoldMs(hold, suggestion);
        expect(hold).toBe(suggestions.filter((s): s is number => s !== undefined && s > 0).at(-1) ?? start);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });
});

type Failure = 'http' | 'reset' | 'timeout' | 'garbage' | 'retcode';
type Step =
  | { readonly type: 'answer'; readonly size: number; readonly cursor: 'new' | 'empty' | 'absent'; readonly repeatFirst: boolean }
  | { readonly type: 'fail'; readonly failure: Failure };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ type: fc.constant('answer' as const), size: fc.nat({ max: 5 }), cursor: fc.constantFrom('new' as const, 'empty' as const, 'absent' as const), repeatFirst: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('fail' as const), failure: fc.constantFrom<Failure>('http', 'reset', 'timeout', 'garbage', 'retcode') }) },
);

interface Case {
  readonly messages: number;
  readonly chats: number;
  readonly startCursor: '' | 'given';
  readonly script: readonly Step[];
  /** Delivered-message counts at which the subscriber leaves (in the middle of whatever batch) and comes back. */
  readonly leaves: readonly number[];
}

const cases: fc.Arbitrary<Case> = fc.record({
  messages: fc.integer({ min: 1, max: 30 }),
  chats: fc.integer({ min: 1, max: 3 }),
  startCursor: fc.constantFrom('' as const, 'given' as const),
  script: fc.array(step, { maxLength: 25 }),
  leaves: fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { maxLength: 3 }).map((counts) => counts.sort((a, b) => a - b)),
});

const BOT = { token: 'BOT-TOKEN-0123456789', botId: 'abcdef012345@im.bot', userId: 'o9cq80owner@im.wechat', baseUrl: '' };

/** The simulator's cursor rules in small: a cursor names a position; an empty or unknown one resumes after the furthest presented. */
class ModelServer {
  /** Cursor → the position after the batch it was handed out with. */
  readonly issued = new Map<string, number>();
  readonly ids: string[];
  private furthest = 0;
  private serial = 0;

  constructor(
    private readonly test: Case,
    private readonly script: Step[],
  ) {
    this.ids = Array.from({ length: test.messages }, (_, i) => String(2n ** 60n + BigInt(i)));
    if (test.startCursor === 'given') this.issued.set('c0.0', 0);
  }

  getupdates(cursor: string): Observable<WxResponse> {
    const presented = this.issued.get(cursor);
    if (presented !== undefined) this.furthest = Math.max(this.furthest, presented);
    const from = presented ?? this.furthest;
    const next = this.script.shift() ?? { type: 'answer', size: 3, cursor: 'new', repeatFirst: false };
    // The script is over and nothing is left: the poll is held, as long as the client waits.
    if (this.script.length === 0 && next.type === 'answer' && from >= this.ids.length) return NEVER;
    if (next.type === 'fail') return this.failure(next.failure);
    const batch = this.ids.slice(from, from + next.size);
    const msgs = next.repeatFirst && batch.length > 0 ? [...batch, batch[0]!] : batch;
    const body: Record<string, unknown> = { ret: 0, msgs: msgs.map((id) => this.wire(id)), longpolling_timeout_ms: 35_000 };
    if (next.cursor === 'empty') body['get_updates_buf'] = '';
    if (next.cursor === 'new') {
      const issued = `c${from + batch.length}.${++this.serial}`;
      this.issued.set(issued, from + batch.length);
      body['get_updates_buf'] = issued;
    }
    return timer(0).pipe(map(() => textResponse(JSON.stringify(body))));
  }

  private failure(failure: Failure): Observable<WxResponse> {
    const later = (answer: () => Observable<WxResponse>): Observable<WxResponse> => timer(0).pipe(mergeMap(answer));
    switch (failure) {
      case 'http':
        return later(() => throwError(() => new NetworkError('getupdates', 500)));
      case 'reset':
        return later(() => throwError(() => new NetworkError('getupdates', undefined, new Error('ECONNRESET'))));
      case 'timeout':
        return later(() => throwError(() => new TimeoutError('getupdates', 40_000)));
      case 'garbage':
        return later(() => of(textResponse('<html>502</html>')));
      case 'retcode':
        return later(() => of(textResponse('{"ret":-1,"errmsg":"busy"}')));
    }
  }

  private wire(id: string): Record<string, unknown> {
    const index = this.ids.indexOf(id);
    const chat = `o9cq80peer${index % this.test.chats}@im.wechat`;
    return {
      message_id: id,
      from_user_id: chat,
      to_user_id: BOT.botId,
      message_type: 1,
      message_state: 2,
      create_time_ms: 1_760_000_000_000 + index,
      context_token: `CTX-${id}`,
      item_list: [{ type: 1, text_item: { text: String(index) } }],
    };
  }
}

/** What went wrong in one run, as text; empty when every property held. */
async function runCase(test: Case): Promise<string[]> {
  const problems: string[] = [];
  const server = new ModelServer(test, [...test.script]);
  const delivered: string[] = [];
  const initial: IlinkSavedSession = { protocol: 'ilink', version: 1, bot: BOT, cursor: test.startCursor === 'given' ? 'c0.0' : '', contextTokens: {}, recentMessageIds: [], savedAt: 0 };
  let stored = initial.cursor;

  /** A cursor may be sent or saved only once its batch (and all before it) was delivered, and never '' after a real one. */
  const check = (what: string, cursor: string): void => {
    if (cursor === '') {
      if (stored !== '') problems.push(`${what}: empty cursor replaced ${stored}`);
      return;
    }
    const position = server.issued.get(cursor);
    if (position === undefined) problems.push(`${what}: ${cursor} was never handed out`);
    else {
      const missing = server.ids.slice(0, position).filter((id) => !delivered.includes(id));
      if (missing.length > 0) problems.push(`${what}: ${cursor} before ${missing.length} of its messages were delivered`);
    }
    stored = cursor;
  };

  const transport = createFakeTransport((req: WxRequest) => {
    if (req.endpoint !== 'getupdates') return timer(0).pipe(map(() => textResponse('{"ret":0}')));
    const cursor = (req.json as { get_updates_buf: string }).get_updates_buf;
    check('sent', cursor);
    return server.getupdates(cursor);
  });
  const memory = ilinkMemoryStore(initial);
  const store: SessionStore<IlinkSavedSession> = {
    load: () => memory.load(),
    save: (session) => {
      check('saved', session.cursor);
      return memory.save(session);
    },
    clear: () => memory.clear(),
  };
  const client = connectIlink({ server: 'http://127.0.0.1:9', transport, store, sendIntervalMs: 0, pollRetry: { delayMs: 0, pauseMs: 0, jitter: false } });
  await lastValueFrom(client.login$);

  const leaves = [...test.leaves];
  let subscription: Subscription | undefined;
  const all = new Promise<void>((resolve, reject) => {
    const subscribe = (): void => {
      subscription = client.messages$.subscribe({
        next: (message) => {
          delivered.push(message.id);
          if (new Set(delivered).size === server.ids.length) resolve();
          else if (delivered.length === leaves[0]) {
            leaves.shift();
            subscription?.unsubscribe();
            setTimeout(subscribe, 0);
          }
        },
        error: reject,
      });
    };
    subscribe();
    // A case takes milliseconds; this bounds a broken one, so shrinking it stays quick.
    setTimeout(() => reject(new Error(`only ${new Set(delivered).size} of ${server.ids.length} delivered`)), 1000);
  });
  try {
    await all;
  } finally {
    subscription?.unsubscribe();
    await lastValueFrom(client.close(), { defaultValue: undefined });
  }
  if (delivered.join() !== server.ids.join()) problems.push(`delivered ${delivered.join()} instead of each message once, in order`);
  return problems;
}

describe('the client’s cursor, end to end', () => {
  it('is never replaced by an empty one, and is sent or saved only after its batch was delivered (random scripts)', async () => {
    await fc.assert(
      fc.asyncProperty(cases, async (test) => {
        expect(await runCase(test)).toEqual([]);
      }),
      { seed: SEED, numRuns: 300, interruptAfterTimeLimit: 15_000, markInterruptAsFailure: true },
    );
  }, 20_000);
});

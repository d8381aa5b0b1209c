import { catchError, concat, concatMap, defer, from, ignoreElements, map, Observable, of, repeat, type SchedulerLike, takeWhile, tap, throwError, timer, toArray } from 'rxjs';
import { DecodeError } from '../../errors/decode-error.js';
import { isDecodeError, isNetworkError, isSessionEndedError, isTimeoutError } from '../../errors/guards.js';
import type { SessionEndedError } from '../../errors/session-ended-error.js';
import { backoffDelay } from '../../retry/retry-backoff.js';
import { describeIlinkRetcode, IlinkRetcodeError } from '../errors/ilink-retcode-error.js';
import { nextCursor, nextHoldMs } from '../protocol/cursor.js';
import { getUpdates, type UpdatesAnswer } from '../protocol/endpoints/updates.js';
import { decodeIlinkMessage, type DecodedMessage } from '../protocol/messages/decode.js';
import { MessageState } from '../protocol/messages/wire.js';
import { redactIlink } from '../protocol/redact.js';
import type { IlinkHttp } from './http.js';
import type { PollRetryConfig } from './options.js';
import type { IlinkSession } from './session.js';
import type { IlinkEvent } from './types.js';
import type { IlinkMessage } from '../protocol/messages/ilink-message.js';
import { CommitFailedError } from '../../errors/commit-failed-error.js';

export interface LoopDeps {
  readonly http: IlinkHttp;
  readonly session: IlinkSession;
  readonly scheduler: SchedulerLike;
  readonly retry: Required<PollRetryConfig>;
  readonly onSessionEnded: 'stop' | { readonly retryAfterMs: number };
  readonly now: () => number;
  readonly random: () => number;
  /** The save in flight: the next batch is delivered only once it is done, so a hard kill repeats at most one batch. */
  readonly saving: () => Promise<void> | undefined;
  /**
   * With a commit sink: makes a delivered batch durable (its messages and the session with the new cursor). Its
   * messages go out, and the cursor moves, only once it resolved; a rejection stops the loop with `CommitFailedError`.
   */
  readonly commit?: (messages: readonly IlinkMessage[]) => Promise<void>;
}

/** A batch is out: its messages were delivered and the cursor moved past it, so the session can be saved now. */
export interface BatchDelivered {
  readonly type: 'batch-delivered';
  /** Messages delivered. */
  readonly size: number;
  /** Whether anything to save changed: messages delivered (ids, context tokens) or the cursor moved. */
  readonly changed: boolean;
}

/** The token answered -14 and the loop waits until `until` before polling with it again. */
export interface Paused {
  readonly type: 'paused';
  readonly until: number;
  readonly error: SessionEndedError;
}

/** The loop is over: the token is dead (`onSessionEnded: 'stop'`) or a failure no retry can fix. Always its last value. */
export interface Stopped {
  readonly type: 'stopped';
  readonly error: unknown;
}

/** What the receive loop emits: every event in order, plus the values the client acts on. */
export type LoopOutput = IlinkEvent | BatchDelivered | Paused | { readonly type: 'resumed' } | Stopped;

const EMPTY_ANSWER: UpdatesAnswer = { msgs: [] };

/**
 * Delivers one answer: each message decoded on its own (a bad one is a `decode-problem`, the rest go on), repeats
 * dropped, generating ones held until they finish, the peer's context token recorded just before the message goes
 * out (so a reply from its handler carries it); then, only if every message was delivered, the cursor moves on and
 * `batch-delivered` follows. A subscriber that leaves in the middle leaves the cursor where it was.
 */
function deliver$(deps: LoopDeps, answer: UpdatesAnswer): Observable<LoopOutput> {
  return new Observable<LoopOutput>((subscriber) => {
    const { session } = deps;
    const now = deps.now();
    session.holdMs = nextHoldMs(session.holdMs, answer.holdMs);
    let delivered = 0;
    const release = (decoded: DecodedMessage): void => {
      if (decoded.media !== undefined) session.media.set(decoded.message.id, decoded.media);
      delivered++;
      subscriber.next({ type: 'message', message: decoded.message });
    };
    const input = { botId: session.bot.botId, nowMs: now };
    for (let index = 0; index < answer.msgs.length && !subscriber.closed; index++) {
      const raw = answer.msgs[index];
      const decoded = decodeIlinkMessage(raw, input);
      if (typeof decoded === 'string') {
        subscriber.next({ type: 'decode-problem', error: new DecodeError('getupdates', [`msgs.${index}.${decoded}`], redactIlink(JSON.stringify(raw) ?? '')) });
        continue;
      }
      const { message, dedupeKey } = decoded;
      const state = message.ilink.messageState;
      // A finished message goes out below, so it is recorded as delivered at once (one look-up instead of two); a
      // generating one only when the hold gives it back.
      const recorded = state === MessageState.GENERATING ? undefined : decoded;
      if (recorded === undefined ? session.recent.has(dedupeKey) : !session.recent.add(dedupeKey)) continue;
      if (decoded.contextToken !== undefined && !message.isSelf) session.contextTokens.set(message.chat, { token: decoded.contextToken, at: now });
      for (const ready of session.generating.offer(dedupeKey, state, decoded)) {
        if (ready !== recorded && !session.recent.add(ready.dedupeKey)) continue;
        release(ready);
        if (subscriber.closed) return;
      }
    }
    if (subscriber.closed) return;
    const cursor = nextCursor(session.cursor, answer.cursor);
    const changed = delivered > 0 || cursor !== session.cursor;
    session.cursor = cursor;
    subscriber.next({ type: 'batch-delivered', size: delivered, changed });
    subscriber.complete();
  });
}

/** One long poll, a timeout read as an empty answer (docs/ilink-protocol.md §5.1), delivered once the last save is done. */
function pollOnce$(deps: LoopDeps): Observable<LoopOutput> {
  return defer(() => {
    const { session } = deps;
    return deps.http.call(getUpdates, session.apiBase, session.bot.token, { cursor: session.cursor, holdMs: session.holdMs });
  }).pipe(
    catchError((error: unknown) => (isTimeoutError(error) && error.endpoint === getUpdates.name ? of(EMPTY_ANSWER) : throwError(() => error))),
    concatMap((answer) => {
      const saving = deps.saving();
      const delivery$ = deliver$(deps, answer);
      const commit = deps.commit;
      const committed$ = commit === undefined ? delivery$ : committedDelivery$(deps, delivery$, commit);
      return saving === undefined ? committed$ : concat(from(saving).pipe(ignoreElements()), committed$);
    }),
  );
}

/**
 * The commit rule: the batch is held back until `commit` made it durable, then delivered. A failed commit puts the
 * cursor back and ends the loop (the recent ids already took the batch in, so polling on would drop it).
 */
function committedDelivery$(deps: LoopDeps, delivery$: Observable<LoopOutput>, commit: (messages: readonly IlinkMessage[]) => Promise<void>): Observable<LoopOutput> {
  return defer(() => {
    const cursorBefore = deps.session.cursor;
    return delivery$.pipe(
      toArray(),
      concatMap((outputs) => {
        const messages = outputs.flatMap((output) => (output.type === 'message' ? [output.message] : []));
        const done = commit(messages).then(
          () => outputs,
          (error: unknown) => {
            deps.session.cursor = cursorBefore;
            throw new CommitFailedError(deps.session.bot.botId, { cause: error });
          },
        );
        return from(done).pipe(concatMap((all) => from(all)));
      }),
    );
  });
}

/** The event a failed poll shows as, when it is one that a retry may fix. */
function problemEvent(error: unknown): IlinkEvent | undefined {
  if (isNetworkError(error) || isTimeoutError(error)) return { type: 'network-problem', error };
  if (isDecodeError(error)) return { type: 'decode-problem', error };
  if (error instanceof IlinkRetcodeError) return { type: 'retcode-problem', error };
  return undefined;
}

/**
 * The receive loop (docs/ilink-protocol.md §5, §10): `getupdates` long polls one after another, as one stream of what
 * they bring. A failed poll is an event, then a pause: `delayMs`, or `pauseMs` after `failuresBeforePause` failures
 * in a row (the count then starts over), each jittered upwards, never below that floor. A dead token (-14) is a
 * `session-ended` event, then `stopped` (or, with `retryAfterMs`, `paused` and `resumed`). A failure no retry can
 * fix (a refused origin, a bug) ends it with `stopped`. Unsubscribing aborts the poll in flight.
 */
export function receiveLoop$(deps: LoopDeps): Observable<LoopOutput> {
  return defer(() => {
    let failures = 0;
    const afterFailure = (error: unknown): Observable<LoopOutput> => {
      if (isSessionEndedError(error)) return sessionEnded$(deps, error);
      const problem = problemEvent(error);
      if (problem === undefined) return of({ type: 'stopped', error });
      failures++;
      const long = failures >= deps.retry.failuresBeforePause;
      if (long) failures = 0;
      const floor = long ? deps.retry.pauseMs : deps.retry.delayMs;
      // Full jitter between the floor and half again as much (src/retry's `backoffDelay` with a `minDelay`).
      const wait = deps.retry.jitter ? backoffDelay(1, { initialDelay: Math.ceil(floor * 1.5), minDelay: floor, maxDelay: Infinity, random: deps.random }) : floor;
      return concat(of(problem), timer(wait, deps.scheduler).pipe(ignoreElements()));
    };
    return defer(() => pollOnce$(deps)).pipe(
      tap((output) => {
        if (output.type === 'batch-delivered') failures = 0;
      }),
      catchError(afterFailure),
      repeat(),
      takeWhile((output) => output.type !== 'stopped', true),
    );
  });
}

function sessionEnded$(deps: LoopDeps, error: SessionEndedError): Observable<LoopOutput> {
  const event: LoopOutput = { type: 'session-ended', retcode: error.retcode, reason: describeIlinkRetcode(error.retcode), error };
  const policy = deps.onSessionEnded;
  const stopped: LoopOutput = { type: 'stopped', error };
  if (policy === 'stop') return of(event, stopped);
  const until = deps.now() + policy.retryAfterMs;
  const paused: LoopOutput = { type: 'paused', until, error };
  return concat(of(event, paused), timer(policy.retryAfterMs, deps.scheduler).pipe(map((): LoopOutput => ({ type: 'resumed' }))));
}

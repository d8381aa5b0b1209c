import { concat, concatMap, defer, EMPTY, from, ignoreElements, merge, Observable, type ObservableInput, of, repeat, Subject, switchMap, tap, timer } from 'rxjs';
import { retryOnRetcode, type RetryOnRetcodeConfig } from '../../retry/retry-on-retcode.js';
import { isDecodeError, isNetworkError, isSessionEndedError, isTimeoutError } from '../../errors/guards.js';
import { describeRetcode } from '../../errors/retcodes.js';
import { CommitFailedError } from '../../errors/commit-failed-error.js';
import type { WxEvent } from '../../model/events.js';
import type { WxMessage } from '../../model/message.js';
import { call } from './call.js';
import type { SyncAnswer } from '../protocol/endpoints/sync-answer.js';
import { synccheck, webwxsync } from '../protocol/endpoints/sync.js';
import { applySync, commitSync, type MissingContact } from './apply-sync.js';
import { rateLimitedEvent } from './retry-notice.js';
import { type SessionDeps, sessionContext } from './session-init.js';
import type { SessionState } from './session-state.js';

export interface SyncLoopDeps extends SessionDeps {
  /** The current session (a relogin replaces it). */
  readonly state: () => SessionState;
  /**
   * The save of what was delivered so far, while it runs: the next batch is delivered only once it is done, so a
   * hard kill repeats at most one batch. @default none (nothing to wait for)
   */
  readonly saving?: () => ObservableInput<unknown> | undefined;
  /**
   * With a commit sink: makes an applied batch durable (its messages and the session with its new keys) before any
   * of it is delivered; a rejection ends the loop with `CommitFailedError`. @default none
   */
  readonly commit?: (messages: readonly WxMessage[], state: SessionState) => Promise<void>;
  /** Back-off bounds and the relogin hook; the loop reports its own retries (`rate-limited` events). */
  readonly retry: Omit<RetryOnRetcodeConfig, 'onRetry'>;
  /**
   * After this many back-to-back syncs that brought nothing (the "selector keeps returning 2" quirk after media
   * sends), pause `emptySyncPauseMs` before the next synccheck so the loop never spins hot.
   */
  readonly emptySyncLimit: number;
  readonly emptySyncPauseMs: number;
}

/** Contacts a batch named but the store lacks, for the client's lookup queue (emitted before the batch's events). */
export interface MissingContacts {
  readonly type: 'missing-contacts';
  readonly contacts: readonly MissingContact[];
}

/** A batch is out: its events were delivered and the keys moved past it, so the session can be saved now. */
export interface BatchDelivered {
  readonly type: 'batch-delivered';
  /** How many things it held (0 for an empty sync). */
  readonly size: number;
  /** `ContinueFlag`: the server holds more, fetched at once. */
  readonly more: boolean;
}

/** What the receive loop emits: every event in order, problems included, plus the two values the client acts on. */
export type LoopOutput = WxEvent | MissingContacts | BatchDelivered;

/**
 * Delivers one answer: the contacts it lacks, its events, then (only if all of them were delivered) its keys, and
 * the `batch-delivered` marker.
 */
function deliver$(state: SessionState, answer: SyncAnswer): Observable<LoopOutput> {
  return new Observable<LoopOutput>((subscriber) => {
    const batch = applySync(state, answer);
    if (batch.missing.length > 0) subscriber.next({ type: 'missing-contacts', contacts: batch.missing });
    for (const event of batch.events) subscriber.next(event);
    if (subscriber.closed) return;
    commitSync(state, answer);
    subscriber.next({ type: 'batch-delivered', size: batch.size, more: (answer.ContinueFlag ?? 0) !== 0 });
    subscriber.complete();
  });
}

/**
 * The commit rule: the batch is applied and its keys moved in memory, made durable through `commit`, and only then
 * delivered. A failed commit ends the loop, so the session whose keys moved is dropped and whoever resumes the
 * account starts from the committed keys.
 */
function committedDeliver$(state: SessionState, answer: SyncAnswer, commit: NonNullable<SyncLoopDeps['commit']>): Observable<LoopOutput> {
  return defer(() => {
    const batch = applySync(state, answer);
    commitSync(state, answer);
    const messages = batch.events.flatMap((event) => (event.type === 'message' ? [event.message] : []));
    const committed = commit(messages, state).catch((error: unknown) => {
      throw new CommitFailedError(state.user.UserName, { cause: error });
    });
    const outputs: LoopOutput[] = [
      ...(batch.missing.length > 0 ? [{ type: 'missing-contacts', contacts: batch.missing } as const] : []),
      ...batch.events,
      { type: 'batch-delivered', size: batch.size, more: (answer.ContinueFlag ?? 0) !== 0 },
    ];
    return from(committed).pipe(concatMap(() => from(outputs)));
  });
}

/** One webwxsync: decoded in one pass, delivered once the save of the batch before it is done. */
function syncOnce$(deps: SyncLoopDeps): Observable<LoopOutput> {
  return defer(() => {
    const state = deps.state();
    return call(deps.transport, webwxsync, sessionContext(deps, state), state.syncKey).pipe(
      concatMap((answer) => {
        const saving = deps.saving?.();
        const delivery$ = deps.commit === undefined ? deliver$(state, answer) : committedDeliver$(state, answer, deps.commit);
        return saving === undefined ? delivery$ : concat(from(saving).pipe(ignoreElements()), delivery$);
      }),
    );
  });
}

/**
 * One webwxsync, then again at once while `ContinueFlag` ≠ 0. Each answer is fully decoded and delivered before the
 * next request is built, so the keys only advance past what was delivered; a failed or lost answer is retried from
 * the old key.
 */
export function drain$(deps: SyncLoopDeps): Observable<LoopOutput> {
  return defer(() => {
    let more = false;
    return syncOnce$(deps).pipe(
      tap((output) => {
        if (output.type === 'batch-delivered') more = output.more;
      }),
      repeat({ delay: () => (more ? of(0) : EMPTY) }),
    );
  });
}

/** One synccheck long poll; a non-zero retcode is a typed error (the endpoint's check), a non-zero selector drains webwxsync. */
function pollOnce$(deps: SyncLoopDeps): Observable<LoopOutput> {
  return defer(() => {
    const state = deps.state();
    return call(deps.transport, synccheck, sessionContext(deps, state), state.syncCheckKey);
  }).pipe(switchMap(({ selector }) => (selector === 0 ? EMPTY : drain$(deps))));
}

/** The event a loop failure shows as; a throttle or a fatal code shows otherwise (or not at all). */
function problemEvent(error: unknown): WxEvent | undefined {
  if (isSessionEndedError(error)) return { type: 'session-ended', retcode: error.retcode, reason: describeRetcode(error.retcode), error };
  if (isDecodeError(error)) return { type: 'decode-problem', error };
  if (isNetworkError(error) || isTimeoutError(error)) return { type: 'network-problem', error };
  return undefined;
}

/**
 * The receive loop: synccheck → webwxsync (while ContinueFlag) → synccheck … forever, as one stream of what it
 * observes. Problems are events in that stream: transient ones back off and go on, 1205 backs off longer (a
 * `rate-limited` event while it waits), a session end calls the relogin hook of `retry` and otherwise ends the loop
 * with the `SessionEndedError`.
 */
export function syncLoop$(deps: SyncLoopDeps): Observable<LoopOutput> {
  return defer(() => {
    // Problems are reported as they happen, beside the batches: a value passing the retry operator would reset its
    // back-off counts.
    const problems = new Subject<WxEvent>();
    const report = (event: WxEvent | undefined): void => {
      if (event !== undefined) problems.next(event);
    };
    let emptySyncs = 0;
    const batches$ = pollOnce$(deps).pipe(
      tap((output) => {
        if (output.type === 'batch-delivered') emptySyncs = output.size === 0 ? emptySyncs + 1 : 0;
      }),
      repeat({
        delay: () => {
          if (emptySyncs < deps.emptySyncLimit) return timer(0);
          emptySyncs = 0;
          return timer(deps.emptySyncPauseMs);
        },
      }),
      tap({ error: (error: unknown) => report(problemEvent(error)) }),
      retryOnRetcode({ ...deps.retry, onRetry: (notice) => report(rateLimitedEvent(notice, deps.env.now())) }),
    );
    return merge(problems, batches$);
  });
}

import { asyncScheduler, from, Observable, type ObservableInput, type Observer, type Subscriber, type Subscription, type Unsubscribable } from 'rxjs';
import { RetcodeRetries, type RetryOnRetcodeConfig } from '../../retry/retry-on-retcode.js';
import { isDecodeError, isNetworkError, isSessionEndedError, isTimeoutError } from '../../errors/guards.js';
import { describeRetcode } from '../../errors/retcodes.js';
import { CommitFailedError } from '../../errors/commit-failed-error.js';
import type { WxEvent } from '../../model/events.js';
import type { WxMessage } from '../../model/message.js';
import type { WxResponse } from '../../http/request.js';
import type { SyncAnswer } from '../protocol/endpoints/sync-answer.js';
import type { SynccheckResult } from '../protocol/login-bodies.js';
import { synccheck, webwxsync } from '../protocol/endpoints/sync.js';
import { answerOf } from './call.js';
import { applySync, commitSync, type MissingContact, type SyncBatch } from './apply-sync.js';
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

/** The event a loop failure shows as; a throttle or a fatal code shows otherwise (or not at all). */
function problemEvent(error: unknown): WxEvent | undefined {
  if (isSessionEndedError(error)) return { type: 'session-ended', retcode: error.retcode, reason: describeRetcode(error.retcode), error };
  if (isDecodeError(error)) return { type: 'decode-problem', error };
  if (isNetworkError(error) || isTimeoutError(error)) return { type: 'network-problem', error };
  return undefined;
}

/**
 * The receive loop: synccheck → webwxsync (again at once while `ContinueFlag` ≠ 0) → synccheck … forever, as one
 * stream of what it observes. Each answer is fully decoded and delivered before the next request is built, so the
 * keys only advance past what was delivered; a failed or lost answer is retried from the old key. Problems are
 * events in that stream: transient ones back off and go on (the `retryOnRetcode` policy), 1205 backs off longer (a
 * `rate-limited` event while it waits), a session end calls the relogin hook of `retry` and otherwise ends the loop
 * with the `SessionEndedError`. Unsubscribing aborts the request, save or back-off in flight.
 *
 * Written as one small state machine rather than an operator chain: it runs once per session for the session's
 * whole life, and while a poll is held the chain (defer, switchMap, concatMap, repeat, retry, merge) kept 14.2 KB
 * of subscribers and closures per session, this loop 5.0 KB, the request in flight included (docs/benchmarks.md,
 * "Many sessions, memory").
 */
export function syncLoop$(deps: SyncLoopDeps): Observable<LoopOutput> {
  return new Observable<LoopOutput>((subscriber) => {
    const loop = new ReceiveLoop(deps, subscriber, false);
    loop.poll();
    return () => loop.stop();
  });
}

/**
 * One webwxsync, then again at once while `ContinueFlag` ≠ 0, then complete: what a resumed session's first call
 * is. A failure ends it with the error (no retries, no problem events: the caller decides).
 */
export function drain$(deps: SyncLoopDeps): Observable<LoopOutput> {
  return new Observable<LoopOutput>((subscriber) => {
    const loop = new ReceiveLoop(deps, subscriber, true);
    loop.sync();
    return () => loop.stop();
  });
}

class ReceiveLoop {
  /** The step in flight: a request, a save or commit waited for, a relogin or a pause. */
  private step: Unsubscribable | undefined;
  private readonly retries: RetcodeRetries;
  /** Back-to-back syncs that brought nothing. */
  private emptySyncs = 0;

  constructor(
    private readonly deps: SyncLoopDeps,
    private readonly out: Subscriber<LoopOutput>,
    /** Only drain: sync until the server holds no more, then complete; fail at the first error. */
    private readonly once: boolean,
  ) {
    this.retries = new RetcodeRetries(deps.retry);
  }

  /** One synccheck long poll; a non-zero retcode is a typed error (the endpoint's check), a non-zero selector syncs. */
  poll(): void {
    const state = this.deps.state();
    this.run(new PollStep(this), () => this.deps.transport.request(synccheck.request(sessionContext(this.deps, state), state.syncCheckKeyText)));
  }

  stop(): void {
    this.step?.unsubscribe();
    this.step = undefined;
  }

  /** One webwxsync from the current key, delivered once the save of the batch before it is done. */
  sync(): void {
    const state = this.deps.state();
    this.run(new SyncStep(this, state), () => this.deps.transport.request(webwxsync.request(sessionContext(this.deps, state), state.syncKeyText)));
  }

  /** A synccheck answered: a non-zero selector means there is something to sync. */
  polled({ selector }: SynccheckResult): void {
    if (selector === 0) this.cycleDone();
    else this.sync();
  }

  /** A webwxsync answered: delivered once the save of the batch before it is done. */
  synced(state: SessionState, answer: SyncAnswer): void {
    const saving = this.deps.saving?.();
    if (saving === undefined) this.deliver(state, answer);
    else this.follow(() => saving, undefined, () => this.deliver(state, answer));
  }

  /**
   * Delivers one answer: the contacts it lacks, its events, then (only if all of them were delivered) its keys and
   * the `batch-delivered` marker. With a commit sink the batch is first made durable (the commit rule): its keys move
   * in memory, `commit` saves the messages with the session, and only then is any of it delivered; a failed commit
   * ends the loop, so whoever resumes the account starts from the committed keys.
   */
  private deliver(state: SessionState, answer: SyncAnswer): void {
    const batch = applySync(state, answer);
    const done: BatchDelivered = { type: 'batch-delivered', size: batch.size, more: (answer.ContinueFlag ?? 0) !== 0 };
    const commit = this.deps.commit;
    if (commit === undefined) {
      this.emitBatch(batch, () => commitSync(state, answer), done);
      return;
    }
    commitSync(state, answer);
    const messages = batch.events.flatMap((event) => (event.type === 'message' ? [event.message] : []));
    const committed = commit(messages, state).catch((error: unknown) => {
      throw new CommitFailedError(state.user.UserName, { cause: error });
    });
    this.follow(() => committed, () => this.emitBatch(batch, undefined, done), undefined);
  }

  private emitBatch(batch: SyncBatch, beforeEnd: (() => void) | undefined, done: BatchDelivered): void {
    if (batch.missing.length > 0) this.emit({ type: 'missing-contacts', contacts: batch.missing });
    for (const event of batch.events) this.emit(event);
    // Stopped from inside one of the events: the keys stay before this batch unless it was already committed.
    if (this.out.closed) return;
    beforeEnd?.();
    this.emit(done);
    this.emptySyncs = done.size === 0 ? this.emptySyncs + 1 : 0;
    if (done.more) this.sync();
    else this.cycleDone();
  }

  /** A poll and its syncs are over: the next poll at once, or after a pause past `emptySyncLimit` empty syncs. */
  cycleDone(): void {
    if (this.once) {
      this.out.complete();
      return;
    }
    let delay = 0;
    if (this.emptySyncs >= this.deps.emptySyncLimit) {
      this.emptySyncs = 0;
      delay = this.deps.emptySyncPauseMs;
    }
    this.wait(delay);
  }

  private wait(delayMs: number): void {
    if (this.out.closed) return;
    this.step = asyncScheduler.schedule(() => {
      this.step = undefined;
      this.poll();
    }, delayMs);
  }

  /** A value of the batches (not a problem): it resets the retry counts, as a value through `retryOnRetcode` does. */
  private emit(output: LoopOutput): void {
    this.retries.succeeded();
    this.out.next(output);
  }

  private report(event: WxEvent | undefined): void {
    if (event !== undefined) this.out.next(event);
  }

  /** Reports a failure, then retries, relogs in or ends the loop, as the `retryOnRetcode` policy says. */
  fail(error: unknown): void {
    if (this.out.closed) return;
    if (this.once) {
      this.out.error(error);
      return;
    }
    this.report(problemEvent(error));
    const step = this.retries.next(error);
    switch (step.type) {
      case 'wait':
        this.report(rateLimitedEvent(step.notice, this.deps.env.now()));
        this.wait(step.notice.delayMs);
        return;
      case 'relogin':
        // A relogin that ends without a session ends the loop as if there were no relogin hook.
        this.follow(() => step.relogin$, () => this.poll(), () => this.out.error(error), (reloginError) => this.out.error(reloginError));
        return;
      case 'fail':
        this.out.error(error);
    }
  }

  /**
   * Runs one step: `onValue` gets its first value (the step is over then), `onEnd` runs when it completes without
   * one, `onError` (the retry policy by default) when it or either callback fails. Safe for steps that answer
   * synchronously.
   */
  private follow<T>(
    start: () => ObservableInput<T>,
    onValue: ((value: T) => void) | undefined,
    onEnd: (() => void) | undefined,
    onError: (error: unknown) => void = (error) => this.fail(error),
  ): void {
    this.run(new CallbackStep(this, onValue, onEnd, onError), start);
  }

  /** Subscribes `step` to what `start` makes (a failure to make it fails the step); the step in flight until it settles. */
  private run<T>(step: LoopStep<T>, start: () => ObservableInput<T>): void {
    if (this.out.closed) return;
    let subscription: Subscription;
    try {
      subscription = from(start()).subscribe(step);
    } catch (error) {
      step.error(error);
      return;
    }
    if (!step.settled) this.step = subscription;
  }

  /** The step in flight settled: nothing to stop any more. */
  stepDone(): void {
    this.step = undefined;
  }
}

/**
 * One step of the loop in flight and its observer, as one object: its first value (when it takes one), its end
 * without one, or its failure settles it, once; a settling callback that throws fails the step. The poll every
 * session holds for seconds is one of these: as closures, its parts kept about 0.7 KB per session
 * (docs/benchmarks.md, "Many sessions, the held poll").
 */
abstract class LoopStep<T> implements Observer<T> {
  settled = false;

  constructor(protected readonly loop: ReceiveLoop) {}

  /** Whether a value settles the step (a save waited for only ends). */
  protected abstract takesValue(): boolean;
  protected abstract valued(value: T): void;
  protected abstract ended(): void;
  protected abstract failed(error: unknown): void;

  next(value: T): void {
    if (!this.takesValue() || !this.settle()) return;
    try {
      this.valued(value);
    } catch (error) {
      this.failed(error);
    }
  }

  error(error: unknown): void {
    if (!this.settle()) return;
    try {
      this.failed(error);
    } catch (thrown) {
      this.failed(thrown);
    }
  }

  complete(): void {
    if (!this.settle()) return;
    try {
      this.ended();
    } catch (error) {
      this.failed(error);
    }
  }

  private settle(): boolean {
    if (this.settled) return false;
    this.settled = true;
    this.loop.stepDone();
    return true;
  }
}

/** A server call of the loop: its answer decoded and checked; no answer ends the cycle; a failure goes to the policy. */
abstract class CallStep extends LoopStep<WxResponse> {
  protected takesValue(): boolean {
    return true;
  }

  protected ended(): void {
    this.loop.cycleDone();
  }

  protected failed(error: unknown): void {
    this.loop.fail(error);
  }
}

class PollStep extends CallStep {
  protected valued(response: WxResponse): void {
    this.loop.polled(answerOf(synccheck, response));
  }
}

class SyncStep extends CallStep {
  constructor(
    loop: ReceiveLoop,
    private readonly state: SessionState,
  ) {
    super(loop);
  }

  protected valued(response: WxResponse): void {
    this.loop.synced(this.state, answerOf(webwxsync, response));
  }
}

/** The other steps (a save or commit waited for, a relogin), with callbacks. */
class CallbackStep<T> extends LoopStep<T> {
  constructor(
    loop: ReceiveLoop,
    private readonly onValue: ((value: T) => void) | undefined,
    private readonly onEnd: (() => void) | undefined,
    private readonly onError: (error: unknown) => void,
  ) {
    super(loop);
  }

  protected takesValue(): boolean {
    return this.onValue !== undefined;
  }

  protected valued(value: T): void {
    this.onValue?.(value);
  }

  protected ended(): void {
    this.onEnd?.();
  }

  protected failed(error: unknown): void {
    this.onError(error);
  }
}

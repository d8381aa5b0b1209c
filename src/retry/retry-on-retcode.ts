import { defer, type MonoTypeOperatorFunction, type Observable, retry, tap, throwError, timer } from 'rxjs';
import { isLoginRefusedError, isRetcodeError, isSessionEndedError } from '../errors/guards.js';
import type { SessionEndedError } from '../errors/session-ended-error.js';
import { isCommitFailedError } from '../errors/commit-failed-error.js';
import { classifyRetcode } from '../errors/retcodes.js';
import { backoffDelay, type RetryBackoffConfig } from './retry-backoff.js';

/** The bounds and delays of one class of retries. */
export type Backoff = Pick<RetryBackoffConfig, 'count' | 'initialDelay' | 'maxDelay' | 'jitter' | 'random' | 'minDelay'>;

/** A retry about to wait: what failed, which attempt of its class this is, and how long the wait is. */
export interface RetryNotice {
  readonly outcome: 'rate-limited' | 'transient';
  readonly error: unknown;
  readonly attempt: number;
  readonly delayMs: number;
}

export interface RetryOnRetcodeConfig {
  /**
   * 1205 (too frequent): back off and keep going. The jitter never goes below `minDelay`, which defaults to
   * `initialDelay`: the first retry waits exactly that long, later ones between it and the doubled delay.
   * @default { count: 8, initialDelay: 5000, maxDelay: 300000 }
   */
  readonly rateLimited?: Backoff;
  /** Network errors, timeouts, HTTP 5xx and undecodable bodies. @default { count: Infinity, initialDelay: 1000, maxDelay: 60000 } */
  readonly transient?: Backoff;
  /**
   * 1100/1101/1102 and -14 (session ended): called to get a new session (push login, then QR login if the caller allows);
   * when it emits, the source is subscribed again. Without it, the error passes through.
   */
  readonly relogin?: (error: SessionEndedError, attempt: number) => Observable<unknown>;
  /** How many relogins may follow each other without the source emitting in between. @default 1 */
  readonly reloginCount?: number;
  /**
   * -1 (a generic server error) in a row retried like a network failure before it is fatal: right for a poll, which
   * repeats nothing, wrong for a send, which would go out twice. @default 0 (fatal at once)
   */
  readonly genericRetries?: number;
  /** Told before each back-off wait (to show a rate-limited client while it waits, or to log). @default none */
  readonly onRetry?: (notice: RetryNotice) => void;
}

type Outcome = 'rate-limited' | 'transient' | 'session-ended' | 'fatal';

/** The retcode of a generic server failure (docs/protocol.md, the retcode table). */
const GENERIC_ERROR = -1;

function classify(error: unknown): Outcome {
  if (isSessionEndedError(error)) return 'session-ended';
  if (isLoginRefusedError(error)) return 'fatal';
  // A retry would poll on from keys that moved past the uncommitted batch.
  if (isCommitFailedError(error)) return 'fatal';
  if (isRetcodeError(error)) return classifyRetcode(error.retcode) === 'rate-limited' ? 'rate-limited' : 'fatal';
  return 'transient';
}

/** What to do about one failure: wait and try again, get a new session first, or give up with the error. */
export type RetryStep =
  | { readonly type: 'wait'; readonly notice: RetryNotice }
  | { readonly type: 'relogin'; readonly relogin$: Observable<unknown> }
  | { readonly type: 'fail' };

const FAIL: RetryStep = { type: 'fail' };

/**
 * The decisions of `retryOnRetcode` for one run of a source, without timers or subscriptions: the operator and the
 * Web client's receive loop (which keeps its own loop for memory, see sync-loop.ts) both follow it. `next` counts the
 * failure in its class and says what to do; `succeeded` (the source emitted) resets the counts.
 */
export class RetcodeRetries {
  private readonly rateLimited: Backoff;
  private readonly transient: Backoff;
  private readonly reloginCount: number;
  private readonly relogin: RetryOnRetcodeConfig['relogin'];
  private readonly attempts: Record<Outcome, number> = { 'rate-limited': 0, transient: 0, 'session-ended': 0, fatal: 0 };
  private readonly genericRetries: number;
  private generic = 0;

  constructor(config: RetryOnRetcodeConfig = {}) {
    const given = config.rateLimited;
    this.rateLimited = { count: 8, initialDelay: 5000, maxDelay: 300_000, ...given };
    if (given?.minDelay === undefined) Object.assign(this.rateLimited, { minDelay: this.rateLimited.initialDelay });
    this.transient = { count: Infinity, initialDelay: 1000, maxDelay: 60_000, ...config.transient };
    this.reloginCount = config.reloginCount ?? 1;
    this.relogin = config.relogin;
    this.genericRetries = config.genericRetries ?? 0;
  }

  succeeded(): void {
    this.attempts['rate-limited'] = 0;
    this.attempts.transient = 0;
    this.attempts['session-ended'] = 0;
    this.generic = 0;
  }

  next(error: unknown): RetryStep {
    const outcome = this.takesGenericRetry(error) ? 'transient' : classify(error);
    const attempt = ++this.attempts[outcome];
    switch (outcome) {
      case 'rate-limited':
      case 'transient': {
        const backoff = outcome === 'rate-limited' ? this.rateLimited : this.transient;
        if (attempt > (backoff.count ?? Infinity)) return FAIL;
        return { type: 'wait', notice: { outcome, error, attempt, delayMs: backoffDelay(attempt, backoff) } };
      }
      case 'session-ended':
        return this.relogin && attempt <= this.reloginCount ? { type: 'relogin', relogin$: this.relogin(error as SessionEndedError, attempt) } : FAIL;
      case 'fatal':
        return FAIL;
    }
  }

  /** Counts a -1 and says whether it still gets a retry. */
  private takesGenericRetry(error: unknown): boolean {
    if (!isRetcodeError(error) || error.retcode !== GENERIC_ERROR || isSessionEndedError(error)) return false;
    return ++this.generic <= this.genericRetries;
  }
}

/**
 * The client's retcode-aware retry policy as an operator: 1205 backs off (never below its floor) and keeps going; network
 * errors, 5xx and bad bodies back off; 1100/1101/1102 and -14 end the session and call `relogin` (bounded); 1203, 1,
 * -1, 1204 and unknown codes are fatal and pass through at once. Counts bound consecutive failures of each class
 * and reset whenever the source emits.
 *
 * ```text
 * source:   --a--#           (# = RateLimitedError, then the source recovers)
 *             retryOnRetcode({ rateLimited: { initialDelay: 3, jitter: false } })
 * result:   --a-------a--…
 * ```
 *
 * @example
 * ```ts
 * import { retryOnRetcode, RateLimitedError } from 'wechat-rx';
 * import { defer, of } from 'rxjs';
 *
 * let calls = 0;
 * defer(() => (++calls === 1 ? Promise.reject(new RateLimitedError('webwxsendmsg')) : of('sent')))
 *   .pipe(retryOnRetcode({ rateLimited: { initialDelay: 100 } }))
 *   .subscribe(console.log);
 * // Output (after a short back-off):
 * // sent
 * ```
 *
 * @see retryBackoff for a policy that does not look at retcodes.
 * @param config bounds and delays per error class, and the relogin hook.
 * @returns an operator that mirrors the source and recovers from the errors it can.
 */
export function retryOnRetcode<T>(config: RetryOnRetcodeConfig = {}): MonoTypeOperatorFunction<T> {
  return (source) =>
    defer(() => {
      const retries = new RetcodeRetries(config);
      return source.pipe(
        tap(() => retries.succeeded()),
        retry({
          delay: (error: unknown) => {
            const step = retries.next(error);
            switch (step.type) {
              case 'wait':
                config.onRetry?.(step.notice);
                return timer(step.notice.delayMs);
              case 'relogin':
                return step.relogin$;
              case 'fail':
                return throwError(() => error);
            }
          },
        }),
      );
    });
}

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
   * 1100/1101/1102 (session ended): called to get a new session (push login, then QR login if the caller allows);
   * when it emits, the source is subscribed again. Without it, the error passes through.
   */
  readonly relogin?: (error: SessionEndedError, attempt: number) => Observable<unknown>;
  /** How many relogins may follow each other without the source emitting in between. @default 1 */
  readonly reloginCount?: number;
  /** Told before each back-off wait (to show a rate-limited client while it waits, or to log). @default none */
  readonly onRetry?: (notice: RetryNotice) => void;
}

type Outcome = 'rate-limited' | 'transient' | 'session-ended' | 'fatal';

function classify(error: unknown): Outcome {
  if (isSessionEndedError(error)) return 'session-ended';
  if (isLoginRefusedError(error)) return 'fatal';
  // A retry would poll on from keys that moved past the uncommitted batch.
  if (isCommitFailedError(error)) return 'fatal';
  if (isRetcodeError(error)) return classifyRetcode(error.retcode) === 'rate-limited' ? 'rate-limited' : 'fatal';
  return 'transient';
}

/**
 * The client's retcode-aware retry policy as an operator: 1205 backs off (never below its floor) and keeps going; network
 * errors, 5xx and bad bodies back off; 1100/1101/1102 end the session and call `relogin` (bounded); 1203, -14, 1,
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
  const given = config.rateLimited;
  const rateLimited: Backoff = { count: 8, initialDelay: 5000, maxDelay: 300_000, ...given };
  if (given?.minDelay === undefined) Object.assign(rateLimited, { minDelay: rateLimited.initialDelay });
  const transient: Backoff = { count: Infinity, initialDelay: 1000, maxDelay: 60_000, ...config.transient };
  const reloginCount = config.reloginCount ?? 1;

  return (source) =>
    defer(() => {
      const attempts: Record<Outcome, number> = { 'rate-limited': 0, transient: 0, 'session-ended': 0, fatal: 0 };
      return source.pipe(
        tap(() => {
          attempts['rate-limited'] = 0;
          attempts.transient = 0;
          attempts['session-ended'] = 0;
        }),
        retry({
          delay: (error: unknown) => {
            const outcome = classify(error);
            const attempt = ++attempts[outcome];
            switch (outcome) {
              case 'rate-limited':
              case 'transient': {
                const backoff = outcome === 'rate-limited' ? rateLimited : transient;
                if (attempt > (backoff.count ?? Infinity)) return throwError(() => error);
                const delayMs = backoffDelay(attempt, backoff);
                config.onRetry?.({ outcome, error, attempt, delayMs });
                return timer(delayMs);
              }
              case 'session-ended':
                return config.relogin && attempt <= reloginCount
                  ? config.relogin(error as SessionEndedError, attempt)
                  : throwError(() => error);
              case 'fatal':
                return throwError(() => error);
            }
          },
        }),
      );
    });
}

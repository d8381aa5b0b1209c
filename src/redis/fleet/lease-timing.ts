import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';

/** When a lease keeper renews, retries, and gives a holding up on its own clock. */
export interface LeaseTimingOptions {
  /** How long the lease lasts without a renewal, in ms. */
  readonly ttlMs: number;
  /** How often the holder renews. Default `ttlMs / 5`: four renewals can fail before the lease runs out. */
  readonly renewEveryMs?: number;
  /**
   * How long before the TTL the holder gives the holding up by its own monotonic clock, counted from the sending of
   * the request that last extended it: it covers clock drift between hosts and a slow reply. Default `0.3 × ttlMs`.
   */
  readonly safetyMarginMs?: number;
  /** How often a process waiting for a held shard tries again (sooner when the holding runs out sooner). Default `renewEveryMs`. */
  readonly retryEveryMs?: number;
}

export interface LeaseTiming {
  readonly ttlMs: number;
  readonly renewEveryMs: number;
  /** `ttlMs - safetyMarginMs`: how long a holding counts as valid after the request that extended it was sent. */
  readonly validForMs: number;
  readonly retryEveryMs: number;
}

export function leaseTiming(options: LeaseTimingOptions): LeaseTiming {
  const { ttlMs } = options;
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) throw invalid('ttlMs', 'must be an integer > 0');
  const safetyMarginMs = options.safetyMarginMs ?? Math.ceil(ttlMs * 0.3);
  if (!(safetyMarginMs >= 0 && safetyMarginMs < ttlMs)) throw invalid('safetyMarginMs', 'must be >= 0 and < ttlMs');
  const validForMs = ttlMs - safetyMarginMs;
  const renewEveryMs = options.renewEveryMs ?? Math.max(1, Math.floor(ttlMs / 5));
  if (!(renewEveryMs > 0 && renewEveryMs < validForMs)) {
    throw invalid('renewEveryMs', 'must be > 0 and < ttlMs - safetyMarginMs, or every renewal would come too late');
  }
  const retryEveryMs = options.retryEveryMs ?? renewEveryMs;
  if (!(retryEveryMs > 0)) throw invalid('retryEveryMs', 'must be > 0');
  return { ttlMs, renewEveryMs, validForMs, retryEveryMs };
}

function invalid(argument: string, reason: string): InvalidArgumentError {
  return new InvalidArgumentError('keepLease', argument, reason);
}

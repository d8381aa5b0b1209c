import { isRetcodeError } from '../../errors/guards.js';
import type { WxEvent } from '../../model/events.js';
import type { RetryNotice } from '../../retry/retry-on-retcode.js';

/** A 1205 back-off as the `rate-limited` event `events$` shows while it lasts; other retries are no event. */
export function rateLimitedEvent(notice: RetryNotice, now: number): WxEvent | undefined {
  if (notice.outcome !== 'rate-limited' || !isRetcodeError(notice.error)) return undefined;
  return { type: 'rate-limited', endpoint: notice.error.endpoint, delayMs: notice.delayMs, until: now + notice.delayMs };
}

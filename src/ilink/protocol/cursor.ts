/** The rules of the update cursor and the long poll's timing (docs/ilink-protocol.md §5.1, §5.2). */

/** The server's suggested hold before it has suggested one (docs/ilink-protocol.md §5.1). */
export const DEFAULT_HOLD_MS = 35_000;
/**
 * How much longer than the server's hold the client waits (docs/ilink-protocol.md §5.1): with a timeout equal to the hold the two race and
 * the client often gives up first (§13).
 */
export const HOLD_MARGIN_MS = 5_000;

/** The client timeout of a poll under a suggested hold. */
export const pollTimeoutMs = (holdMs: number): number => holdMs + HOLD_MARGIN_MS;

/**
 * API hosts whose proxy ends a held request with HTTP 524 after about 16 s (docs/ilink-protocol.md §1, observed on
 * the international edge): a poll there stops waiting after `SHORT_POLL_MS`, which reads as an empty answer and polls
 * again at once, instead of a 524 that counts as a failure and, every third time, pauses the bot for 30 s.
 */
const SHORT_POLL_HOSTS: ReadonlySet<string> = new Set(['ilinkai.wechat.com']);
export const SHORT_POLL_MS = 10_000;

/** The client timeout of a poll to the API base `base` under a suggested hold. */
export function pollTimeoutFor(base: string, holdMs: number): number {
  const timeout = pollTimeoutMs(holdMs);
  return SHORT_POLL_HOSTS.has(new URL(base).hostname) ? Math.min(timeout, SHORT_POLL_MS) : timeout;
}

/** The next hold: the answer's `longpolling_timeout_ms` when positive, else the current one (docs/ilink-protocol.md §5.3). */
export const nextHoldMs = (current: number, suggested: number | undefined): number =>
  suggested !== undefined && suggested > 0 ? suggested : current;

/** The cursor to send next: the answer's when it is non-empty, else the current one (docs/ilink-protocol.md §5.2). */
export const nextCursor = (current: string, answered: string | undefined): string =>
  answered !== undefined && answered !== '' ? answered : current;

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

/** The next hold: the answer's `longpolling_timeout_ms` when positive, else the current one (docs/ilink-protocol.md §5.3). */
export const nextHoldMs = (current: number, suggested: number | undefined): number =>
  suggested !== undefined && suggested > 0 ? suggested : current;

/** The cursor to send next: the answer's when it is non-empty, else the current one (docs/ilink-protocol.md §5.2). */
export const nextCursor = (current: string, answered: string | undefined): string =>
  answered !== undefined && answered !== '' ? answered : current;

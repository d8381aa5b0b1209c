/**
 * Media transfers get timeouts that fit their size (docs/protocol.md §6: one 60 s timeout for everything fails large
 * videos): a fixed allowance for the round trip plus the time the bytes take at a floor rate.
 */
export interface TransferTimeouts {
  /** Allowance for the round trip, whatever the size, in ms. @default 15000 */
  readonly baseMs?: number;
  /** The slowest rate still considered alive, in bytes per second. @default 65536 (64 KiB/s) */
  readonly minBytesPerSecond?: number;
  /** A download that receives nothing for this long fails, in ms. @default 30000 */
  readonly idleMs?: number;
}

export const DEFAULT_TRANSFER_TIMEOUTS: Required<TransferTimeouts> = { baseMs: 15_000, minBytesPerSecond: 65_536, idleMs: 30_000 };

/** `baseMs + bytes / minBytesPerSecond` in ms. */
export function transferTimeoutMs(bytes: number, timeouts: TransferTimeouts = {}): number {
  const base = timeouts.baseMs ?? DEFAULT_TRANSFER_TIMEOUTS.baseMs;
  const rate = Math.max(1, timeouts.minBytesPerSecond ?? DEFAULT_TRANSFER_TIMEOUTS.minBytesPerSecond);
  return Math.ceil(base + (bytes / rate) * 1000);
}

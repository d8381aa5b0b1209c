/** Message ids as the server hands them out: one generator per account, kept across its logins. */
import { mulberry32 } from '../prng.js';

/**
 * Monotonically increasing 19-digit message ids above 2^53, seeded per world; steps vary so ids look real and
 * consecutive ids are never adjacent integers.
 */
export class MsgIdGenerator {
  private current: bigint;
  private readonly rand: () => number;

  constructor(seed = 1) {
    this.rand = mulberry32(seed ^ 0x5eed1d);
    this.current = 4_000_000_000_000_000_000n + BigInt(Math.floor(this.rand() * 1e15)) * 1000n;
  }

  /** The next id (strictly greater than every earlier one). */
  next(): bigint {
    this.current += 1n + BigInt(Math.floor(this.rand() * 65_536));
    return this.current;
  }

  /** The last id handed out. */
  get last(): bigint {
    return this.current;
  }
}

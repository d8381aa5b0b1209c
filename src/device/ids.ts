import { randomBytes } from 'node:crypto';

const TWO_53 = 2n ** 53n;
const TWO_62 = 2n ** 62n;

/**
 * Increasing frame ids as exact decimal strings, like the reference server: from a random positive start, here
 * always above 2^53 so any loss of precision shows at once, and below 2^62 so the counter never overflows int64.
 */
export function createIdSource(first?: bigint | string): () => string {
  let next = first === undefined ? randomStart() : BigInt(first);
  return () => {
    const id = next.toString();
    next += 1n;
    return id;
  };
}

function randomStart(): bigint {
  const random = randomBytes(8).readBigUInt64BE() % (TWO_62 - TWO_53);
  return TWO_53 + random;
}

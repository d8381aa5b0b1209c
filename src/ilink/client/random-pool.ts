import { randomBytes, randomFillSync } from 'node:crypto';

/** How many random bytes are drawn from node:crypto at a time. */
const POOL_BYTES = 4096;

/**
 * Random bytes from node:crypto, drawn `POOL_BYTES` at a time and handed out once each, as copies (no caller sees
 * the pool). Every request needs 4 (`X-WECHAT-UIN`), and a call of `randomBytes(4)` costs about 2 µs (Node 20)
 * against 0.15 µs from the pool; the bytes are the same CSPRNG's either way.
 */
export function pooledRandomBytes(): (size: number) => Uint8Array {
  let pool = new Uint8Array(0);
  let offset = 0;
  return (size) => {
    if (size > POOL_BYTES) return randomBytes(size);
    if (offset + size > pool.length) {
      // A plain Uint8Array, whose `slice` copies (a Buffer's would share the pool).
      pool = randomFillSync(new Uint8Array(POOL_BYTES));
      offset = 0;
    }
    const bytes = pool.slice(offset, offset + size);
    offset += size;
    return bytes;
  };
}

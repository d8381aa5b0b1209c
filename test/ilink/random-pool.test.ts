import { describe, expect, it } from 'vitest';
import { pooledRandomBytes } from '../../src/ilink/client/random-pool.js';

describe('pooledRandomBytes', () => {
  it('hands out each pooled byte once, as copies that share nothing with the pool', () => {
    const random = pooledRandomBytes();
    const draws = Array.from({ length: 600 }, () => random(8));
    // 600 draws of 8 bytes cross the 4 KiB pool's end; a repeated 64-bit value would be a slice handed out twice.
    expect(new Set(draws.map((bytes) => Buffer.from(bytes).toString('hex'))).size).toBe(draws.length);
    for (const bytes of draws) {
      expect(bytes).toHaveLength(8);
      expect(bytes.byteOffset).toBe(0);
      expect(bytes.buffer.byteLength).toBe(8);
    }
  });

  it('draws a request larger than the pool straight from node:crypto', () => {
    const random = pooledRandomBytes();
    expect(random(10_000)).toHaveLength(10_000);
    expect(random(16)).toHaveLength(16);
  });
});

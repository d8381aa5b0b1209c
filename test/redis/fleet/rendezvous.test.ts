import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignShards, rendezvousOwner, shardsOwnedBy } from '../../../src/redis/fleet/rendezvous.js';

const SHARDS = 64;
const processIds = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 24 }), { minLength: 1, maxLength: 12 });
const withPermutation = processIds.chain((ids) =>
  fc.tuple(fc.constant(ids), fc.shuffledSubarray(ids, { minLength: ids.length, maxLength: ids.length })),
);

describe('rendezvous assignment', () => {
  it('gives the same owners as SHA-1 over "<shard>\\0<process>" (every version of a fleet must agree)', () => {
    // Computed independently: max over ids of the first 8 bytes of sha1(f"{shard}\0{id}"), big-endian.
    const [a, b, c] = ['host-1:100:aa', 'host-1:101:bb', 'host-2:100:cc'] as const;
    expect(assignShards(12, [a, b, c])).toEqual([b, c, b, b, b, a, a, b, c, b, a, b]);
  });

  it('gives every shard to exactly one of the live processes, whatever their order', () => {
    fc.assert(
      fc.property(withPermutation, ([ids, permuted]) => {
        const owners = assignShards(SHARDS, ids);
        expect(owners).toHaveLength(SHARDS);
        for (const owner of owners) expect(ids).toContain(owner);
        expect(assignShards(SHARDS, permuted)).toEqual(owners);
        const split = ids.map((id) => shardsOwnedBy(id, SHARDS, ids));
        expect(split.flat().sort((x, y) => x - y)).toEqual(Array.from({ length: SHARDS }, (_, shard) => shard));
      }),
    );
  });

  it('moves only the shards of a process that leaves, and only shards to a process that joins', () => {
    fc.assert(
      fc.property(processIds.filter((ids) => ids.length >= 2), fc.nat(), (ids, pick) => {
        const leaving = ids[pick % ids.length]!;
        const before = assignShards(SHARDS, ids);
        const after = assignShards(SHARDS, ids.filter((id) => id !== leaving));
        before.forEach((owner, shard) => {
          if (owner !== leaving) expect(after[shard]).toBe(owner);
        });
        // Joining is the same change read backwards.
        after.forEach((owner, shard) => {
          if (before[shard] !== owner) expect(before[shard]).toBe(leaving);
        });
      }),
    );
  });

  it('spreads 256 shards evenly enough over 4 processes of one host', () => {
    const ids = ['host:4001:1a2b', 'host:4002:3c4d', 'host:4003:5e6f', 'host:4004:7a8b'];
    for (const id of ids) expect(shardsOwnedBy(id, 256, ids).length).toBeGreaterThan(40);
  });

  it('has no owner without live processes', () => {
    expect(rendezvousOwner(0, [])).toBeUndefined();
    expect(assignShards(8, [])).toEqual([]);
  });
});

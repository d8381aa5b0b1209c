import { createHash } from 'node:crypto';

/**
 * Rendezvous (highest-random-weight) hashing: every process scores every shard with a hash of the pair, and the
 * highest score owns the shard. Every process computes the same owners from the same list of live processes with
 * no coordination, and when a process leaves or joins only the shards it owned (or wins) move.
 */
export function rendezvousOwner(shard: number, processes: readonly string[]): string | undefined {
  let owner: string | undefined;
  let best = -1n;
  for (const process of processes) {
    const score = weight(process, shard);
    // Equal scores (practically never) go to the smaller id, so the owner does not depend on the list's order.
    if (score > best || (score === best && owner !== undefined && process < owner)) {
      owner = process;
      best = score;
    }
  }
  return owner;
}

/** The owner of each shard `0 … shardCount - 1` (index = shard); empty when no process is live. */
export function assignShards(shardCount: number, processes: readonly string[]): string[] {
  if (processes.length === 0) return [];
  return Array.from({ length: shardCount }, (_, shard) => rendezvousOwner(shard, processes) as string);
}

/** The shards `process` owns among `processes`, ascending. */
export function shardsOwnedBy(process: string, shardCount: number, processes: readonly string[]): number[] {
  return assignShards(shardCount, processes).flatMap((owner, shard) => (owner === process ? [shard] : []));
}

/** 64 bits of SHA-1 over the pair: ids of one host differ in a few characters only, so the hash must mix well. */
function weight(process: string, shard: number): bigint {
  return createHash('sha1').update(`${shard}\u0000${process}`).digest().readBigUInt64BE(0);
}

import { afterEach, describe, expect, it } from 'vitest';
import { acquireLease } from '../../../src/redis/fleet/lease.js';
import { heartbeat, leaveRegistry, liveProcesses, watchProcesses } from '../../../src/redis/fleet/process-registry.js';
import { shardsOwnedBy } from '../../../src/redis/fleet/rendezvous.js';
import { ownShards } from '../../../src/redis/fleet/shard-ownership.js';
import { type Recording, record } from './recorder.js';
import { sleep, useRedis } from './use-redis.js';

const redis = useRedis();
const TTL = 300;
const SHARDS = 8;
const recordings: Recording[] = [];

afterEach(async () => {
  for (const recording of recordings.splice(0)) recording.subscription.unsubscribe();
  await sleep(20); // the releases and the registry exits go out
});

describe('the process registry', () => {
  it('lists the processes that sent a heartbeat within their TTL, by the Redis clock', async () => {
    expect(await heartbeat(redis.client, { id: 'b', ttlMs: 150 })).toEqual(['b']);
    expect(await heartbeat(redis.client, { id: 'a', ttlMs: 10_000 })).toEqual(['a', 'b']);
    await sleep(200);
    expect(await liveProcesses(redis.client)).toEqual(['a']);
    await leaveRegistry(redis.client, { id: 'a' });
    expect(await liveProcesses(redis.client)).toEqual([]);
  });

  it('emits the live processes when they change, and leaves on unsubscribe', async () => {
    const seen: Array<readonly string[]> = [];
    const watching = watchProcesses(redis.client, { id: 'a', ttlMs: 150 }).subscribe((live) => seen.push(live));
    await sleep(100);
    await heartbeat(redis.client, { id: 'b', ttlMs: 100 });
    await sleep(300);
    watching.unsubscribe();
    await sleep(20);
    expect(seen).toEqual([['a'], ['a', 'b'], ['a']]);
    expect(await liveProcesses(redis.client)).toEqual([]);
  });
});

describe('ownShards', () => {
  const own = (holder: string, drained: number[] = []): Recording => {
    const recording = record(
      ownShards(redis.client, { shardCount: SHARDS, holder, ttlMs: TTL, drain: async (lease) => void drained.push(lease.shard) }),
    );
    recordings.push(recording);
    return recording;
  };
  const shardsWith = (recording: Recording, type: string, token?: number) =>
    recording.events
      .filter((event) => event.type === type && (token === undefined || event.lease.token === token))
      .map((event) => event.lease.shard)
      .sort((x, y) => x - y);
  const settled = async (recording: Recording, type: string, count: number, token?: number) => {
    await recording.until(() => shardsWith(recording, type, token).length >= count);
  };

  it('takes every shard alone; hands the new process its shards after draining them; takes them back when it leaves', async () => {
    const toB = shardsOwnedBy('B', SHARDS, ['A', 'B']);
    expect(toB.length).toBeGreaterThan(0);
    expect(toB.length).toBeLessThan(SHARDS);

    const drainedByA: number[] = [];
    const a = own('A', drainedByA);
    await settled(a, 'acquired', SHARDS);
    expect(shardsWith(a, 'acquired')).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);

    const b = own('B');
    await settled(b, 'acquired', toB.length);
    expect(shardsWith(b, 'acquired', 2)).toEqual(toB);
    expect(drainedByA.sort((x, y) => x - y)).toEqual(toB);
    expect(shardsWith(a, 'released')).toEqual(toB);
    expect(shardsWith(a, 'lost')).toEqual([]);

    b.subscription.unsubscribe();
    await settled(a, 'acquired', toB.length, 3);
    expect(shardsWith(a, 'acquired', 3)).toEqual(toB);
    expect(shardsWith(a, 'acquired')).toHaveLength(SHARDS + toB.length);
    expect(await liveProcesses(redis.client)).toEqual(['A']);
  });

  it('takes over the shards of a crashed process about one lease TTL after its last renewal', async () => {
    const crashed = shardsOwnedBy('B', SHARDS, ['A', 'B']);
    // B's last acts before it died: a heartbeat and its leases.
    await heartbeat(redis.client, { id: 'B', ttlMs: TTL / 2 });
    for (const shard of crashed) await acquireLease(redis.client, { shard, holder: 'B', ttlMs: TTL });
    const died = performance.now();

    const a = own('A');
    await settled(a, 'acquired', SHARDS);
    const takeovers = a.events.filter((event) => crashed.includes(event.lease.shard)).map((event) => event.at - died);
    expect(takeovers).toHaveLength(crashed.length);
    for (const after of takeovers) {
      expect(after).toBeGreaterThan(TTL - 30);
      expect(after).toBeLessThan(TTL + 150);
    }
  });
});

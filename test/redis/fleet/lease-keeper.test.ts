import { Subject } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/errors/invalid-argument-error.js';
import type { RedisCommands, ScriptCall } from '../../../src/redis/commands.js';
import { acquireLease, type Lease, releaseLease } from '../../../src/redis/fleet/lease.js';
import { keepLease, type LeaseKeeperOptions } from '../../../src/redis/fleet/lease-keeper.js';
import { shardKeys } from '../../../src/redis/fleet/shard-keys.js';
import { is, type Recording, record } from './recorder.js';
import { sleep, useRedis } from './use-redis.js';

const redis = useRedis();
const TTL = 300;
const leaseKey = shardKeys(0).lease;
const recordings: Recording[] = [];

afterEach(async () => {
  for (const recording of recordings.splice(0)) recording.subscription.unsubscribe();
  // An unsubscribed keeper's release is still on its way (a script's first call loads it: three round trips). It
  // must land before the next test empties Redis and hands the same holder name the same token again.
  await sleep(50);
});

function keeper(holder: string, { client = redis.client, ...options }: Partial<LeaseKeeperOptions> & { client?: RedisCommands } = {}): Recording {
  const recording = record(keepLease(client, { shard: 0, holder, ttlMs: TTL, ...options }));
  recordings.push(recording);
  return recording;
}

/**
 * A client that, once armed, blocks the event loop for a whole TTL right after Redis answered the first script call
 * that `matches`: the reply reaches the keeper after its deadline, before any timer can fire.
 */
function stallOnce(client: RedisCommands, matches: (call: ScriptCall) => boolean) {
  let armed = false;
  let stalled = false;
  const stall = <T>(reply: T, call: ScriptCall): T => {
    if (armed && matches(call)) {
      armed = false;
      stalled = true;
      const until = performance.now() + TTL;
      while (performance.now() < until); // a synchronous stall, like a long GC pause
    }
    return reply;
  };
  return {
    arm: () => void (armed = true),
    stalled: () => stalled,
    client: {
      scriptLoad: (script) => client.scriptLoad(script),
      evalSha: (sha1, call) => client.evalSha(sha1, call).then((reply) => stall(reply, call)),
      hGetAll: (key) => client.hGetAll(key),
    } satisfies RedisCommands,
  };
}

describe('keepLease', () => {
  it('does nothing until subscribed, then acquires and keeps renewing without a loss', async () => {
    const events$ = keepLease(redis.client, { shard: 0, holder: 'a', ttlMs: TTL });
    await sleep(50);
    expect(await redis.client.exists(leaseKey)).toBe(0);

    const a = record(events$);
    recordings.push(a);
    await sleep(TTL * 3);
    expect(a.events[0]).toMatchObject({ type: 'acquired', lease: { token: 1, holder: 'a' } });
    expect(a.events.filter(is('renewed')).length).toBeGreaterThanOrEqual(8);
    expect(a.events.filter(is('lost'))).toEqual([]);
    expect(await redis.client.get(leaseKey)).toBe('1:a');
  });

  it('releases on unsubscribe, and a waiting keeper takes the shard over at once with the next token', async () => {
    const a = keeper('a');
    await a.until(is('acquired'));
    const b = keeper('b');
    await sleep(TTL);
    expect(b.events).toEqual([]);

    a.subscription.unsubscribe();
    const released = performance.now();
    const taken = await b.until(is('acquired'));
    expect(taken.lease.token).toBe(2);
    expect(taken.at - released).toBeLessThan(TTL / 2);
  });

  it('takes over the shard of a holder that stopped renewing as soon as its lease runs out', async () => {
    const crashed = await acquireLease(redis.client, { shard: 0, holder: 'crashed', ttlMs: TTL });
    const started = performance.now();
    const b = keeper('b', { retryEveryMs: 1_000 });
    const taken = await b.until(is('acquired'));
    expect(taken.lease.token).toBe(crashed.acquired ? crashed.lease.token + 1 : -1);
    // It waits for the remaining TTL Redis reported, not for its (longer) retry period.
    expect(taken.at - started).toBeGreaterThan(TTL - 60);
    expect(taken.at - started).toBeLessThan(TTL + 200);
  });

  it('reports `lost` (taken) when Redis says another process holds the shard, then waits to get it back', async () => {
    const a = keeper('a');
    const first = await a.until(is('acquired'));
    await redis.client.del(leaseKey);
    const intruder = await acquireLease(redis.client, { shard: 0, holder: 'b', ttlMs: 5_000 });

    const lost = await a.until(is('lost'));
    expect(lost).toMatchObject({ reason: 'taken', lease: first.lease });
    await releaseLease(redis.client, (intruder as { lease: Lease }).lease);
    const again = await a.until((event) => event.type === 'acquired' && event.lease.token === 3);
    expect(again.at).toBeGreaterThan(lost.at);
  });

  it('reports `lost` (expired) by its own clock when Redis stops answering, before the lease runs out, and recovers', async () => {
    const a = keeper('a');
    const first = await a.until(is('acquired'));
    await sleep(TTL / 2);
    redis.server.pause();
    let lost;
    try {
      lost = await a.until(is('lost'), TTL * 2);
    } finally {
      redis.server.resume();
    }
    expect(lost).toMatchObject({ reason: 'expired', lease: first.lease });
    // Within TTL - margin of the last confirmed renewal, so before Redis would let anyone else in.
    const lastConfirmed = a.events.filter((event) => event.type !== 'lost').at(-1)!;
    expect(lost.at - lastConfirmed.at).toBeLessThan(TTL);
    const again = await a.until((event) => event.type === 'acquired' && event.lease.token === 2);
    expect(again.at).toBeGreaterThan(lost.at);
  });

  it('counts a renewal whose confirmation comes after its own deadline as lost (a stall of the event loop)', async () => {
    const stalling = stallOnce(redis.client, (call) => call.keys.length === 1 && call.arguments.length === 2);
    const a = keeper('a', { client: stalling.client });
    const first = await a.until(is('acquired'));
    stalling.arm();
    const lost = await a.until(is('lost'));
    expect(lost).toMatchObject({ reason: 'expired', lease: first.lease });
    expect(stalling.stalled()).toBe(true);
    expect(a.events.filter((event) => event.type === 'renewed' && event.at > lost.at - TTL)).toEqual([]);
    // Redis did renew it; the keeper gives it back and takes the shard anew.
    const again = await a.until((event) => event.type === 'acquired' && event.lease.token === 2);
    expect(again.at).toBeGreaterThan(lost.at);
  });

  it('does not trust an acquisition confirmed after its own deadline: it lets it go and acquires anew', async () => {
    const stalling = stallOnce(redis.client, (call) => call.keys.length === 2);
    stalling.arm();
    const a = keeper('a', { client: stalling.client });
    const first = await a.until(is('acquired'));
    expect(stalling.stalled()).toBe(true);
    expect(first.lease.token).toBe(2);
  });

  it('hands off: drains while it keeps renewing, then releases, and the next owner acquires at once', async () => {
    const handOff$ = new Subject<void>();
    const log: string[] = [];
    let drainedAt = 0;
    const a = keeper('a', {
      handOff$,
      drain: async (lease) => {
        log.push(`drain ${lease.token}`);
        await sleep(TTL * 2);
        drainedAt = performance.now();
        log.push('drained');
      },
    });
    await a.until(is('acquired'));
    const b = keeper('b');
    await sleep(TTL / 2);

    handOff$.next();
    const released = await a.until(is('released'));
    const taken = await b.until(is('acquired'));
    expect(log).toEqual(['drain 1', 'drained']);
    // The lease outlived its TTL during the drain: renewals went on, nobody took it.
    expect(a.events.filter((event) => event.type === 'renewed' && event.at < drainedAt).length).toBeGreaterThanOrEqual(5);
    expect(a.events.filter(is('lost'))).toEqual([]);
    expect(released.at).toBeGreaterThanOrEqual(drainedAt);
    expect(taken.lease.token).toBe(2);
    expect(taken.at).toBeGreaterThan(released.at);
    expect(taken.at - released.at).toBeLessThan(TTL / 2);
    expect(a.ended()).toBe('complete');
  });

  it('releases and fails the stream with the error of a drain that fails or throws', async () => {
    const failure = new Error('commit failed');
    const drains = [
      () => Promise.reject(failure),
      () => {
        throw failure;
      },
    ];
    for (const drain of drains) {
      const handOff$ = new Subject<void>();
      const a = keeper('a', { handOff$, drain });
      await a.until(is('acquired'));
      handOff$.next();
      await a.until(is('released'));
      expect(a.ended()).toEqual({ error: failure });
      expect(await redis.client.exists(leaseKey)).toBe(0);
    }
  });

  it('completes at once on a hand-off while it does not hold the shard', async () => {
    await acquireLease(redis.client, { shard: 0, holder: 'b', ttlMs: 5_000 });
    const handOff$ = new Subject<void>();
    let drained = false;
    const a = keeper('a', { handOff$, drain: async () => void (drained = true) });
    await sleep(50);
    handOff$.next();
    await sleep(20);
    expect(a.ended()).toBe('complete');
    expect(a.events).toEqual([]);
    expect(drained).toBe(false);
  });

  it('refuses a timing or a target that cannot work when called', () => {
    const base = { shard: 0, holder: 'a' };
    expect(() => keepLease(redis.client, { shard: -1, holder: 'a', ttlMs: TTL })).toThrow(InvalidArgumentError);
    expect(() => keepLease(redis.client, { shard: 0, holder: '', ttlMs: TTL })).toThrow(InvalidArgumentError);
    expect(() => keepLease(redis.client, { ...base, ttlMs: 0 })).toThrow(InvalidArgumentError);
    expect(() => keepLease(redis.client, { ...base, ttlMs: TTL, safetyMarginMs: TTL })).toThrow(InvalidArgumentError);
    expect(() => keepLease(redis.client, { ...base, ttlMs: TTL, renewEveryMs: 250 })).toThrow(/renewEveryMs/);
    expect(() => keepLease(redis.client, { ...base, ttlMs: TTL, retryEveryMs: 0 })).toThrow(InvalidArgumentError);
  });
});

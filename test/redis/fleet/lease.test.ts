import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/errors/invalid-argument-error.js';
import { FencedOutError, isFencedOutError } from '../../../src/redis/fenced-out-error.js';
import { fencedWrite } from '../../../src/redis/fleet/fenced-write.js';
import { acquireLease, type Lease, releaseLease, renewLease } from '../../../src/redis/fleet/lease.js';
import { shardKeys } from '../../../src/redis/fleet/shard-keys.js';
import { sleep, useRedis } from './use-redis.js';

const redis = useRedis();
const TTL = 300;
const keys = shardKeys(3);

async function acquired(holder: string, shard = 3): Promise<Lease> {
  const result = await acquireLease(redis.client, { shard, holder, ttlMs: TTL });
  if (!result.acquired) throw new Error(`${holder} did not get shard ${shard}: ${result.holder} holds it`);
  return result.lease;
}

describe('shard leases', () => {
  it('gives a free shard to the first process with token 1 and tells the next who holds it', async () => {
    const lease = await acquired('a');
    expect(lease).toEqual({ shard: 3, namespace: 'wx', token: 1, holder: 'a' });
    expect(await redis.client.get(keys.lease)).toBe('1:a');
    expect(await redis.client.pTTL(keys.lease)).toBeGreaterThan(TTL / 2);

    const second = await acquireLease(redis.client, { shard: 3, holder: 'b', ttlMs: TTL });
    expect(second).toMatchObject({ acquired: false, holder: 'a', token: 1 });
    expect(second.acquired === false && second.remainingMs).toBeGreaterThan(0);
  });

  it('reports a holding without expiry (a key not set by a fleet) as never running out', async () => {
    await redis.client.set(keys.lease, '7:by-hand');
    expect(await acquireLease(redis.client, { shard: 3, holder: 'a', ttlMs: TTL })).toEqual({
      acquired: false,
      holder: 'by-hand',
      token: 7,
      remainingMs: Infinity,
    });
  });

  it('keeps the shard for as long as the holder renews it', async () => {
    const lease = await acquired('a');
    for (let round = 0; round < 4; round++) {
      await sleep(TTL / 2);
      expect(await renewLease(redis.client, lease, TTL)).toBe(true);
    }
    // 600 ms after the acquisition, twice the TTL: still held.
    expect((await acquireLease(redis.client, { shard: 3, holder: 'b', ttlMs: TTL })).acquired).toBe(false);
  });

  it('lets another process take an expired shard with a higher token; the old holding can neither renew nor release it', async () => {
    const old = await acquired('a');
    await sleep(TTL + 50);
    const taker = await acquired('b');
    expect(taker.token).toBe(old.token + 1);

    expect(await renewLease(redis.client, old, TTL)).toBe(false);
    expect(await releaseLease(redis.client, old)).toBe(false);
    expect(await redis.client.get(keys.lease)).toBe('2:b');
  });

  it('refuses a release by a process that does not hold the shard and frees it at once for the holder', async () => {
    const lease = await acquired('a');
    expect(await releaseLease(redis.client, { ...lease, holder: 'b' })).toBe(false);
    expect(await releaseLease(redis.client, { ...lease, token: lease.token + 1 })).toBe(false);
    expect(await redis.client.get(keys.lease)).toBe('1:a');

    expect(await releaseLease(redis.client, lease)).toBe(true);
    expect((await acquired('b')).token).toBe(2);
  });

  it('counts tokens per shard and per namespace', async () => {
    const first = await acquired('a', 1);
    expect((await acquired('a', 2)).token).toBe(1);
    const elsewhere = await acquireLease(redis.client, { shard: 1, namespace: 'other', holder: 'a', ttlMs: TTL });
    expect(elsewhere).toMatchObject({ acquired: true, lease: { token: 1, namespace: 'other' } });

    await releaseLease(redis.client, first);
    expect((await acquired('b', 1)).token).toBe(2);
  });

  it('refuses a shard that is not a non-negative integer, an empty holder and a TTL that is not a positive integer', async () => {
    for (const target of [
      { shard: -1, holder: 'a', ttlMs: TTL },
      { shard: 1.5, holder: 'a', ttlMs: TTL },
      { shard: 1, holder: '', ttlMs: TTL },
      { shard: 1, holder: 'a', ttlMs: 0 },
    ]) {
      await expect(acquireLease(redis.client, target)).rejects.toBeInstanceOf(InvalidArgumentError);
    }
  });
});

describe('fenced writes', () => {
  const session = `${keys.tag}:sess:alice`;
  const events = `${keys.tag}:ev`;
  const batch = (text: string) =>
    [
      ['XADD', events, '*', 'text', text],
      ['HSET', session, 'synckey', text],
      ['SET', `${keys.tag}:last`, text],
    ] as const;

  it('applies every command of the holder, in order, and answers their replies', async () => {
    const lease = await acquired('a');
    const replies = await fencedWrite(redis.client, lease, batch('one'));
    expect(replies).toEqual([expect.stringMatching(/^\d+-\d+$/), 1, 'OK']);
    expect(await redis.client.hGet(session, 'synckey')).toBe('one');
    expect(await redis.client.xLen(events)).toBe(1);
  });

  it('refuses, writing nothing, a holder whose shard was taken over, and names the new holding', async () => {
    const old = await acquired('a');
    await fencedWrite(redis.client, old, batch('before'));
    await sleep(TTL + 50);
    const taker = await acquired('b');

    const refusal = await fencedWrite(redis.client, old, batch('after')).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(FencedOutError);
    expect(isFencedOutError(refusal)).toBe(true);
    expect(refusal).toMatchObject({ shard: 3, token: 1, current: { token: 2, holder: 'b' } });
    expect(await redis.client.hGet(session, 'synckey')).toBe('before');
    expect(await redis.client.xLen(events)).toBe(1);

    await fencedWrite(redis.client, taker, batch('taker'));
    expect(await redis.client.get(`${keys.tag}:last`)).toBe('taker');
  });

  it('refuses a holder whose lease expired even when nobody took the shard yet', async () => {
    const lease = await acquired('a');
    await sleep(TTL + 50);
    await expect(fencedWrite(redis.client, lease, batch('late'))).rejects.toMatchObject({ name: 'FencedOutError', current: undefined });
    expect(await redis.client.exists(session)).toBe(0);
  });

  it('refuses a holding with the current token but another holder (a counter reset by a Redis that lost its data)', async () => {
    await acquired('b');
    const impostor: Lease = { shard: 3, namespace: 'wx', token: 1, holder: 'a' };
    await expect(fencedWrite(redis.client, impostor, batch('x'))).rejects.toBeInstanceOf(FencedOutError);
  });

  it('refuses a key without the shard\'s hash tag before sending anything', async () => {
    const lease = await acquired('a');
    for (const key of ['wx:3:last', '{wx:4}:last', 'x{}{wx:3}']) {
      await expect(fencedWrite(redis.client, lease, [['SET', key, 'v']])).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    expect(await redis.client.dbSize()).toBe(2); // the lease and its token counter
  });
});

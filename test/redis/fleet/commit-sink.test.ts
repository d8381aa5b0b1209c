import { describe, expect, it } from 'vitest';
import { FencedOutError } from '../../../src/redis/fenced-out-error.js';
import { commitKeys, redisCommitSink } from '../../../src/redis/fleet/commit-sink.js';
import { acquireLease, type Lease, releaseLease } from '../../../src/redis/fleet/lease.js';
import { shardKeys } from '../../../src/redis/fleet/shard-keys.js';
import { useRedis } from './use-redis.js';

const redis = useRedis();
const TTL = 5000;

interface TestMessage {
  readonly id: string;
  readonly chat: string;
  readonly text: string;
}

async function acquired(holder: string): Promise<Lease> {
  const result = await acquireLease(redis.client, { shard: 4, holder, ttlMs: TTL });
  if (!result.acquired) throw new Error(`${holder} did not get the shard`);
  return result.lease;
}

const message = (id: string, chat = 'chat-a'): TestMessage => ({ id, chat, text: `text ${id}` });

function sinkFor(lease: Lease | (() => Lease), dedupeWindow?: number) {
  return redisCommitSink<TestMessage, { cursor: string }>(redis.client, {
    lease,
    encodeState: (state) => JSON.stringify(state),
    ...(dedupeWindow === undefined ? {} : { dedupeWindow }),
  });
}

async function streamOf(lease: Lease): Promise<Record<string, string>[]> {
  const entries = (await redis.client.xRange(commitKeys(lease, 'bot-1').events, '-', '+')) ?? [];
  return entries.map((entry) => ({ ...entry.message }));
}

describe('redisCommitSink', () => {
  it('appends a batch to the shard stream and saves the state in one step', async () => {
    const lease = await acquired('a');
    const sink = sinkFor(lease);
    expect(await sink.commitCounted({ account: 'bot-1', messages: [message('1'), message('2', 'chat-b')], state: { cursor: 'c1' } })).toBe(2);
    expect(await streamOf(lease)).toEqual([
      { account: 'bot-1', chat: 'chat-a', id: '1', message: JSON.stringify(message('1')) },
      { account: 'bot-1', chat: 'chat-b', id: '2', message: JSON.stringify(message('2', 'chat-b')) },
    ]);
    expect(await redis.client.get(commitKeys(lease, 'bot-1').state)).toBe('{"cursor":"c1"}');
    expect(commitKeys(lease, 'bot-1').events).toBe('{wx:4}:ev');
  });

  it('drops ids committed before (a re-delivered batch) and ids repeated within a batch, and still saves the state', async () => {
    const lease = await acquired('a');
    const sink = sinkFor(lease);
    await sink.commit({ account: 'bot-1', messages: [message('1'), message('2')], state: { cursor: 'c1' } });
    expect(await sink.commitCounted({ account: 'bot-1', messages: [message('2'), message('3'), message('3')], state: { cursor: 'c2' } })).toBe(1);
    expect((await streamOf(lease)).map((entry) => entry.id)).toEqual(['1', '2', '3']);
    expect(await redis.client.get(commitKeys(lease, 'bot-1').state)).toBe('{"cursor":"c2"}');
    // Another account's ids are its own.
    expect(await sink.commitCounted({ account: 'bot-2', messages: [message('1')], state: { cursor: 'x' } })).toBe(1);
  });

  it('remembers only the last dedupeWindow ids per account', async () => {
    const lease = await acquired('a');
    const sink = sinkFor(lease, 3);
    await sink.commit({ account: 'bot-1', messages: ['1', '2', '3', '4', '5'].map((id) => message(id)), state: { cursor: 'c' } });
    expect(await redis.client.zRange(commitKeys(lease, 'bot-1').ids, 0, -1)).toEqual(['3', '4', '5']);
    // The oldest fell out of the window, so it counts as new again; a remembered one does not.
    expect(await sink.commitCounted({ account: 'bot-1', messages: [message('1'), message('5')], state: { cursor: 'd' } })).toBe(1);
  });

  it('writes nothing once the lease was taken over, and commits with the new holding it reads each time', async () => {
    const old = await acquired('a');
    let current = old;
    const sink = sinkFor(() => current);
    await sink.commit({ account: 'bot-1', messages: [message('1')], state: { cursor: 'c1' } });
    await releaseLease(redis.client, old);
    const taken = await acquired('b');

    const refused = sinkFor(old).commit({ account: 'bot-1', messages: [message('2')], state: { cursor: 'stale' } });
    await expect(refused).rejects.toBeInstanceOf(FencedOutError);
    await expect(refused).rejects.toMatchObject({ token: old.token, current: { token: taken.token, holder: 'b' } });
    expect((await streamOf(old)).map((entry) => entry.id)).toEqual(['1']);
    expect(await redis.client.get(commitKeys(old, 'bot-1').state)).toBe('{"cursor":"c1"}');
    expect(await redis.client.zRange(commitKeys(old, 'bot-1').ids, 0, -1)).toEqual(['1']);

    current = taken;
    expect(await sink.commitCounted({ account: 'bot-1', messages: [message('1'), message('2')], state: { cursor: 'c2' } })).toBe(1);
  });

  it('refuses a commit after the lease expired with nobody holding the shard', async () => {
    const lease = await acquired('a');
    await redis.client.del(shardKeys(4).lease);
    await expect(sinkFor(lease).commit({ account: 'bot-1', messages: [message('1')], state: { cursor: 'c' } })).rejects.toMatchObject({ current: undefined });
    expect(await redis.client.exists(commitKeys(lease, 'bot-1').events)).toBe(0);
  });
});

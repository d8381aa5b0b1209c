import type { Subscription } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { consumeEvents } from '../../../src/redis/fleet/event-consumer.js';
import type { EventStreamEvent } from '../../../src/redis/fleet/event-stream-events.js';
import { readGroupLag, trimEvents } from '../../../src/redis/fleet/event-trim.js';
import { sleep, useRedis } from './use-redis.js';

const redis = useRedis();
const STREAM = '{wx:1}:ev';
let subscription: Subscription | undefined;
afterEach(() => subscription?.unsubscribe());

async function appendMany(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(await redis.client.xAdd(STREAM, '*', { account: 'bot', chat: `c${i}`, id: `m${i}` }));
  return ids;
}

const read = (group: string, consumer: string, count: number) =>
  redis.client.sendCommand(['XREADGROUP', 'GROUP', group, consumer, 'COUNT', String(count), 'STREAMS', STREAM, '>']);
const remaining = async () => ((await redis.client.xRange(STREAM, '-', '+')) ?? []).map((entry) => entry.id);

describe('trimEvents', () => {
  it('never trims an entry still pending in a group, nor one a group has not read yet', async () => {
    const ids = await appendMany(10);
    await redis.client.sendCommand(['XGROUP', 'CREATE', STREAM, 'fast', '0']);
    await redis.client.sendCommand(['XGROUP', 'CREATE', STREAM, 'slow', '0']);
    await read('fast', 'f', 10);
    await redis.client.xAck(STREAM, 'fast', ids);
    await read('slow', 's', 6);
    await redis.client.xAck(STREAM, 'slow', [ids[0]!, ids[1]!, ids[2]!, ids[4]!]);
    // ids[3] and ids[5] are pending in `slow`: the oldest of them bounds the trim, whatever was asked.
    expect(await trimEvents(redis.client, STREAM, { maxLen: 2 })).toBe(3);
    expect(await remaining()).toEqual(ids.slice(3));

    await redis.client.xAck(STREAM, 'slow', [ids[3]!, ids[5]!]);
    // Nothing pending: `slow` last read ids[5], ids[6..] it has not seen.
    expect(await trimEvents(redis.client, STREAM, { minId: ids[9]! })).toBe(2);
    expect(await remaining()).toEqual(ids.slice(5));

    await read('slow', 's', 10);
    await redis.client.xAck(STREAM, 'slow', ids.slice(6));
    expect(await trimEvents(redis.client, STREAM, { maxLen: 3 })).toBe(2);
    expect(await remaining()).toEqual(ids.slice(7));
  });

  it('trims what was asked on a stream without groups', async () => {
    const ids = await appendMany(5);
    expect(await trimEvents(redis.client, STREAM, { maxLen: 2 })).toBe(3);
    expect(await remaining()).toEqual(ids.slice(3));
    expect(await trimEvents(redis.client, STREAM, { maxLen: 5 })).toBe(0);
  });
});

describe('the lag alarm', () => {
  it('reads each group lag and emits `lag` while a group is behind the threshold', async () => {
    await appendMany(8);
    await redis.client.sendCommand(['XGROUP', 'CREATE', STREAM, 'app', '0']);
    await read('app', 'other', 3);
    expect(await readGroupLag(redis.client, STREAM)).toEqual([{ group: 'app', lag: 5, pending: 3, lastDeliveredId: expect.any(String) as string }]);

    // One chat at a time and a handler that never finishes: the reader stops after two entries, the group stays behind.
    const watch = (lagAlarm: number) => {
      const events: EventStreamEvent[] = [];
      subscription = consumeEvents(redis.client, {
        group: 'app', consumer: 'w', streamKeys: [STREAM], concurrency: 1, batchSize: 1, claimIdleMs: 100, lagAlarm, blockMs: 50,
        handler: () => new Promise<void>(() => undefined),
      }).subscribe((event) => events.push(event));
      return events;
    };
    const quiet = watch(10);
    await sleep(300);
    expect(quiet.filter((event) => event.type === 'lag')).toEqual([]);
    subscription!.unsubscribe();

    const alarmed = watch(2);
    for (let tries = 0; alarmed.every((event) => event.type !== 'lag') && tries < 100; tries++) await sleep(20);
    const lag = alarmed.find((event) => event.type === 'lag');
    expect(lag).toMatchObject({ stream: STREAM, group: 'app' });
    expect(lag?.type === 'lag' && lag.lag).toBeGreaterThanOrEqual(2);
  });
});

import { firstValueFrom, filter, timer } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { consumeEvents, type ConsumeEventsOptions } from '../../../src/redis/fleet/event-consumer.js';
import type { EventStreamEvent, StreamEvent } from '../../../src/redis/fleet/event-stream-events.js';
import { endedAfterEach, sleep, useRedis } from './use-redis.js';

const redis = useRedis();
const STREAM = '{wx:3}:ev';
const subscriptions = endedAfterEach();

async function append(chat: string, id: string): Promise<string> {
  return redis.client.xAdd(STREAM, '*', { account: 'bot', chat, id, message: JSON.stringify({ id, chat }) });
}

function consume(options: Omit<ConsumeEventsOptions, 'group' | 'consumer' | 'shards'> & Partial<ConsumeEventsOptions>): EventStreamEvent[] {
  const events: EventStreamEvent[] = [];
  subscriptions.push(consumeEvents(redis.client, { group: 'app', consumer: 'w1', shards: [3], blockMs: 50, ...options }).subscribe((event) => events.push(event)));
  return events;
}

async function until(test: () => boolean, ms = 5_000): Promise<void> {
  for (const deadline = Date.now() + ms; !test(); await sleep(10)) if (Date.now() > deadline) throw new Error('condition not met in time');
}

describe('consumeEvents', () => {
  it('runs the entries of one chat one after another and different chats side by side', async () => {
    for (let i = 0; i < 6; i++) for (const chat of ['a', 'b', 'c']) await append(chat, `${chat}${i}`);
    const running = new Map<string, number>();
    let mostChatsAtOnce = 0;
    let overlapsInOneChat = 0;
    const seen: string[] = [];
    const events = consume({
      concurrency: 3,
      handler: async (event: StreamEvent) => {
        running.set(event.chat!, (running.get(event.chat!) ?? 0) + 1);
        if (running.get(event.chat!) !== 1) overlapsInOneChat++;
        mostChatsAtOnce = Math.max(mostChatsAtOnce, [...running.values()].filter((n) => n > 0).length);
        // Chat a is slow: a consumer without per-chat order would start a1 while a0 still runs, and finish it first.
        await sleep(event.chat === 'a' && event.fields.id !== 'a1' ? 30 : 2);
        seen.push(event.fields.id!);
        running.set(event.chat!, running.get(event.chat!)! - 1);
      },
    });
    await until(() => events.filter((event) => event.type === 'handled').length === 18);
    for (const chat of ['a', 'b', 'c']) expect(seen.filter((id) => id.startsWith(chat))).toEqual([0, 1, 2, 3, 4, 5].map((i) => `${chat}${i}`));
    expect(overlapsInOneChat).toBe(0);
    expect(mostChatsAtOnce).toBe(3);
    expect(await redis.client.xPending(STREAM, 'app')).toMatchObject({ pending: 0 });
  });

  it('acknowledges only after the handler completed', async () => {
    await append('a', 'm1');
    let finish: (() => void) | undefined;
    const events = consume({ handler: () => new Promise<void>((resolve) => (finish = resolve)) });
    await until(() => finish !== undefined);
    await sleep(100);
    expect(await redis.client.xPending(STREAM, 'app')).toMatchObject({ pending: 1 });
    finish!();
    await until(() => events.some((event) => event.type === 'handled'));
    expect(await redis.client.xPending(STREAM, 'app')).toMatchObject({ pending: 0 });
  });

  it('retries a failing entry, then moves it to the dead-letter stream with the error and acknowledges it', async () => {
    const failing = await append('a', 'bad');
    await append('a', 'good');
    const attempts: number[] = [];
    const order: string[] = [];
    const events = consume({
      maxAttempts: 3,
      handler: (event) => {
        order.push(event.fields.id!);
        if (event.fields.id === 'bad') {
          attempts.push(event.attempt);
          return timer(5).pipe(filter(() => {
            throw new RangeError('handler broke');
          }));
        }
        return timer(1);
      },
    });
    await until(() => events.some((event) => event.type === 'handled'));
    expect(attempts).toEqual([1, 2, 3]);
    expect(order).toEqual(['bad', 'bad', 'bad', 'good']);
    expect(events.filter((event) => event.type === 'retried').map((event) => event.type === 'retried' && event.attempt)).toEqual([1, 2]);
    expect(events.find((event) => event.type === 'dead-lettered')).toMatchObject({ id: failing, attempt: 3, deadLetterKey: '{wx:3}:dlq' });
    const [dead] = (await redis.client.xRange('{wx:3}:dlq', '-', '+')) ?? [];
    expect(dead!.message).toMatchObject({ 'dead:stream': STREAM, 'dead:id': failing, 'dead:group': 'app', 'dead:attempts': '3', 'dead:error': 'RangeError: handler broke', id: 'bad', chat: 'a' });
    expect(await redis.client.xPending(STREAM, 'app')).toMatchObject({ pending: 0 });
  });

  it('replays its own pending entries after a restart, as a second attempt', async () => {
    await redis.client.sendCommand(['XGROUP', 'CREATE', STREAM, 'app', '0', 'MKSTREAM']);
    const before = [await append('a', 'x1'), await append('a', 'x2')];
    // w1 read both and was restarted before acknowledging; a third entry came meanwhile.
    await redis.client.sendCommand(['XREADGROUP', 'GROUP', 'app', 'w1', 'COUNT', '10', 'STREAMS', STREAM, '>']);
    const after = await append('a', 'x3');
    const handled: StreamEvent[] = [];
    consume({ handler: (event) => void handled.push(event) });
    await until(() => handled.length === 3);
    expect(handled.map((event) => [event.id, event.attempt])).toEqual([[before[0], 2], [before[1], 2], [after, 1]]);
  });

  it('claims the entries a dead consumer left idle, in chat order', async () => {
    await redis.client.sendCommand(['XGROUP', 'CREATE', STREAM, 'app', '0', 'MKSTREAM']);
    const ids = [await append('a', 'x1'), await append('a', 'x2'), await append('b', 'y1')];
    // A consumer that read everything and died before acknowledging.
    await redis.client.sendCommand(['XREADGROUP', 'GROUP', 'app', 'dead', 'COUNT', '10', 'STREAMS', STREAM, '>']);
    const handled: StreamEvent[] = [];
    const events = consume({ claimIdleMs: 100, handler: (event) => void handled.push(event) });
    await until(() => handled.length === 3);
    expect(handled.map((event) => event.id).sort()).toEqual(ids);
    expect(handled.filter((event) => event.chat === 'a').map((event) => event.id)).toEqual(ids.slice(0, 2));
    expect(handled.every((event) => event.attempt === 2)).toBe(true);
    expect(events.find((event) => event.type === 'claimed')).toMatchObject({ ids });
    await until(() => events.filter((event) => event.type === 'handled').length === 3);
    expect(await redis.client.xPending(STREAM, 'app')).toMatchObject({ pending: 0 });
  });

  it('stops reading promptly when unsubscribed, even with a long block', async () => {
    const blockedReads = async () => (String(await redis.client.sendCommand(['CLIENT', 'LIST'])).match(/cmd=xreadgroup/g) ?? []).length;
    const events = consume({ blockMs: 60_000, handler: () => undefined });
    for (let tries = 0; (await blockedReads()) === 0 && tries < 100; tries++) await sleep(10);
    expect(await blockedReads()).toBe(1);
    const stoppedAt = Date.now();
    subscriptions.pop()!.unsubscribe();
    for (let tries = 0; (await blockedReads()) > 0 && tries < 100; tries++) await sleep(10);
    expect(await blockedReads()).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(2_000);
    expect(events).toEqual([]);
  });

  it('hands the first event of a new group what the stream held before it existed', async () => {
    await append('a', 'early');
    const handled = firstValueFrom(consumeEvents(redis.client, { group: 'late', consumer: 'w', streamKeys: [STREAM], blockMs: 50, handler: () => undefined }));
    expect(await handled).toMatchObject({ type: 'handled', stream: STREAM, attempt: 1 });
  });
});

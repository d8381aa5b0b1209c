import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { connectRedis } from '../../../src/redis/connect.js';
import { consumeEvents, type ConsumeEventsOptions } from '../../../src/redis/fleet/event-consumer.js';
import type { EventStreamEvent, StreamEvent } from '../../../src/redis/fleet/event-stream-events.js';
import { endedAfterEach, sleep, useRedis } from './use-redis.js';

const redis = useRedis();
const STREAM = '{wx:3}:ev';
const subscriptions = endedAfterEach();

/** One entry per chat, `rounds` times over, in stream order. */
async function appendAcross(chats: number, rounds: number): Promise<string[]> {
  const ids: string[] = [];
  for (let round = 0; round < rounds; round++) {
    for (let chat = 0; chat < chats; chat++) ids.push(await redis.client.xAdd(STREAM, '*', { account: 'bot', chat: `c${chat}`, n: String(round) }));
  }
  return ids;
}

function consume(options: Omit<ConsumeEventsOptions, 'group' | 'consumer' | 'shards'>): EventStreamEvent[] {
  const events: EventStreamEvent[] = [];
  subscriptions.push(consumeEvents(redis.client, { group: 'app', consumer: 'w1', shards: [3], blockMs: 50, ...options }).subscribe((event) => events.push(event)));
  return events;
}

async function until(test: () => boolean, ms = 10_000): Promise<void> {
  for (const deadline = Date.now() + ms; !test(); await sleep(10)) if (Date.now() > deadline) throw new Error('condition not met in time');
}

/** XACK commands Redis ran since the last `CONFIG RESETSTAT`. */
async function xackCalls(): Promise<number> {
  const stats = String(await redis.client.sendCommand(['INFO', 'commandstats']));
  return Number(/cmdstat_xack:calls=(\d+)/.exec(stats)?.[1] ?? 0);
}

/** Runs `body` while Redis refuses XACK to this connection's user (as while it restarts), then allows it again. */
async function whileXackRefused<T>(body: () => Promise<T>): Promise<T> {
  await redis.client.sendCommand(['ACL', 'SETUSER', 'default', '-xack']);
  try {
    return await body();
  } finally {
    await redis.client.sendCommand(['ACL', 'SETUSER', 'default', '+xack']);
  }
}

const pending = async () => (await redis.client.xPending(STREAM, 'app')).pending;
const handledOf = (events: EventStreamEvent[]) => events.filter((event) => event.type === 'handled');

describe('consumeEvents acknowledgements', () => {
  it('acknowledges entries handled side by side with far fewer XACKs than entries, each before its `handled`', async () => {
    const ids = await appendAcross(40, 5);
    await redis.client.sendCommand(['CONFIG', 'RESETSTAT']);
    const events = consume({ concurrency: 40, handler: () => sleep(1) });
    await until(() => handledOf(events).length === ids.length);
    expect(await pending()).toBe(0);
    expect(handledOf(events).map((event) => event.type === 'handled' && event.id).sort()).toEqual([...ids].sort());
    // One XACK per entry would be 200; the handlers of a turn share one.
    expect(await xackCalls()).toBeLessThan(ids.length / 5);
  });

  it('sends a failed XACK again until Redis takes it: a handled entry is not handled again', async () => {
    const ids = await appendAcross(3, 1);
    const deliveries: StreamEvent[] = [];
    // Every XACK attempt fails while refused.
    const events = await whileXackRefused(async () => {
      // Claim rounds every 50 ms for entries idle 100 ms: they must not take entries whose XACK is being retried.
      const events = consume({ claimIdleMs: 100, handler: (event) => void deliveries.push(event) });
      await until(() => events.filter((event) => event.type === 'redis-error').length >= 3);
      expect(handledOf(events)).toEqual([]);
      expect(await pending()).toBe(3);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return events;
    });
    await until(() => new Set(handledOf(events).map((event) => event.type === 'handled' && event.id)).size === 3);
    expect(deliveries.map((delivery) => [delivery.id, delivery.attempt]).sort()).toEqual(ids.map((id) => [id, 1]).sort());
    expect(await pending()).toBe(0);
  });

  it("runs a chat's next entry without waiting for the XACK of the one before, in order", async () => {
    const ids = await appendAcross(1, 4);
    const handled: string[] = [];
    // Every XACK fails until the permission comes back: the chat must not wait on them.
    const events = await whileXackRefused(async () => {
      const events = consume({ handler: (event) => void handled.push(event.id) });
      await until(() => handled.length === 4);
      expect(handled).toEqual(ids);
      expect(handledOf(events)).toEqual([]);
      expect(await pending()).toBe(4);
      return events;
    });
    await until(() => handledOf(events).length === 4);
    expect(handled).toEqual(ids);
    expect(await pending()).toBe(0);
  });

  it('sends the acknowledgements waiting at an unsubscription before the connection closes', async () => {
    await appendAcross(3, 1);
    const connection = await connectRedis(redis.server.url);
    let handled = 0;
    let closed: Promise<void> | undefined;
    const subscription = consumeEvents(connection, {
      group: 'app',
      consumer: 'w1',
      shards: [3],
      blockMs: 50,
      handler: () => {
        // Right after the last handler returned, its acknowledgement asked for: unsubscribe and close, as an owner
        // shutting down does.
        if (++handled < 3) return;
        queueMicrotask(() => {
          subscription.unsubscribe();
          closed = connection.close();
        });
      },
    }).subscribe();
    await until(() => closed !== undefined);
    await closed;
    expect(await pending()).toBe(0);
  });

  it('completes a drain only once every entry it handled is acknowledged', async () => {
    const ids = await appendAcross(4, 1);
    const release: Array<() => void> = [];
    const drain$ = new Subject<void>();
    let pendingAtComplete: number | undefined;
    const handled: string[] = [];
    const completed = new Promise<void>((resolve) => {
      subscriptions.push(
        consumeEvents(redis.client, {
          group: 'app',
          consumer: 'w1',
          shards: [3],
          blockMs: 50,
          drain$,
          handler: () => new Promise<void>((resolve) => release.push(resolve)),
        }).subscribe({
          next: (event) => void (event.type === 'handled' && handled.push(event.id)),
          complete: () => void pending().then((count) => ((pendingAtComplete = count), resolve())),
        }),
      );
    });
    await until(() => release.length === ids.length);
    drain$.next();
    for (const finish of release) finish();
    await completed;
    expect(handled.sort()).toEqual([...ids].sort());
    expect(pendingAtComplete).toBe(0);
  });
});

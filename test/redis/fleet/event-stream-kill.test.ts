import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Subscription } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { consumeEvents } from '../../../src/redis/fleet/event-consumer.js';
import type { EventStreamEvent, StreamEvent } from '../../../src/redis/fleet/event-stream-events.js';
import { sleep, useRedis } from './use-redis.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const redis = useRedis();
const STREAM = '{wx:5}:ev';
let child: ChildProcess | undefined;
let subscription: Subscription | undefined;
afterEach(() => {
  if (child !== undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  subscription?.unsubscribe();
});

describe('a worker killed mid-handler', () => {
  it('leaves its entries pending; another consumer claims and handles them, nothing lost', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) for (const chat of ['slow', 'fast']) ids.push(await redis.client.xAdd(STREAM, '*', { account: 'bot', chat, id: `${chat}${i}` }));
    child = spawn(process.execPath, ['--import', 'tsx', join(HERE, 'fixtures', 'event-worker.ts'), redis.server.url], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines: Array<{ started?: string; handled?: string }> = [];
    createInterface({ input: child.stdout! }).on('line', (text) => lines.push(JSON.parse(text) as { started?: string }));
    const handledByChild = () => lines.flatMap((line) => (line.handled === undefined ? [] : [line.handled]));
    for (let tries = 0; handledByChild().length < 4 && tries < 400; tries++) await sleep(25);
    expect(lines.filter((line) => line.started !== undefined).map((line) => line.started)).toContain('slow0');
    child.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));
    // The fast chat went through; the slow one hangs at its first entry, the rest of it waits behind it.
    expect(handledByChild().sort()).toEqual(ids.filter((_, i) => i % 2 === 1).sort());
    expect(await redis.client.xPending(STREAM, 'app')).toMatchObject({ pending: 4 });

    const handled: StreamEvent[] = [];
    const events: EventStreamEvent[] = [];
    subscription = consumeEvents(redis.client, {
      group: 'app',
      consumer: 'heir',
      shards: [5],
      claimIdleMs: 200,
      blockMs: 50,
      handler: (event) => void handled.push(event),
    }).subscribe((event) => events.push(event));
    for (let tries = 0; events.filter((event) => event.type === 'handled').length < 4 && tries < 200; tries++) await sleep(25);
    expect(handled.map((event) => event.fields.id)).toEqual(['slow0', 'slow1', 'slow2', 'slow3']);
    expect(handled.every((event) => event.attempt === 2)).toBe(true);
    expect(events.filter((event) => event.type === 'claimed').flatMap((event) => (event.type === 'claimed' ? event.ids : []))).toEqual(ids.filter((_, i) => i % 2 === 0));
    expect(await redis.client.xPending(STREAM, 'app')).toMatchObject({ pending: 0 });
    // Every entry handled exactly once to completion, across both workers.
    expect([...handledByChild(), ...events.flatMap((event) => (event.type === 'handled' ? [event.id] : []))].sort()).toEqual([...ids].sort());
  }, 19_000);
});

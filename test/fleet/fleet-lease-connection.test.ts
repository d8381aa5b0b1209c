import { describe, expect, it } from 'vitest';
import { createFleet, type FleetEvent } from '../../src/fleet/index.js';
import { testKeyring } from '../redis/redis-fixture.js';
import { sleep, useRedis } from '../redis/fleet/use-redis.js';
import { perTest } from '../support/per-test.js';

const redis = useRedis();
const after = perTest();

describe('a poller whose Redis connection is busy', () => {
  // A takeover of thousands of accounts puts megabytes of commands on the poller's connection; a renewal queued
  // behind them came back after the lease's validity and the poller dropped shards it still held
  // (docs/benchmarks.md, the fleet scenario).
  it('keeps its shard leases while a command holds its main connection for three TTLs', async () => {
    const main = await redis.connect();
    const poller = after.closeAfter(createFleet({ redis: main, keyring: testKeyring(), role: 'poller', shardCount: 2, ttlMs: 1_000, holder: 'p' }), (f) => f.close());
    const events: FleetEvent[] = [];
    after.subscriptions.add(poller.events$.subscribe((event) => events.push(event)));
    const deadline = Date.now() + 10_000;
    while (events.filter((e) => e.type === 'lease' && e.change === 'acquired').length < 2 && Date.now() < deadline) await sleep(20);
    expect(events.filter((e) => e.type === 'lease' && e.change === 'acquired')).toHaveLength(2);

    // Redis runs nothing else of this connection until the blocking pop gives up, 3 s later.
    await main.sendCommand(['BLPOP', 'nothing-comes', '3']);

    expect(events.filter((e) => e.type === 'lease' && e.change === 'lost')).toEqual([]);
  }, 20_000);
});

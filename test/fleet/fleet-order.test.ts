import { lastValueFrom, timeout, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createFleet, type Fleet, type FleetEvent, type FleetHandler } from '../../src/fleet/index.js';
import { rendezvousOwner } from '../../src/redis/fleet/rendezvous.js';
import { FAST_CLIENT, startFastSim } from '../client/helpers.js';
import { testKeyring } from '../redis/redis-fixture.js';
import { sleep, useRedis } from '../redis/fleet/use-redis.js';
import { perTest } from '../support/per-test.js';

const redis = useRedis();
const after = perTest();
const keyring = testKeyring();

function fleet(role: 'poller' | 'worker', holder: string, server?: string): Fleet {
  const made = createFleet({ redis: redis.server.url, keyring, role, holder, shardCount: 1, ttlMs: 1_000, clientOptions: { web: FAST_CLIENT }, ...(server === undefined ? {} : { server }) });
  return after.closeAfter(made, (f) => f.close());
}

describe('workers of one group', () => {
  it('keep a chat in order when a second worker joins and the shard moves to it mid-conversation', async () => {
    const sim = after.closeAfter(await startFastSim(), (s) => s.close());
    const poller = fleet('poller', 'poller', sim.origin);
    after.subscriptions.add(poller.events$.subscribe());
    await lastValueFrom(poller.addAccount({ account: 'acct' }).pipe(toArray(), timeout(15_000)));
    // The joining worker is the one rendezvous hashing gives the only shard to.
    let first = 'w-a';
    let second = 'w-b';
    if (rendezvousOwner(0, [first, second]) !== second) [first, second] = [second, first];

    const runs: { text: string; worker: string; start: number; end: number; attempt: number }[] = [];
    const slowly =
      (worker: string): FleetHandler =>
      async (message) => {
        const start = performance.now();
        await sleep(600);
        runs.push({ text: message.kind === 'text' ? message.text : '', worker, start, end: performance.now(), attempt: message.delivery.attempt });
      };
    const leases: FleetEvent[] = [];
    after.subscriptions.add(fleet('worker', first).handle(slowly(first)).subscribe((event) => leases.push(event)));
    const friend = sim.world().friends()[0]!.id;
    const texts = Array.from({ length: 8 }, (_, i) => `n${i}`);
    for (const text of texts.slice(0, 4)) sim.inject({ from: friend, text });
    // The second worker joins while the first is in the middle of the conversation, a handler running; the first
    // finishes what it has read, then hands the shard over.
    for (let i = 0; i < 500 && !runs.some((run) => run.text === 'n0'); i++) await sleep(10);
    after.subscriptions.add(fleet('worker', second).handle(slowly(second)).subscribe());
    for (let i = 0; i < 500 && !leases.some((event) => event.type === 'lease' && event.change === 'released'); i++) await sleep(10);
    for (const text of texts.slice(4)) sim.inject({ from: friend, text });
    for (let i = 0; i < 500 && texts.some((text) => !runs.some((run) => run.text === text)); i++) await sleep(20);

    const ours = runs.filter((run) => texts.includes(run.text));
    expect(ours.map((run) => run.text)).toEqual(texts);
    expect(new Set(ours.map((run) => run.worker))).toEqual(new Set([first, second]));
    expect(leases.some((event) => event.type === 'lease' && event.change === 'released')).toBe(true);
    // One after another across both workers: each starts after the one before it finished.
    for (let i = 1; i < ours.length; i++) expect(ours[i]!.start).toBeGreaterThanOrEqual(ours[i - 1]!.end);
  }, 60_000);
});

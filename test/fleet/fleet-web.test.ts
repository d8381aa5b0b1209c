import { filter, firstValueFrom, lastValueFrom, timeout, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createFleet, type Fleet, type FleetEvent, type FleetMessage, type FleetOptions } from '../../src/fleet/index.js';
import { WxCookieJar } from '../../src/http/cookie-jar.js';
import { createUndiciTransport } from '../../src/http/undici-transport.js';
import { shardOfAccount } from '../../src/redis/fleet/fleet-keys.js';
import { rendezvousOwner } from '../../src/redis/fleet/rendezvous.js';
import { shardKeys } from '../../src/redis/fleet/shard-keys.js';
import { FAST_CLIENT, startFastSim } from '../client/helpers.js';
import { testKeyring } from '../redis/redis-fixture.js';
import { useRedis, sleep } from '../redis/fleet/use-redis.js';
import { perTest } from '../support/per-test.js';

const redis = useRedis();
const after = perTest();
const keyring = testKeyring();

function fleet(options: Omit<FleetOptions, 'redis' | 'keyring'>): Fleet {
  const made = createFleet({ redis: redis.server.url, keyring, shardCount: 4, ttlMs: 1_000, clientOptions: { web: FAST_CLIENT }, ...options });
  return after.closeAfter(made, (f) => f.close());
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > end) return value;
    await sleep(50);
  }
}

/** The fleet's status as a fresh process reads it. */
async function createFleetStatus() {
  const reader = createFleet({ redis: redis.server.url, keyring, role: 'worker', shardCount: 4 });
  try {
    return await reader.status();
  } finally {
    await reader.close();
  }
}

describe('Web client options a fleet refuses', () => {
  it('a transport object or a cookie jar, which every account would share, with a typed error before connecting', () => {
    const shared = { web: { transport: createUndiciTransport() } };
    expect(() => createFleet({ redis: 'redis://127.0.0.1:1', role: 'both', clientOptions: shared as never })).toThrow(
      expect.objectContaining({ name: 'InvalidArgumentError', message: expect.stringContaining('clientOptions.web.transport') }),
    );
    expect(() => createFleet({ redis: 'redis://127.0.0.1:1', role: 'both', clientOptions: { web: { cookieJar: new WxCookieJar() } } as never })).toThrow(
      expect.objectContaining({ name: 'InvalidArgumentError', message: expect.stringContaining('clientOptions.web.cookieJar') }),
    );
  });
});

describe('a fleet on the Web simulator', () => {
  it('adds an account, polls it in a poller, hands its messages to a worker and sends through the owner', async () => {
    const sim = after.closeAfter(await startFastSim(), (s) => s.close());
    const poller = fleet({ role: 'poller', server: sim.origin, holder: 'poller-1' });
    const worker = fleet({ role: 'worker', holder: 'worker-1' });
    const events: FleetEvent[] = [];
    after.subscriptions.add(poller.events$.subscribe((event) => events.push(event)));

    const steps = await lastValueFrom(poller.addAccount({ account: 'sales-1' }).pipe(toArray(), timeout(15_000)));
    expect(steps[0]).toMatchObject({ type: 'qr' });
    expect(steps.at(-1)).toMatchObject({ type: 'added', account: 'sales-1', protocol: 'web' });

    await until(async () => events, (list) => list.some((e) => e.type === 'account' && e.account === 'sales-1' && e.state === 'online'));
    const friend = sim.world().friends()[0]!;
    const received = firstValueFrom(worker.messages$.pipe(filter((m) => m.kind === 'text' && m.text === 'hello fleet'), timeout(15_000)));
    sim.inject({ from: friend.id, text: 'hello fleet' });
    const message = await received;
    expect(message.account).toBe('sales-1');
    expect(message.delivery.attempt).toBe(1);

    const result = await lastValueFrom(worker.send('sales-1', message.chat, 'hi from a worker').pipe(timeout(15_000)));
    expect(result).toMatchObject({ chat: message.chat });
    expect(sim.outbox().some((entry) => JSON.stringify(entry).includes('hi from a worker'))).toBe(true);

    const status = await poller.status();
    expect(status.accounts.total).toBe(1);
    expect(status.accounts.online).toBe(1);
    expect(status.pollers).toEqual(['poller-1']);
    expect(status.shards.filter((shard) => shard.owner?.holder === 'poller-1')).toHaveLength(4);
  }, 40_000);

  it('runs a send once per command id, and answers a repeat with the stored result', async () => {
    const sim = after.closeAfter(await startFastSim(), (s) => s.close());
    const both = fleet({ role: 'both', server: sim.origin });
    after.subscriptions.add(both.events$.subscribe());
    await lastValueFrom(both.addAccount({ account: 'a1' }).pipe(toArray(), timeout(15_000)));
    const received = firstValueFrom(both.messages$.pipe(filter((m) => m.kind === 'text' && m.text === 'ping'), timeout(15_000)));
    await until(async () => sim.sessions().some((s) => s.active), Boolean);
    sim.inject({ from: sim.world().friends()[0]!.id, text: 'ping' });
    const { chat } = await received;
    const first = await lastValueFrom(both.send('a1', chat, 'once', { id: 'cmd-1' }).pipe(timeout(20_000)));
    const again = await lastValueFrom(both.send('a1', chat, 'once', { id: 'cmd-1' }).pipe(timeout(5_000)));
    expect(again).toEqual(first);
    expect(sim.outbox().filter((entry) => JSON.stringify(entry).includes('"once"'))).toHaveLength(1);
  }, 40_000);

  it('hands a shard to a poller that joins after draining it: no message lost or doubled, in order', async () => {
    const sim = after.closeAfter(await startFastSim(), (s) => s.close());
    const first = fleet({ role: 'both', server: sim.origin, holder: 'first', shardCount: 8 });
    const firstEvents: FleetEvent[] = [];
    after.subscriptions.add(first.events$.subscribe((event) => firstEvents.push(event)));
    const accounts = ['h1', 'h2', 'h3', 'h4'];
    // The accounts whose shard rendezvous hashing gives the second poller once it is live.
    const moving = accounts.filter((account) => rendezvousOwner(shardOfAccount(account, 8), ['first', 'second']) === 'second');
    expect(moving.length).toBeGreaterThan(0);
    for (const account of accounts) await lastValueFrom(first.addAccount({ account }).pipe(toArray(), timeout(15_000)));
    const got: FleetMessage[] = [];
    after.subscriptions.add(first.messages$.subscribe((message) => got.push(message)));
    await until(async () => firstEvents.filter((e) => e.type === 'account' && e.state === 'online').length, (n) => n >= 4);

    const sessions = sim.sessions().filter((session) => session.active);
    const texts: string[] = [];
    const second = fleet({ role: 'poller', server: sim.origin, holder: 'second', shardCount: 8 });
    const secondEvents: FleetEvent[] = [];
    for (let i = 0; i < 30; i++) {
      for (const session of sessions) {
        const text = `${session.uin}:${i}`;
        texts.push(text);
        sim.inject({ session: session.uuid, from: sim.world({ session: session.uuid }).friends()[0]!.id, text });
      }
      if (i === 10) after.subscriptions.add(second.events$.subscribe((event) => secondEvents.push(event)));
      await sleep(20);
    }
    await until(async () => got, (list) => texts.every((text) => list.some((m) => m.kind === 'text' && m.text === text)), 20_000);
    expect(firstEvents.some((e) => e.type === 'lease' && e.change === 'released')).toBe(true);
    expect(secondEvents.some((e) => e.type === 'lease' && e.change === 'acquired')).toBe(true);
    expect(secondEvents.filter((e) => e.type === 'account' && e.state === 'online').map((e) => (e.type === 'account' ? e.account : ''))).toEqual(moving);
    const delivered = got.filter((m) => m.kind === 'text' && texts.includes(m.text)).map((m) => (m.kind === 'text' ? m.text : ''));
    expect(delivered).toHaveLength(texts.length);
    for (const session of sessions) {
      const mine = delivered.filter((text) => text.startsWith(`${session.uin}:`));
      expect(mine).toEqual(texts.filter((text) => text.startsWith(`${session.uin}:`)));
    }
  }, 60_000);

  it('reports an account whose state it cannot open as failed, once, and counts stopped accounts after a close', async () => {
    const sim = after.closeAfter(await startFastSim(), (s) => s.close());
    const first = fleet({ role: 'poller', server: sim.origin, holder: 'first' });
    after.subscriptions.add(first.events$.subscribe());
    await lastValueFrom(first.addAccount({ account: 'sealed' }).pipe(toArray(), timeout(15_000)));
    await until(async () => (await first.status()).accounts.online ?? 0, (n) => n === 1);
    await first.close();
    const afterClose = await createFleetStatus();
    expect(afterClose.accounts).toMatchObject({ total: 1, stopped: 1 });

    // Another key cannot open what the first fleet sealed: a permanent failure, not a restart loop.
    const stranger = createFleet({ redis: redis.server.url, keyring: testKeyring(), role: 'poller', server: sim.origin, shardCount: 4, ttlMs: 1_000, holder: 'stranger' });
    after.closeAfter(stranger, (f) => f.close());
    const events: FleetEvent[] = [];
    after.subscriptions.add(stranger.events$.subscribe((event) => events.push(event)));
    await until(async () => events, (list) => list.some((e) => e.type === 'account' && e.state === 'failed'));
    await sleep(1_500); // long enough for several restarts, were it restarted
    const states = events.flatMap((e) => (e.type === 'account' ? [e.state] : []));
    expect(states).toEqual(['starting', 'failed']);
    const failed = events.find((e) => e.type === 'account' && e.state === 'failed');
    expect(failed?.type === 'account' ? failed.error : '').toMatch(/^SessionStoreError: .*key/);
  }, 40_000);

  it('releases its leases and leaves the registry on close', async () => {
    const sim = after.closeAfter(await startFastSim(), (s) => s.close());
    const both = createFleet({ redis: redis.server.url, keyring, role: 'both', server: sim.origin, shardCount: 2, ttlMs: 5_000, holder: 'p' });
    const events: FleetEvent[] = [];
    const subscription = both.events$.subscribe((event) => events.push(event));
    const worker = both.handle(() => undefined).subscribe((event) => events.push(event));
    await until(async () => events.filter((e) => e.type === 'lease' && e.change === 'acquired').length, (n) => n === 4);
    expect(await redis.client.get(shardKeys(0, 'wx:workers:bots').lease)).not.toBeNull();
    await both.close();
    subscription.unsubscribe();
    worker.unsubscribe();
    for (const namespace of ['wx', 'wx:workers:bots']) {
      expect(await redis.client.get(shardKeys(0, namespace).lease)).toBeNull();
      expect(await redis.client.get(shardKeys(1, namespace).lease)).toBeNull();
      expect(await redis.client.zRange(`${namespace}:processes`, 0, -1)).toEqual([]);
    }
  }, 20_000);
});

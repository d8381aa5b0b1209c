import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { lastValueFrom, timeout, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createFleet, type Fleet, type FleetEvent, type FleetMessage } from '../../src/fleet/index.js';
import { rendezvousOwner } from '../../src/redis/fleet/rendezvous.js';
import { SessionKeyring } from '../../src/redis/session-keyring.js';
import { FAST_CLIENT, startFastSim } from '../client/helpers.js';
import { sleep, useRedis } from '../redis/fleet/use-redis.js';
import { perTest } from '../support/per-test.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const redis = useRedis();
const after = perTest();
const key = randomBytes(32).toString('base64');
const keyring = new SessionKeyring({ current: key });

/** Two holder names, the first of which rendezvous hashing gives shard 0 to while both are live. */
function holders(role: string): [string, string] {
  for (let i = 0; ; i++) {
    const pair: [string, string] = [`${role}-a${i}`, `${role}-b${i}`];
    if (rendezvousOwner(0, pair) === pair[0]) return pair;
  }
}

/** A fleet process in a child, and the JSON lines it printed so far. */
function child(role: 'poller' | 'worker', holder: string, server?: string): { process: ChildProcess; lines: Record<string, unknown>[] } {
  const args = ['--import', 'tsx', join(HERE, 'fixtures', 'fleet-process.ts'), redis.server.url, role, holder, ...(server === undefined ? [] : [server])];
  const process_ = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, WECHAT_RX_SESSION_KEY: key } });
  after.closeAfter(process_, (p) => p.exitCode === null && p.signalCode === null && p.kill('SIGKILL'));
  const lines: Record<string, unknown>[] = [];
  createInterface({ input: process_.stdout! }).on('line', (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  return { process: process_, lines };
}

function fleet(role: 'poller' | 'worker', holder: string, server?: string): Fleet {
  const made = createFleet({ redis: redis.server.url, keyring, role, holder, shardCount: 1, ttlMs: 1_000, clientOptions: { web: FAST_CLIENT }, ...(server === undefined ? {} : { server }) });
  return after.closeAfter(made, (f) => f.close());
}

async function until(condition: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(20);
  }
}

describe('a fleet losing a process to kill -9', () => {
  it('moves a killed poller’s shard to the other poller within the lease TTL; every message reaches the worker', async () => {
    const sim = after.closeAfter(await startFastSim(), (s) => s.close());
    const [doomed, survivor] = holders('poller');
    const killed = child('poller', doomed, sim.origin);
    await until(() => killed.lines.some((line) => line.type === 'lease' && line.change === 'acquired'));
    const worker = fleet('worker', 'worker-1', sim.origin);
    await lastValueFrom(worker.addAccount({ account: 'acct' }).pipe(toArray(), timeout(15_000)));
    await until(() => killed.lines.some((line) => line.type === 'account' && line.state === 'online'));

    const other = fleet('poller', survivor, sim.origin);
    const events: FleetEvent[] = [];
    after.subscriptions.add(other.events$.subscribe((event) => events.push(event)));
    const got: FleetMessage[] = [];
    after.subscriptions.add(worker.messages$.subscribe((message) => got.push(message)));

    const friend = sim.world().friends()[0]!.id;
    const texts = Array.from({ length: 40 }, (_, i) => `m${i}`);
    let killedAt = 0;
    for (const [i, text] of texts.entries()) {
      sim.inject({ from: friend, text });
      if (i === 15) {
        killed.process.kill('SIGKILL');
        killedAt = Date.now();
      }
      await sleep(25);
    }
    await until(() => texts.every((text) => got.some((m) => m.kind === 'text' && m.text === text)), 20_000);
    const takeover = events.find((event) => event.type === 'lease' && event.change === 'acquired');
    expect(takeover).toBeDefined();
    expect(events.some((event) => event.type === 'account' && event.account === 'acct' && event.state === 'online')).toBe(true);
    const delivered = got.filter((m) => m.kind === 'text' && texts.includes(m.text));
    // Ids are unique in the stream (the commit's id check); a worker sees each once here.
    expect(new Set(delivered.map((m) => m.id)).size).toBe(delivered.length);
    expect(delivered.map((m) => (m.kind === 'text' ? m.text : ''))).toEqual(texts);
    expect(killedAt).toBeGreaterThan(0);
  }, 60_000);

  it('delivers a killed worker’s unacknowledged message again, attempt 2, to the worker that takes its shard', async () => {
    const sim = after.closeAfter(await startFastSim(), (s) => s.close());
    const poller = fleet('poller', 'poller-1', sim.origin);
    after.subscriptions.add(poller.events$.subscribe());
    await lastValueFrom(poller.addAccount({ account: 'acct' }).pipe(toArray(), timeout(15_000)));
    const [doomed, survivor] = holders('worker');
    const killed = child('worker', doomed);
    await until(() => killed.lines.some((line) => line.type === 'lease' && line.change === 'acquired'));
    const friend = sim.world().friends()[0]!.id;
    sim.inject({ from: friend, text: 'slow one' });
    await until(() => killed.lines.some((line) => line.started === 'slow one'));
    killed.process.kill('SIGKILL');
    await once(killed.process, 'exit');

    const other = fleet('worker', survivor);
    const again = await new Promise<FleetMessage>((resolve) => {
      after.subscriptions.add(other.messages$.subscribe((message) => message.kind === 'text' && message.text === 'slow one' && resolve(message)));
    });
    expect(again.delivery.attempt).toBeGreaterThanOrEqual(2);
  }, 60_000);
});

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { fencedWrite } from '../../../src/redis/fleet/fenced-write.js';
import { acquireLease, type Lease } from '../../../src/redis/fleet/lease.js';
import { shardKeys } from '../../../src/redis/fleet/shard-keys.js';
import { sleep, useRedis } from './use-redis.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..', '..');
const TTL = 300;
const redis = useRedis();
const stops: Array<() => Promise<void>> = [];

afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

/** Starts the lease holder; `lines` collects its JSON lines. */
function startHolder() {
  const child = spawn(process.execPath, ['--import', 'tsx', join(HERE, 'fixtures', 'shard-holder.ts'), redis.server.url, String(TTL)], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const lines: Array<Record<string, unknown>> = [];
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  stops.push(async () => {
    child.kill('SIGCONT');
    child.stdin.end();
    await exited;
  });
  const until = async (match: (line: Record<string, unknown>) => boolean, ms = 10_000) => {
    const deadline = performance.now() + ms;
    for (;;) {
      const found = lines.find(match);
      if (found !== undefined) return found;
      if (performance.now() > deadline) throw new Error(`the child did not print a matching line within ${ms} ms; it printed ${JSON.stringify(lines)}`);
      await sleep(10);
    }
  };
  return { child, lines, until };
}

describe('a lease holder paused past its TTL (SIGSTOP, SIGCONT)', () => {
  it('loses the shard to another process; when resumed its fenced write is refused and its keeper reports `lost`', async () => {
    const holder = startHolder();
    expect(await holder.until((line) => line.event === 'acquired')).toEqual({ event: 'acquired', token: 1 });

    holder.child.kill('SIGSTOP');
    await sleep(TTL + 100);
    const taken = await acquireLease(redis.client, { shard: 0, holder: 'parent', ttlMs: 10_000 });
    expect(taken).toMatchObject({ acquired: true, lease: { token: 2 } });
    const ownerKey = `${shardKeys(0).tag}:owner`;
    await fencedWrite(redis.client, (taken as { lease: Lease }).lease, [['SET', ownerKey, 'parent 2']]);

    holder.child.kill('SIGCONT');
    expect(await holder.until((line) => 'write' in line)).toEqual({ write: 'fenced', current: 2 });
    // Its own clock told it first: the renewal was overdue, no need to ask Redis.
    expect(await holder.until((line) => line.event === 'lost')).toEqual({ event: 'lost', token: 1, reason: 'expired' });
    expect(await redis.client.get(ownerKey)).toBe('parent 2');
    expect(holder.lines.filter((line) => line.event === 'acquired')).toHaveLength(1);
  });
});

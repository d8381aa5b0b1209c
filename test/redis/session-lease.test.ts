import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { SessionLockedError } from '../../src/errors/session-locked-error.js';
import { SessionStoreError } from '../../src/errors/session-store-error.js';
import { RedisSessionStore } from '../../src/redis/redis-session-store.js';
import { SessionKeyring } from '../../src/redis/session-keyring.js';
import { sampleSession } from '../../src/testing/contracts/sample-session.js';
import { webSessionCodec } from '../../src/web/session/saved-session.js';
import { ROOT } from '../cli/build.js';
import { newKey, redisForThisFile } from './redis-fixture.js';

const redis = redisForThisFile();
const secret = newKey();
const keyring = new SessionKeyring({ current: secret });
const LEASE_MS = 300;
const store = (key: string, leaseMs = LEASE_MS) => new RedisSessionStore(redis.client, { key, codec: webSessionCodec, keyring, leaseMs });
const failure = (promise: Promise<unknown>) => promise.then(() => 'no error', (error: unknown) => error);

describe('RedisSessionStore.lock(): the lease', () => {
  it('is a key with the holder and a TTL of leaseMs', async () => {
    const a = store(redis.freshKey());
    const lock = await a.lock();
    const value = JSON.parse((await redis.client.get(a.leaseKey)) ?? '{}') as Record<string, unknown>;
    expect(value).toMatchObject({ pid: process.pid, token: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(await redis.client.pTTL(a.leaseKey)).toBeGreaterThan(LEASE_MS / 2);
    expect(await redis.client.pTTL(a.leaseKey)).toBeLessThanOrEqual(LEASE_MS);
    await lock.release();
    expect(await redis.client.exists(a.leaseKey)).toBe(0);
  });

  it('is renewed in the background: held for many lease times, the signal untouched', async () => {
    const key = redis.freshKey();
    const lock = await store(key).lock();
    await sleep(LEASE_MS * 4);
    expect(await failure(store(key).lock())).toBeInstanceOf(SessionLockedError);
    expect(lock.signal.aborted).toBe(false);
    await lock.release();
  });

  it('can be taken over once a holder that stopped renewing lets it expire', async () => {
    const key = redis.freshKey();
    const dead = JSON.stringify({ pid: 999_999, hostname: 'elsewhere', since: Date.now(), token: 'gone' });
    await redis.client.set(`${key}:lease`, dead, { expiration: { type: 'PX', value: LEASE_MS } });
    expect(await failure(store(key).lock())).toMatchObject({ name: 'SessionLockedError', holder: { pid: 999_999, hostname: 'elsewhere' } });
    await sleep(LEASE_MS + 50);
    await (await store(key).lock()).release();
  });

  it('is released only by its holder: a holder that lost it neither frees nor overwrites the next one', async () => {
    const key = redis.freshKey();
    const first = store(key, 10_000); // renews every 2 s: it does not notice the takeover below by itself
    const firstLock = await first.lock();
    await redis.client.del(first.leaseKey); // as if it had expired
    const second = store(key);
    const secondLock = await second.lock();
    await second.save(sampleSession(2));

    const refused = await failure(first.save(sampleSession(1)));
    expect(refused).toBeInstanceOf(SessionLockedError);
    expect(firstLock.signal.aborted).toBe(true);
    expect(firstLock.signal.reason).toBe(refused);
    await firstLock.release();
    expect(await failure(store(key).lock())).toBeInstanceOf(SessionLockedError);
    expect(await second.load()).toEqual(sampleSession(2));
    await secondLock.release();
  });

  it('a holder whose lease expired in Redis is refused, and the lease is lost', async () => {
    const key = redis.freshKey();
    const holder = store(key, 10_000);
    const lock = await holder.lock();
    await redis.client.del(holder.leaseKey);
    expect(await failure(holder.clear())).toMatchObject({ name: 'SessionStoreError', operation: 'clear', reason: expect.stringMatching(/lease on the session was lost/) });
    expect(lock.signal.reason).toBeInstanceOf(SessionStoreError);
    expect(await failure(holder.save(sampleSession(1)))).toMatchObject({ name: 'SessionStoreError', operation: 'save' });
    expect(await redis.client.exists(key)).toBe(0);
    await lock.release();
  });

  it('is given up when Redis does not confirm it in time (a frozen server), before it can expire', async () => {
    const lock = await store(redis.freshKey()).lock();
    redis.server.pause();
    try {
      await sleep(LEASE_MS);
      expect(lock.signal.aborted).toBe(true);
      expect(lock.signal.reason).toMatchObject({ name: 'SessionStoreError', operation: 'lock' });
    } finally {
      redis.server.resume();
    }
    await lock.release();
  });

  it('a holder process paused (SIGSTOP) past its lease loses it: its later write is refused', async () => {
    const key = redis.freshKey();
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/redis/fixtures/lease-holder.ts'), redis.server.url, key, secret, String(LEASE_MS)], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const exited = once(child, 'exit');
    try {
      const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
      expect((await lines.next()).value).toBe('locked');
      child.kill('SIGSTOP');
      await sleep(LEASE_MS * 1.5);
      const taker = store(key);
      const lock = await taker.lock();
      await taker.save(sampleSession(2));
      child.kill('SIGCONT');
      child.stdin.write('save 3\n');
      const answer = JSON.parse(String((await lines.next()).value)) as Record<string, unknown>;
      expect(answer).toMatchObject({ saved: false, aborted: true });
      expect(['SessionLockedError', 'SessionStoreError']).toContain(answer.error);
      expect(await taker.load()).toEqual(sampleSession(2));
      child.stdin.end();
      await exited;
      expect(await failure(store(key).lock())).toBeInstanceOf(SessionLockedError); // its release left ours alone
      await lock.release();
    } finally {
      child.kill('SIGKILL');
    }
  });
});

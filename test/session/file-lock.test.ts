import { existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors/invalid-argument-error.js';
import { SessionLockedError } from '../../src/errors/session-locked-error.js';
import { SessionStoreError } from '../../src/errors/session-store-error.js';
import { FileSessionStore } from '../../src/web/session/file-session-store.js';
import type { SessionLock } from '../../src/web/session/session-store.js';
import { type Child, startChild } from './child-process.js';
import { deadPid, tempFolder } from './sample-session.js';

let folder: ReturnType<typeof tempFolder>;
let file: string;
let lockFile: string;
const locks: SessionLock[] = [];
const children: Child[] = [];

beforeEach(() => {
  folder = tempFolder();
  file = join(folder.path, 'session.json');
  lockFile = `${file}.lock`;
});
afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => child.kill()));
  await Promise.all(locks.splice(0).map((lock) => lock.release()));
  folder.remove();
});

async function take(store: FileSessionStore): Promise<SessionLock> {
  const lock = await store.lock();
  locks.push(lock);
  return lock;
}

function child(mode: string): Child {
  const started = startChild(mode, file);
  children.push(started);
  return started;
}

const lockRecord = () => JSON.parse(readFileSync(lockFile, 'utf8')) as { pid: number; hostname: string; since: number; token: string };

/** A lock file as a client on `host` with `pid` would have left it, last refreshed `ageMs` ago. */
function writeLock(pid: number, host: string, ageMs: number, token = 'a1b2c3d4e5f6a7b8c9d0e1f2'): void {
  writeFileSync(lockFile, JSON.stringify({ format: 'wechat-rx/session-lock', pid, hostname: host, since: Date.now() - ageMs, token }));
  const at = new Date(Date.now() - ageMs);
  utimesSync(lockFile, at, at);
}


describe('FileSessionStore.lock in one process', () => {
  it('writes a lock file naming this process; a second lock, on any store of the file, names it as the holder', async () => {
    const before = Date.now();
    const store = new FileSessionStore(file);
    await take(store);
    expect(lockRecord()).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect(statSync(lockFile).mode & 0o777).toBe(0o600);

    for (const second of [store, new FileSessionStore(file)]) {
      const error = await second.lock().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SessionLockedError);
      const { holder, path } = error as SessionLockedError;
      expect(path).toBe(file);
      expect(holder.pid).toBe(process.pid);
      expect(holder.hostname).toBe(hostname());
      expect(holder.since).toBeGreaterThanOrEqual(before);
      expect(holder.since).toBeLessThanOrEqual(Date.now());
    }
  });

  it('release removes the lock file, is idempotent, and the session can be locked again', async () => {
    const first = await new FileSessionStore(file).lock();
    await first.release();
    await first.release();
    expect(existsSync(lockFile)).toBe(false);
    await take(new FileSessionStore(file));
    expect(existsSync(lockFile)).toBe(true);
    expect(readdirSync(folder.path).sort()).toEqual(['session.json.lock']);
  });

  it('a release after the lock was taken over leaves the new holder’s lock', async () => {
    const slow = await new FileSessionStore(file, { staleLockMs: 60_000 }).lock();
    const old = new Date(Date.now() - 5_000);
    utimesSync(lockFile, old, old); // as if its heartbeat had stopped
    await take(new FileSessionStore(file, { staleLockMs: 1_000 }));
    const newToken = lockRecord().token;
    await slow.release();
    expect(lockRecord().token).toBe(newToken);
  });

  it('the heartbeat keeps a live holder’s lock fresh past the staleness bound', async () => {
    await take(new FileSessionStore(file, { staleLockMs: 1_000 }));
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await expect(new FileSessionStore(file, { staleLockMs: 1_000 }).lock()).rejects.toBeInstanceOf(SessionLockedError);
  });

  it('a lock whose holder died on this host is taken over at once; one from another host after the bound', async () => {
    writeLock(deadPid(), hostname(), 0);
    const store = new FileSessionStore(file, { staleLockMs: 60_000 });
    const lock = await store.lock();
    expect(lockRecord().pid).toBe(process.pid);
    await lock.release();

    writeLock(process.pid + 1_000_000, 'another-host', 1_000);
    await expect(new FileSessionStore(file, { staleLockMs: 5_000 }).lock()).rejects.toMatchObject({
      holder: { pid: process.pid + 1_000_000, hostname: 'another-host' },
    });
    writeLock(process.pid + 1_000_000, 'another-host', 6_000);
    await take(new FileSessionStore(file, { staleLockMs: 5_000 }));
    expect(lockRecord().hostname).toBe(hostname());
  });

  it('of many stores racing for one stale lock, exactly one wins', async () => {
    for (let round = 0; round < 10; round++) {
      writeLock(deadPid(), hostname(), 0, `${round}`.padStart(24, 'f'));
      // Staggered starts, as real starters are: each reaches the stale lock at a different step of the others.
      const startAfter = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms)).then(() => new FileSessionStore(file).lock());
      const outcomes = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => startAfter(i * (1 + (round % 3)))));
      const won = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
      expect(won).toHaveLength(1);
      for (const outcome of outcomes) if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(SessionLockedError);
      await won[0]?.release();
      expect(readdirSync(folder.path)).toEqual([]);
    }
  });

  it('waits while another starter is taking over a stale lock, then names that starter as the holder', async () => {
    const token = 'midtakeovermidtakeovermi';
    writeLock(deadPid(), hostname(), 0, token);
    const guard = `${lockFile}.${token}.1`;
    writeFileSync(guard, ''); // the other starter holds the takeover guard of this stale lock
    const attempt = new FileSessionStore(file).lock().catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(lockRecord().token).toBe(token); // not removed under the other starter's feet
    writeLock(process.pid + 1_000_000, 'other-starter', 0, 'c'.repeat(24)); // the other starter finishes
    rmSync(guard);
    expect(await attempt).toMatchObject({ name: 'SessionLockedError', holder: { hostname: 'other-starter' } });
  });

  it('a takeover abandoned midway (its guard file is old) does not block the next one', async () => {
    const token = 'abandonedabandonedabando';
    writeLock(deadPid(), hostname(), 0, token);
    const guard = `${lockFile}.${token}.1`;
    writeFileSync(guard, '');
    const old = new Date(Date.now() - 60_000);
    utimesSync(guard, old, old);
    await take(new FileSessionStore(file, { staleLockMs: 10_000 }));
    expect(readdirSync(folder.path)).toEqual(['session.json.lock']);
  });

  it('a lock file that is not a wechat-rx lock is a SessionStoreError and stays untouched', async () => {
    writeFileSync(lockFile, 'my notes');
    await expect(new FileSessionStore(file).lock()).rejects.toBeInstanceOf(SessionStoreError);
    expect(readFileSync(lockFile, 'utf8')).toBe('my notes');
  });

  it('rejects a staleness bound that would make the heartbeat spin', () => {
    for (const staleLockMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new FileSessionStore(file, { staleLockMs })).toThrow(InvalidArgumentError);
    }
  });

  it('creates a missing folder with mode 0700', async () => {
    const nested = join(folder.path, 'state', 'session.json');
    await take(new FileSessionStore(nested));
    expect(statSync(join(folder.path, 'state')).mode & 0o777).toBe(0o700);
    expect(existsSync(`${nested}.lock`)).toBe(true);
  });
});

describe('FileSessionStore.lock across processes', () => {
  it('another process holds the lock until it is killed; then this one gets it at once', async () => {
    const holder = child('hold');
    expect(await holder.nextLine()).toBe('locked');
    await expect(new FileSessionStore(file).lock()).rejects.toMatchObject({
      name: 'SessionLockedError',
      holder: { pid: holder.pid, hostname: hostname() },
    });

    await holder.kill('SIGKILL');
    const started = Date.now();
    await take(new FileSessionStore(file)); // default staleness bound is 10 s: only the dead pid makes this quick
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(lockRecord().pid).toBe(process.pid);
  });

  it('a frozen holder (alive, no heartbeat) loses the lock after the staleness bound', async () => {
    const holder = child('hold');
    expect(await holder.nextLine()).toBe('locked');
    holder.process.kill('SIGSTOP');
    const store = new FileSessionStore(file, { staleLockMs: 1_000 });
    const deadline = Date.now() + 5_000;
    let lock: SessionLock | undefined;
    while (lock === undefined && Date.now() < deadline) {
      lock = await store.lock().catch(async (error: unknown) => {
        expect(error).toBeInstanceOf(SessionLockedError);
        await new Promise((resolve) => setTimeout(resolve, 200));
        return undefined;
      });
    }
    expect(lock).toBeDefined();
    if (lock !== undefined) locks.push(lock);
    expect(lockRecord().pid).toBe(process.pid);
  });

  it('of several processes racing for one stale lock, exactly one wins', async () => {
    writeLock(deadPid(), hostname(), 0);
    const racers = [child('race'), child('race'), child('race'), child('race')];
    for (const racer of racers) expect(await racer.nextLine()).toBe('ready');
    for (const racer of racers) racer.process.stdin?.write('go\n');
    const outcomes = await Promise.all(racers.map((racer) => racer.nextLine()));
    const winners = racers.filter((_, i) => outcomes[i] === 'won');
    expect(winners).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === `locked ${winners[0]?.pid}`)).toHaveLength(racers.length - 1);
    expect(lockRecord().pid).toBe(winners[0]?.pid);
  });
});

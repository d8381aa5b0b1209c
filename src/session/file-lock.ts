import { randomBytes } from 'node:crypto';
import { link, open, stat, unlink, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { SessionLockedError } from '../errors/session-locked-error.js';
import { SessionStoreError } from '../errors/session-store-error.js';
import { writeTemp } from './atomic-file.js';
import { ioFailure } from './io-failure.js';
import { isProcessAlive } from './process-alive.js';
import type { SessionLock } from './session-store.js';

/*
 * Hand-written rather than npm's proper-lockfile: its lock is an empty folder (removed with rmdir), so it cannot
 * say who holds it and since when; it knows staleness by mtime only (at least 2 s, 10 s by default), so a killed
 * holder on the same host blocks the next start until then; and its stale takeover (stat, rmdir, mkdir) lets two
 * racing starters both win: the slower one removes the lock the faster one has just made.
 */

const LOCK_FORMAT = 'wechat-rx/session-lock';
/** How long to wait for another starter that is in the middle of taking over a stale lock. */
const BUSY_RETRY_MS = 25;
const MAX_ATTEMPTS = 200;

interface LockRecord {
  readonly format: typeof LOCK_FORMAT;
  readonly pid: number;
  readonly hostname: string;
  readonly since: number;
  /** Unique per acquisition: tells this holding from any earlier or later one by the same process. */
  readonly token: string;
}

interface LockOnDisk {
  readonly record: LockRecord;
  readonly mtimeMs: number;
}

export function lockPathFor(sessionPath: string): string {
  return `${sessionPath}.lock`;
}

/**
 * Takes the lock of `sessionPath`: creates `<sessionPath>.lock` exclusively (complete, via a hard link of a written
 * temp file), or takes over a stale one. Rejects with `SessionLockedError` when a live holder has it.
 */
export async function acquireFileLock(sessionPath: string, staleMs: number): Promise<SessionLock> {
  const lockPath = lockPathFor(sessionPath);
  const mine: LockRecord = { format: LOCK_FORMAT, pid: process.pid, hostname: hostname(), since: Date.now(), token: randomBytes(12).toString('hex') };
  let last: LockOnDisk | undefined;
  try {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (await createLock(lockPath, mine)) return holdLock(lockPath, mine.token, staleMs);
      const current = await readLock(lockPath);
      if (current === 'absent') continue; // released meanwhile: try again
      if (current === 'foreign') {
        throw new SessionStoreError('lock', 'the lock file is not a wechat-rx lock; remove it if no client uses this session', { path: lockPath });
      }
      last = current;
      if (!isStale(current, staleMs)) throw lockedBy(current, sessionPath);
      const outcome = await removeGeneration(lockPath, current.record.token, (now) => isStale(now, staleMs), staleMs);
      if (outcome === 'busy') await delay(BUSY_RETRY_MS);
    }
  } catch (error) {
    throw error instanceof SessionLockedError ? error : ioFailure('lock', lockPath, error);
  }
  throw last === undefined ? new SessionStoreError('lock', 'the lock file keeps changing', { path: lockPath }) : lockedBy(last, sessionPath);
}

function lockedBy({ record }: LockOnDisk, sessionPath: string): SessionLockedError {
  return new SessionLockedError({ pid: record.pid, hostname: record.hostname, since: record.since }, sessionPath);
}

/** A holder on this host whose process is gone is stale at once; any holder whose heartbeat stopped is stale too. */
function isStale({ record, mtimeMs }: LockOnDisk, staleMs: number): boolean {
  if (record.hostname === hostname() && !isProcessAlive(record.pid)) return true;
  return Date.now() - mtimeMs > staleMs;
}

/** `false` when a lock file exists already. */
async function createLock(lockPath: string, record: LockRecord): Promise<boolean> {
  const { temp } = await writeTemp(lockPath, JSON.stringify(record));
  try {
    await link(temp, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** The lock file with its mtime (the holder's last heartbeat); `foreign` when the file is not a wechat-rx lock. */
async function readLock(lockPath: string): Promise<LockOnDisk | 'absent' | 'foreign'> {
  let handle;
  try {
    handle = await open(lockPath, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw error;
  }
  try {
    const { mtimeMs } = await handle.stat();
    const record = parseRecord(await handle.readFile('utf8'));
    return record === undefined ? 'foreign' : { record, mtimeMs };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function parseRecord(text: string): LockRecord | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const record = json as Partial<LockRecord> | null;
  return record !== null &&
    typeof record === 'object' &&
    record.format === LOCK_FORMAT &&
    typeof record.pid === 'number' &&
    typeof record.hostname === 'string' &&
    typeof record.since === 'number' &&
    typeof record.token === 'string'
    ? (record as LockRecord)
    : undefined;
}

/**
 * Removes the lock file if it still holds generation `token` and `removable` still says so. Only a starter that
 * created the guard file `<lock>.<token>.<k>` exclusively may remove that generation, so of two starters racing
 * for one stale lock exactly one removes it (and a release cannot remove a lock a taker has just replaced). A
 * guard older than `staleMs` was left by a starter killed mid-takeover; the next one then uses guard k + 1.
 * `busy`: another starter holds the guard right now.
 */
async function removeGeneration(
  lockPath: string,
  token: string,
  removable: (current: LockOnDisk) => boolean,
  staleMs: number,
): Promise<'removed' | 'changed' | 'busy'> {
  const guardName = (k: number) => `${lockPath}.${token}.${k}`;
  let k = 1;
  for (;;) {
    try {
      await (await open(guardName(k), 'wx', 0o600)).close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const guard = await stat(guardName(k)).catch(() => undefined);
      if (guard === undefined) return 'changed';
      if (Date.now() - guard.mtimeMs <= staleMs) return 'busy';
      k += 1;
    }
  }
  try {
    const current = await readLock(lockPath);
    if (typeof current === 'string' || current.record.token !== token || !removable(current)) return 'changed';
    await unlink(lockPath);
    return 'removed';
  } finally {
    for (let i = k; i >= 1; i--) await unlink(guardName(i)).catch(() => undefined);
  }
}

/** Keeps the lock fresh with an unref'd heartbeat (the lock's mtime) until released or taken over. */
function holdLock(lockPath: string, token: string, staleMs: number): SessionLock {
  let timer: NodeJS.Timeout | undefined;
  let released: Promise<void> | undefined;
  const beat = async () => {
    // A failed read (say, out of file descriptors) is retried at the next beat; only a lock that is gone or
    // someone else's ends the heartbeat.
    const current = await readLock(lockPath).catch(() => 'unread' as const);
    if (released !== undefined || current === 'absent' || current === 'foreign') return;
    if (current !== 'unread') {
      if (current.record.token !== token) return; // taken over as stale
      const now = new Date();
      await utimes(lockPath, now, now).catch(() => undefined);
    }
    schedule();
  };
  const schedule = () => {
    timer = setTimeout(() => void beat(), staleMs / 4);
    timer.unref();
  };
  schedule();
  return {
    release: () => {
      released ??= (async () => {
        clearTimeout(timer);
        await removeGeneration(lockPath, token, () => true, staleMs).catch((error: unknown) => {
          throw ioFailure('unlock', lockPath, error);
        });
      })();
      return released;
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

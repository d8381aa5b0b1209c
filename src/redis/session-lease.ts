import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { SessionLockedError, type SessionHolder } from '../errors/session-locked-error.js';
import { SessionStoreError } from '../errors/session-store-error.js';
import type { SessionLock } from '../session/session-store.js';
import { LuaScript, type RedisCommands } from './commands.js';
import { redisFailure } from './redis-failure.js';

/**
 * A session held through a lease in Redis. The holder renews it in the background; when it cannot confirm the lease
 * in time (another process took it, it expired while this process was paused, Redis did not answer) `signal` aborts,
 * its `reason` saying why, and the store refuses every later write: stop using the session.
 */
export interface RedisSessionLock extends SessionLock {
  /** Aborted when the lease is lost (not when it is released). */
  readonly signal: AbortSignal;
}

/** A lease value: who holds it, and a random token that tells this holding from every other. */
interface LeaseRecord extends SessionHolder {
  readonly token: string;
}

/** Of the lease time, how long after the last confirmed renewal (as sent) the holder still counts on it. */
const SAFE_FRACTION = 0.7;
/** Renewals per lease time: four more chances before the holder gives up at 0.7. */
const RENEWALS_PER_LEASE = 5;

const ACQUIRE = new LuaScript(`
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return redis.call('GET', KEYS[1])`);
const RENEW = new LuaScript(`
local current = redis.call('GET', KEYS[1])
if current == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
return current`);
const RELEASE = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`);

/**
 * One holding of a lease key: acquired with `SET NX PX`, renewed every `ttlMs / 5` while Redis still holds this
 * holding's value, released only by a compare-and-delete of that value. `value` is the fence the store's write
 * scripts compare with the lease key.
 */
export class SessionLease implements RedisSessionLock {
  private readonly controller = new AbortController();
  private confirmedUntil: number;
  private renewTimer: NodeJS.Timeout | undefined;
  private deadlineTimer: NodeJS.Timeout | undefined;
  private released: Promise<void> | undefined;

  private constructor(
    private readonly redis: RedisCommands,
    private readonly leaseKey: string,
    private readonly sessionKey: string,
    private readonly ttlMs: number,
    readonly value: string,
    sentAt: number,
  ) {
    this.confirmedUntil = sentAt + SAFE_FRACTION * ttlMs;
    this.armDeadline();
    this.scheduleRenewal();
  }

  /** Takes the lease, or rejects with `SessionLockedError` naming its holder. */
  static async acquire(redis: RedisCommands, leaseKey: string, sessionKey: string, ttlMs: number): Promise<SessionLease> {
    const record: LeaseRecord = { pid: process.pid, hostname: hostname(), since: Date.now(), token: randomBytes(16).toString('hex') };
    const value = JSON.stringify(record);
    const sentAt = performance.now();
    let answer: unknown;
    try {
      answer = await ACQUIRE.run(redis, { keys: [leaseKey], arguments: [value, String(Math.ceil(ttlMs))] });
    } catch (error) {
      throw redisFailure('lock', sessionKey, error);
    }
    if (answer === 1) return new SessionLease(redis, leaseKey, sessionKey, ttlMs, value, sentAt);
    throw heldBy(answer, sessionKey);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Whether this holding may still write: not lost, not released. */
  get valid(): boolean {
    return !this.controller.signal.aborted && this.released === undefined;
  }

  /** Marks the lease lost (once): stops renewing and aborts `signal` with `reason`. */
  lose(reason: Error): void {
    if (!this.valid) return;
    this.stopTimers();
    this.controller.abort(reason);
  }

  release(): Promise<void> {
    this.released ??= (async () => {
      this.stopTimers();
      // Also after a loss: if Redis still holds this value, freeing it spares the next holder the wait.
      try {
        await RELEASE.run(this.redis, { keys: [this.leaseKey], arguments: [this.value] });
      } catch (error) {
        throw redisFailure('unlock', this.sessionKey, error);
      }
    })();
    return this.released;
  }

  private scheduleRenewal(): void {
    this.renewTimer = setTimeout(() => void this.renew(), this.ttlMs / RENEWALS_PER_LEASE);
    this.renewTimer.unref();
  }

  private async renew(): Promise<void> {
    if (!this.valid) return;
    if (performance.now() > this.confirmedUntil) return this.lose(leaseLost('lock', this.sessionKey));
    const sentAt = performance.now();
    let answer: unknown;
    try {
      answer = await RENEW.run(this.redis, { keys: [this.leaseKey], arguments: [this.value, String(Math.ceil(this.ttlMs))] });
    } catch {
      // Redis is unreachable: try again at the next renewal; the deadline decides when to give up.
      answer = 'unanswered';
    }
    if (!this.valid) return;
    if (answer === 1) {
      this.confirmedUntil = sentAt + SAFE_FRACTION * this.ttlMs;
      this.armDeadline();
    } else if (answer !== 'unanswered') {
      return this.lose(answer === null ? leaseLost('lock', this.sessionKey) : heldBy(answer, this.sessionKey));
    }
    this.scheduleRenewal();
  }

  /** Declares the lease lost when no renewal confirms it by `confirmedUntil` (a hung Redis, a paused process). */
  private armDeadline(): void {
    clearTimeout(this.deadlineTimer);
    this.deadlineTimer = setTimeout(() => this.lose(leaseLost('lock', this.sessionKey)), Math.max(0, this.confirmedUntil - performance.now()));
    this.deadlineTimer.unref();
  }

  private stopTimers(): void {
    clearTimeout(this.renewTimer);
    clearTimeout(this.deadlineTimer);
  }
}

/** The error for a lease value found in Redis that is not ours: its holder, or a refusal of a foreign value. */
export function heldBy(value: unknown, sessionKey: string): SessionLockedError | SessionStoreError {
  const holder = typeof value === 'string' ? parseHolder(value) : undefined;
  if (holder === undefined) {
    return new SessionStoreError('lock', 'the lease key holds something that is not a wechat-rx lease', { path: sessionKey });
  }
  return new SessionLockedError(holder, sessionKey);
}

/** The lease of `sessionKey` expired under its holder (not renewed in time, or Redis lost it). */
export function leaseLost(operation: SessionStoreError['operation'], sessionKey: string): SessionStoreError {
  return new SessionStoreError(operation, 'the lease on the session was lost (it expired before it was renewed): stop using the session', { path: sessionKey });
}

function parseHolder(value: string): SessionHolder | undefined {
  try {
    const record = JSON.parse(value) as Partial<LeaseRecord> | null;
    if (typeof record?.pid === 'number' && typeof record.hostname === 'string' && typeof record.since === 'number' && typeof record.token === 'string') {
      return { pid: record.pid, hostname: record.hostname, since: record.since };
    }
  } catch {
    // not JSON: not ours
  }
  return undefined;
}

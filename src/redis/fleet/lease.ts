import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import { LuaScript, type RedisCommands } from '../commands.js';
import { DEFAULT_NAMESPACE, shardKeys } from './shard-keys.js';

/** One holding of a shard: who holds it and the fencing token this acquisition got. */
export interface Lease {
  readonly shard: number;
  readonly namespace: string;
  /** Larger than the token of every earlier holding of the shard; every fenced write presents it. */
  readonly token: number;
  readonly holder: string;
}

/** Where a lease lives and for how long it is taken or renewed. */
export interface LeaseTarget {
  readonly shard: number;
  /** Default `wx`. */
  readonly namespace?: string;
  /** The holder's name ({@link holderId}); it may not be empty. */
  readonly holder: string;
  /** How long the lease lasts without a renewal, in ms. */
  readonly ttlMs: number;
}

export type AcquireResult =
  | { readonly acquired: true; readonly lease: Lease }
  | {
      readonly acquired: false;
      /** The current holder, for logs and `fleet status`. */
      readonly holder: string;
      readonly token: number;
      /** When the current holding expires unless renewed; `Infinity` for a key without expiry (not set by a fleet). */
      readonly remainingMs: number;
    };

/** A free lease is taken with the next token (INCR in the same script, so no two holdings share one). */
const ACQUIRE = new LuaScript(`
local current = redis.call('GET', KEYS[1])
if current then return {0, current, redis.call('PTTL', KEYS[1])} end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], token .. ':' .. ARGV[1], 'PX', ARGV[2])
return {1, token}
`);

/** Only the holding named in ARGV[1] may extend the lease. */
const RENEW = new LuaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`);

/** Compare-and-delete: a late release cannot remove the holding of whoever took the shard over. */
const RELEASE = new LuaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1
`);

export async function acquireLease(client: RedisCommands, target: LeaseTarget): Promise<AcquireResult> {
  assertLeaseTarget('acquireLease', target);
  const namespace = target.namespace ?? DEFAULT_NAMESPACE;
  const keys = shardKeys(target.shard, namespace);
  const reply = (await ACQUIRE.run(client, { keys: [keys.lease, keys.token], arguments: [target.holder, String(target.ttlMs)] })) as
    | [1, number]
    | [0, string, number];
  if (reply[0] === 1) {
    return { acquired: true, lease: { shard: target.shard, namespace, token: Number(reply[1]), holder: target.holder } };
  }
  const current = parseLeaseValue(reply[1]);
  const remainingMs = Number(reply[2]);
  return { acquired: false, ...current, remainingMs: remainingMs < 0 ? Infinity : remainingMs };
}

/** Extends the lease to `ttlMs` from now; `false` when it is no longer this holding (expired or taken over). */
export async function renewLease(client: RedisCommands, lease: Lease, ttlMs: number): Promise<boolean> {
  checkTtl('renewLease', ttlMs);
  return (await RENEW.run(client, { keys: [leaseKeyOf(lease)], arguments: [leaseValue(lease), String(ttlMs)] })) === 1;
}

/** Ends the holding now so another process can take the shard at once; `false` when it was not this holding. */
export async function releaseLease(client: RedisCommands, lease: Lease): Promise<boolean> {
  return (await RELEASE.run(client, { keys: [leaseKeyOf(lease)], arguments: [leaseValue(lease)] })) === 1;
}

/** What the lease key holds during this holding; fence checks compare against it. */
export function leaseValue(lease: Lease): string {
  return `${lease.token}:${lease.holder}`;
}

export function leaseKeyOf(lease: Lease): string {
  return shardKeys(lease.shard, lease.namespace).lease;
}

/** `<token>:<holder>`; the holder may contain colons, the token does not. */
export function parseLeaseValue(value: string): { holder: string; token: number } {
  const colon = value.indexOf(':');
  return { token: Number(value.slice(0, colon)), holder: value.slice(colon + 1) };
}

/** @throws InvalidArgumentError for a shard that is not an integer >= 0, an empty holder, a TTL that is not an integer > 0. */
export function assertLeaseTarget(operation: string, target: LeaseTarget): void {
  if (!Number.isSafeInteger(target.shard) || target.shard < 0) {
    throw new InvalidArgumentError(operation, 'shard', 'must be an integer >= 0');
  }
  if (target.holder === '') throw new InvalidArgumentError(operation, 'holder', 'may not be empty');
  checkTtl(operation, target.ttlMs);
}

function checkTtl(operation: string, ttlMs: number): void {
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) throw new InvalidArgumentError(operation, 'ttlMs', 'must be an integer > 0');
}

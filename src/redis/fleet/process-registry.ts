import { catchError, distinctUntilChanged, EMPTY, exhaustMap, finalize, from, type Observable, timer } from 'rxjs';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import { LuaScript, type RedisCommands } from '../commands.js';
import { DEFAULT_NAMESPACE } from './shard-keys.js';

/** A process in the registry of a fleet. */
export interface RegistryEntry {
  /** Default `wx`. */
  readonly namespace?: string;
  /** The process's name ({@link holderId}). */
  readonly id: string;
}

export interface HeartbeatOptions extends RegistryEntry {
  /** How long the process counts as live after a heartbeat, in ms. */
  readonly ttlMs: number;
}

export interface WatchProcessesOptions extends HeartbeatOptions {
  /** Default `ttlMs / 3`. */
  readonly heartbeatEveryMs?: number;
}

/**
 * A sorted set of process ids scored by when they stop counting as live. The scores come from the Redis server's
 * clock (TIME), so hosts whose clocks disagree still agree on who is live. Expired ids are pruned on every call;
 * an empty ARGV[1] only lists.
 */
const HEARTBEAT = new LuaScript(`
local time = redis.call('TIME')
local nowMs = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowMs)
if ARGV[1] ~= '' then redis.call('ZADD', KEYS[1], nowMs + tonumber(ARGV[2]), ARGV[1]) end
return redis.call('ZRANGE', KEYS[1], 0, -1)
`);

export function registryKey(namespace: string = DEFAULT_NAMESPACE): string {
  return `${namespace}:processes`;
}

/** Marks the process live for `ttlMs` more and answers every live process id, sorted. */
export async function heartbeat(client: RedisCommands, options: HeartbeatOptions): Promise<string[]> {
  if (options.id === '') throw new InvalidArgumentError('heartbeat', 'id', 'may not be empty');
  if (!Number.isSafeInteger(options.ttlMs) || options.ttlMs <= 0) throw new InvalidArgumentError('heartbeat', 'ttlMs', 'must be an integer > 0');
  return sorted(await HEARTBEAT.run(client, { keys: [registryKey(options.namespace)], arguments: [options.id, String(options.ttlMs)] }));
}

/** Every live process id, sorted. */
export async function liveProcesses(client: RedisCommands, namespace?: string): Promise<string[]> {
  return sorted(await HEARTBEAT.run(client, { keys: [registryKey(namespace)], arguments: ['', '0'] }));
}

/** Redis answers them by expiry; by id they compare equal from one heartbeat to the next. */
function sorted(reply: unknown): string[] {
  return [...(reply as string[])].sort();
}

const LEAVE = new LuaScript(`return redis.call('ZREM', KEYS[1], ARGV[1])`);

/** Takes the process out of the registry now, rather than when its last heartbeat runs out. */
export async function leaveRegistry(client: RedisCommands, entry: RegistryEntry): Promise<void> {
  await LEAVE.run(client, { keys: [registryKey(entry.namespace)], arguments: [entry.id] });
}

/**
 * Cold: subscribing registers the process and heartbeats it; emits the live processes (sorted, this one included
 * once its first heartbeat went through) whenever they change. A failed heartbeat is skipped (the next one may
 * succeed before the TTL runs out). Unsubscribing takes the process out of the registry.
 */
export function watchProcesses(client: RedisCommands, options: WatchProcessesOptions): Observable<readonly string[]> {
  const every = options.heartbeatEveryMs ?? Math.max(1, Math.floor(options.ttlMs / 3));
  if (!(every > 0 && every < options.ttlMs)) throw new InvalidArgumentError('watchProcesses', 'heartbeatEveryMs', 'must be > 0 and < ttlMs');
  return timer(0, every).pipe(
    exhaustMap(() => from(heartbeat(client, options)).pipe(catchError(() => EMPTY))),
    distinctUntilChanged((previous, next) => previous.length === next.length && previous.every((id, i) => id === next[i])),
    finalize(() => void leaveRegistry(client, options).catch(() => undefined)),
  );
}

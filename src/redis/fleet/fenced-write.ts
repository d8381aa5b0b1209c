import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import { FencedOutError } from '../fenced-out-error.js';
import { type Lease, leaseKeyOf, leaseValue, parseLeaseValue } from './lease.js';
import { LuaScript, type RedisCommands } from '../commands.js';
import { shardKeys } from './shard-keys.js';

const FENCE_REFUSED = 'FENCED';

/**
 * A script that runs `body` only while the lease key (KEYS[1]) still holds the presented holding (ARGV[1]) and
 * answers an error otherwise, before touching anything. The body sees every key and argument, its own from
 * KEYS[2] and ARGV[2] on. Run it with {@link runFenced}.
 */
export function fencedScript(body: string): LuaScript {
  return new LuaScript(`
local fence = redis.call('GET', KEYS[1])
if fence ~= ARGV[1] then return redis.error_reply('${FENCE_REFUSED} ' .. (fence or '')) end
${body}`);
}

/** Runs a {@link fencedScript} for `lease`; throws {@link FencedOutError} when the lease is no longer this holding. */
export async function runFenced(
  client: RedisCommands,
  script: LuaScript,
  lease: Lease,
  keys: readonly string[],
  args: readonly string[],
): Promise<unknown> {
  try {
    return await script.run(client, { keys: [leaseKeyOf(lease), ...keys], arguments: [leaseValue(lease), ...args] });
  } catch (error) {
    const prefix = `${FENCE_REFUSED} `;
    if (!(error instanceof Error) || !error.message.startsWith(prefix)) throw error;
    const current = error.message.slice(prefix.length);
    throw new FencedOutError(lease.shard, lease.token, current === '' ? undefined : parseLeaseValue(current));
  }
}

/** One single-key write command: its name, its key, then its other arguments (`['HSET', key, field, value]`). */
export type FencedCommand = readonly [command: string, key: string, ...args: string[]];

/** Each command is: its name, its argument count, its arguments; its key is the matching KEYS entry. */
const BATCH = fencedScript(`
local replies = {}
local at = 2
for k = 2, #KEYS do
  local count = tonumber(ARGV[at + 1])
  replies[k - 1] = redis.call(ARGV[at], KEYS[k], unpack(ARGV, at + 2, at + 1 + count))
  at = at + 2 + count
end
return replies`);

/**
 * Runs `commands` in order, atomically, only while `lease` still holds its shard, and answers their replies.
 * Every key must carry the shard's hash tag (so the batch also works on Redis Cluster).
 * @throws FencedOutError when the lease expired or another process took the shard over; nothing was written.
 */
export async function fencedWrite(client: RedisCommands, lease: Lease, commands: readonly FencedCommand[]): Promise<unknown[]> {
  const tag = shardKeys(lease.shard, lease.namespace).tag;
  const keys: string[] = [];
  const args: string[] = [];
  for (const [command, key, ...rest] of commands) {
    if (hashTagOf(key) !== tag) throw new InvalidArgumentError('fencedWrite', 'key', `${key} must carry the shard's hash tag ${tag}`);
    keys.push(key);
    args.push(command, String(rest.length), ...rest);
  }
  return (await runFenced(client, BATCH, lease, keys, args)) as unknown[];
}

/** The part of a key Redis Cluster hashes: the first non-empty `{…}`, braces included, or the whole key. */
function hashTagOf(key: string): string {
  const open = key.indexOf('{');
  const close = open < 0 ? -1 : key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open, close + 1) : key;
}

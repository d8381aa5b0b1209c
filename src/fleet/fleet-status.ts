import type { RedisCommands } from '../redis/commands.js';
import { type GroupLag, readGroupLag } from '../redis/fleet/event-trim.js';
import { accountStatesKey, fleetKeys } from '../redis/fleet/fleet-keys.js';
import { parseLeaseValue } from '../redis/fleet/lease.js';
import { liveProcesses } from '../redis/fleet/process-registry.js';
import { shardKeys } from '../redis/fleet/shard-keys.js';
import type { StreamCommands } from '../redis/fleet/stream-replies.js';
import type { AccountState } from './fleet-events.js';
import { workerNamespace } from './fleet-worker.js';

/** One shard as `fleet status` shows it. */
export interface ShardStatus {
  readonly shard: number;
  /** The poller holding it, and its fencing token; `undefined` while nobody does. */
  readonly owner: { readonly holder: string; readonly token: number } | undefined;
  readonly accounts: number;
  /** Entries in its event stream (trimmed to what groups still need plus a cap). */
  readonly events: number;
  /** Each consumer group's position on its event stream. */
  readonly groups: readonly GroupLag[];
}

/** The fleet as Redis sees it now. */
export interface FleetStatus {
  readonly namespace: string;
  readonly shardCount: number;
  /** Live poller processes (those that sent a heartbeat lately). */
  readonly pollers: readonly string[];
  /** Live worker processes of the group asked about. */
  readonly workers: readonly string[];
  readonly shards: readonly ShardStatus[];
  /** Accounts per state, as their pollers last recorded it. */
  readonly accounts: Readonly<Partial<Record<AccountState, number>>> & { readonly total: number };
}

export interface StatusRedis extends RedisCommands, StreamCommands {
  get(key: string): Promise<string | null>;
  hLen(key: string): Promise<number>;
  xLen(key: string): Promise<number>;
}

/** Reads the fleet's shards, owners, stream lag and account states from Redis (a few commands per shard, pipelined). */
export async function readFleetStatus(redis: StatusRedis, options: { readonly namespace: string; readonly shardCount: number; readonly group: string }): Promise<FleetStatus> {
  const { namespace, shardCount, group } = options;
  const shards = await Promise.all(
    Array.from({ length: shardCount }, async (_, shard): Promise<ShardStatus> => {
      const keys = fleetKeys(shard, namespace);
      const stream = `${shardKeys(shard, namespace).tag}:ev`;
      const [lease, accounts, events, groups] = await Promise.all([
        redis.get(shardKeys(shard, namespace).lease),
        redis.hLen(keys.accounts),
        redis.xLen(stream),
        // A stream nobody appended to yet has no groups.
        readGroupLag(redis, stream).catch(() => []),
      ]);
      return { shard, owner: lease === null ? undefined : parseLeaseValue(lease), accounts, events, groups };
    }),
  );
  const [pollers, workers, states] = await Promise.all([
    liveProcesses(redis, namespace),
    liveProcesses(redis, workerNamespace(namespace, group)),
    redis.hGetAll(accountStatesKey(namespace)),
  ]);
  const counts: Partial<Record<AccountState, number>> = {};
  for (const record of Object.values(states)) {
    const state = stateOf(record);
    if (state !== undefined) counts[state] = (counts[state] ?? 0) + 1;
  }
  const total = shards.reduce((sum, shard) => sum + shard.accounts, 0);
  return { namespace, shardCount, pollers, workers, shards, accounts: { ...counts, total } };
}

function stateOf(record: string): AccountState | undefined {
  try {
    return (JSON.parse(record) as { state?: AccountState }).state;
  } catch {
    return undefined;
  }
}

/**
 * `wechat-rx fleet status`: the fleet as Redis sees it now. The readable form stays short for any number of shards:
 * a summary line, the live pollers (with the shards each holds) and workers, the accounts per state, then only the
 * shards that have accounts or events, and the shards nobody holds as ranges. `--json` prints the whole
 * `FleetStatus`, every shard included, as one JSON object.
 */
import type { RedisClient } from '../redis/connect.js';
import { type FleetStatus, readFleetStatus, type ShardStatus } from '../fleet/fleet-status.js';
import type { FleetWhereArgs } from './fleet-options.js';
import { connectFleetRedis } from './fleet-redis.js';
import { type Io, Printer } from './terminal.js';

export interface FleetStatusArgs extends FleetWhereArgs {
  readonly group: string;
  readonly json?: boolean;
}

export async function runFleetStatus(args: FleetStatusArgs, io: Io = process): Promise<number> {
  let redis: RedisClient | undefined;
  try {
    redis = await connectFleetRedis(args.redis, new Printer(io, args.json === true));
    const status = await readFleetStatus(redis, { namespace: args.namespace, shardCount: args.shards, group: args.group });
    io.stdout.write(args.json === true ? `${JSON.stringify(status)}\n` : statusText(status, args.group));
    return 0;
  } finally {
    await redis?.close().catch(() => undefined);
  }
}

/** The readable status: a few lines whatever the number of shards, plus one per shard in use. */
export function statusText(status: FleetStatus, group: string): string {
  const lines: string[] = [];
  const { accounts, shards } = status;
  lines.push(
    `fleet ${status.namespace}: ${count(shards.length, 'shard')}, ${count(accounts.total, 'account')}, ${count(status.pollers.length, 'poller')}, ` +
      `${count(status.workers.length, 'worker')} (group ${group})`,
  );
  const states = Object.entries(accounts)
    .filter(([state]) => state !== 'total')
    .map(([state, count]) => `${count} ${state}`);
  lines.push(`accounts as their pollers last recorded them: ${states.length === 0 ? 'none' : states.join(', ')}`);
  const held = shardsPerOwner(shards);
  lines.push(`pollers: ${status.pollers.length === 0 ? 'none' : status.pollers.map((p) => `${p} (${count(held.get(p) ?? 0, 'shard')})`).join(', ')}`);
  lines.push(`workers: ${status.workers.length === 0 ? 'none' : status.workers.join(', ')}`);
  const unowned = shards.filter((shard) => shard.owner === undefined).map((shard) => shard.shard);
  lines.push(`shards without a poller: ${unowned.length === 0 ? 'none' : `${unowned.length} (${ranges(unowned)})`}`);
  const used = shards.filter((shard) => shard.accounts > 0 || shard.events > 0);
  if (used.length === 0) {
    lines.push('no shard has accounts or events yet');
  } else {
    lines.push(`shards with accounts or events (${used.length} of ${shards.length}):`);
    lines.push(...table([['shard', 'owner', 'token', 'accounts', 'events', 'lag', 'pending'], ...used.map((shard) => shardRow(shard, group))]));
  }
  return `${lines.join('\n')}\n`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function shardsPerOwner(shards: readonly ShardStatus[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { owner } of shards) if (owner !== undefined) counts.set(owner.holder, (counts.get(owner.holder) ?? 0) + 1);
  return counts;
}

function shardRow(shard: ShardStatus, group: string): string[] {
  const position = shard.groups.find((g) => g.group === group);
  return [
    String(shard.shard),
    shard.owner?.holder ?? '-',
    shard.owner === undefined ? '-' : String(shard.owner.token),
    String(shard.accounts),
    String(shard.events),
    position?.lag === undefined ? '-' : String(position.lag),
    position === undefined ? '-' : String(position.pending),
  ];
}

/** Columns padded to their widest cell, indented by two spaces. */
function table(rows: readonly string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => `  ${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ')}`.trimEnd());
}

/** `[0, 1, 2, 5, 7, 8]` → `0-2, 5, 7-8`. */
export function ranges(numbers: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < numbers.length; ) {
    let end = i;
    while (end + 1 < numbers.length && numbers[end + 1] === numbers[end]! + 1) end++;
    parts.push(end === i ? String(numbers[i]) : `${numbers[i]}-${numbers[end]}`);
    i = end + 1;
  }
  return parts.join(', ');
}

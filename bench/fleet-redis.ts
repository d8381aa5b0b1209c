/**
 * The fleet benchmark's view of Redis: seeding accounts the way `fleet.addAccount` registers them, and the figures
 * read from the server (INFO sections, per-command call counts, pending entries, MEMORY USAGE).
 */
import { lastValueFrom } from 'rxjs';
import type { RedisClient } from '../src/fleet/index.js';
import type { IlinkBotCredentials } from '../src/testing/index.js';
import { built } from './built.js';
import { savedSessionOf } from './ilink-bot.js';

const fleetLib = await built<typeof import('../src/fleet/index.js')>('fleet/index.js');
const { SealedState } = await built<typeof import('../src/redis/fleet/sealed-state.js')>('redis/fleet/sealed-state.js');
const { fleetKeys } = await built<typeof import('../src/redis/fleet/fleet-keys.js')>('redis/fleet/fleet-keys.js');
const { ilinkSessionCodec } = await built<typeof import('../src/ilink/index.js')>('ilink/index.js');
const { CommandQueue } = await built<typeof import('../src/redis/fleet/command-queue.js')>('redis/fleet/command-queue.js');

/** An INFO section as field → value. */
export async function info(redis: RedisClient, section: string): Promise<Record<string, string>> {
  const text = String(await redis.sendCommand(['INFO', section]));
  const fields: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('#')) fields[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return fields;
}

/** Calls per command since the server started (`INFO commandstats`), commands run inside scripts included. */
export async function commandCalls(redis: RedisClient): Promise<Record<string, number>> {
  const calls: Record<string, number> = {};
  for (const [field, value] of Object.entries(await info(redis, 'commandstats'))) {
    const match = /^calls=(\d+)/.exec(value);
    if (field.startsWith('cmdstat_') && match !== null) calls[field.slice('cmdstat_'.length)] = Number(match[1]);
  }
  return calls;
}

export function callsBetween(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const delta: Record<string, number> = {};
  for (const [command, calls] of Object.entries(after)) {
    const grown = calls - (before[command] ?? 0);
    if (grown > 0) delta[command] = grown;
  }
  return delta;
}

/** Writes Redis refused because the writer's lease was no longer current (the fence's `FENCED` error), since start. */
export async function fencedRefusals(redis: RedisClient): Promise<number> {
  const count = /count=(\d+)/.exec((await info(redis, 'errorstats'))['errorstat_FENCED'] ?? '');
  return count === null ? 0 : Number(count[1]);
}

export async function usedMemory(redis: RedisClient): Promise<number> {
  return Number((await info(redis, 'memory'))['used_memory']);
}

/** The server's CPU time so far (user + system), in µs. */
export async function serverCpuMicros(redis: RedisClient): Promise<number> {
  const cpu = await info(redis, 'cpu');
  return (Number(cpu['used_cpu_user']) + Number(cpu['used_cpu_sys'])) * 1e6;
}

/**
 * Registers iLink accounts as `fleet.addAccount` does once a login succeeded: the account (its bot id) in its shard's
 * accounts hash, and its session sealed under its state key; pipelined, in chunks. Answers the account ids. A poller
 * starts them when it next takes their shard, or when asked (`adoptAccounts`).
 */
export async function seedAccounts(
  redis: RedisClient,
  options: { readonly namespace: string; readonly shardCount: number },
  bots: readonly IlinkBotCredentials[],
): Promise<string[]> {
  const sealed = new SealedState(fleetLib.SessionKeyring.fromEnv(), ilinkSessionCodec);
  const accounts: string[] = [];
  for (let i = 0; i < bots.length; i += 500) {
    const multi = redis.multi();
    for (const bot of bots.slice(i, i + 500)) {
      const account = bot.botId;
      const shard = fleetLib.shardOfAccount(account, options.shardCount);
      const stateKey = fleetLib.commitKeys({ shard, namespace: options.namespace }, account).state;
      multi.hSet(fleetKeys(shard, options.namespace).accounts, account, 'ilink');
      multi.set(stateKey, sealed.seal(stateKey, savedSessionOf(bot)));
      accounts.push(account);
    }
    await multi.exec();
  }
  return accounts;
}

/**
 * Asks each account's owner to start it (the `adopt` command `fleet.addAccount` sends once it registered an account),
 * `concurrency` at a time; resolves when every owner answered.
 */
export async function adoptAccounts(
  redis: RedisClient,
  options: { readonly namespace: string; readonly shardCount: number },
  accounts: readonly string[],
  concurrency: number,
): Promise<void> {
  const queue = new CommandQueue(redis, { ...options, holder: 'bench-orchestrator', timeoutMs: 120_000 });
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < accounts.length) await lastValueFrom(queue.run(accounts[next++]!, { type: 'adopt' }));
      }),
    );
  } finally {
    queue.close();
  }
}

export const eventStreamKey = (namespace: string, shard: number): string => `${fleetLib.shardKeys(shard, namespace).tag}:ev`;

/** Entries delivered to `group` and not acknowledged, over every shard's event stream, per consumer. */
export async function pendingByConsumer(redis: RedisClient, namespace: string, shardCount: number, group: string): Promise<Map<string, number>> {
  const replies = await Promise.all(
    Array.from({ length: shardCount }, (_, shard) => redis.sendCommand(['XPENDING', eventStreamKey(namespace, shard), group]).catch(() => undefined)),
  );
  const byConsumer = new Map<string, number>();
  for (const reply of replies) {
    const consumers = (reply as [unknown, unknown, unknown, Array<[string, string]> | null] | undefined)?.[3] ?? [];
    for (const [consumer, count] of consumers) byConsumer.set(String(consumer), (byConsumer.get(String(consumer)) ?? 0) + Number(count));
  }
  return byConsumer;
}

/** Entries delivered to `group` that have waited at least `idleMs` for their acknowledgement, over every shard. */
export async function stalePending(redis: RedisClient, namespace: string, shardCount: number, group: string, idleMs: number): Promise<number> {
  const replies = await Promise.all(
    Array.from({ length: shardCount }, (_, shard) =>
      redis.sendCommand(['XPENDING', eventStreamKey(namespace, shard), group, 'IDLE', String(idleMs), '-', '+', '1000']).catch(() => []),
    ),
  );
  return sum(replies.map((reply) => (reply as unknown[]).length));
}

export const sum = (values: Iterable<number>): number => {
  let total = 0;
  for (const value of values) total += value;
  return total;
};

/** Bytes per entry of the event streams (MEMORY USAGE of each, all of its nodes counted) and how many entries they hold. */
export async function streamFootprint(redis: RedisClient, namespace: string, shardCount: number): Promise<{ bytes: number; entries: number }> {
  let bytes = 0;
  let entries = 0;
  for (let shard = 0; shard < shardCount; shard++) {
    const key = eventStreamKey(namespace, shard);
    bytes += Number(await redis.sendCommand(['MEMORY', 'USAGE', key, 'SAMPLES', '0'])) || 0;
    entries += Number(await redis.sendCommand(['XLEN', key]));
  }
  return { bytes, entries };
}

/** MEMORY USAGE of each account's state key and recent-ids set, for up to `sample` accounts. */
export async function sessionFootprint(
  redis: RedisClient,
  namespace: string,
  shardCount: number,
  accounts: readonly string[],
  sample: number,
): Promise<{ state: number[]; ids: number[]; idCounts: number[] }> {
  const state: number[] = [];
  const ids: number[] = [];
  const idCounts: number[] = [];
  const step = Math.max(1, Math.floor(accounts.length / sample));
  for (let i = 0; i < accounts.length; i += step) {
    const account = accounts[i]!;
    const keys = fleetLib.commitKeys({ shard: fleetLib.shardOfAccount(account, shardCount), namespace }, account);
    state.push(Number(await redis.sendCommand(['MEMORY', 'USAGE', keys.state, 'SAMPLES', '0'])) || 0);
    ids.push(Number(await redis.sendCommand(['MEMORY', 'USAGE', keys.ids, 'SAMPLES', '0'])) || 0);
    idCounts.push(Number(await redis.sendCommand(['ZCARD', keys.ids])));
  }
  return { state, ids, idCounts };
}

/**
 * What Redis holds of an account, to explain a lost message: whether its id is in the account's committed ids, and
 * the saved state's cursor and whether its dedupe window holds the id.
 */
export async function accountTrace(
  redis: RedisClient,
  options: { readonly namespace: string; readonly shardCount: number },
  account: string,
  messageId: string,
): Promise<{ readonly committedId: boolean; readonly cursor: string | undefined; readonly inSavedWindow: boolean | undefined }> {
  const keys = fleetLib.commitKeys({ shard: fleetLib.shardOfAccount(account, options.shardCount), namespace: options.namespace }, account);
  const committedId = (await redis.sendCommand(['ZSCORE', keys.ids, messageId])) !== null;
  const text = await redis.get(keys.state);
  if (text === null) return { committedId, cursor: undefined, inSavedWindow: undefined };
  const saved = new SealedState(fleetLib.SessionKeyring.fromEnv(), ilinkSessionCodec).open(keys.state, String(text));
  return { committedId, cursor: saved.cursor, inSavedWindow: saved.recentMessageIds.includes(messageId) };
}

/** The text of every message in the event streams (read page by page). */
export async function textsInStreams(redis: RedisClient, namespace: string, shardCount: number): Promise<Set<string>> {
  const texts = new Set<string>();
  for (let shard = 0; shard < shardCount; shard++) {
    let after = '-';
    for (;;) {
      const page = (await redis.sendCommand(['XRANGE', eventStreamKey(namespace, shard), after, '+', 'COUNT', '1000'])) as Array<[string, string[]]>;
      for (const [, fields] of page) {
        const at = fields.indexOf('message');
        if (at >= 0) texts.add(String((JSON.parse(fields[at + 1]!) as { text?: unknown }).text));
      }
      if (page.length < 1000) break;
      after = `(${page[page.length - 1]![0]}`;
    }
  }
  return texts;
}

/** A committed message of the fleet phase, as the template of the bus phase's synthetic ones. */
export async function sampleMessage(redis: RedisClient, namespace: string, shardCount: number): Promise<Record<string, unknown> | undefined> {
  for (let shard = 0; shard < shardCount; shard++) {
    const reply = (await redis.sendCommand(['XRANGE', eventStreamKey(namespace, shard), '-', '+', 'COUNT', '1'])) as Array<[string, string[]]>;
    const fields = reply[0]?.[1];
    const at = fields?.indexOf('message') ?? -1;
    if (fields !== undefined && at >= 0) return JSON.parse(fields[at + 1]!) as Record<string, unknown>;
  }
  return undefined;
}

import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import { compareIds, parseEntries, parseFlatRecord, type StreamCommands } from './stream-replies.js';

/** Where one consumer group stands on a stream. */
export interface GroupLag {
  readonly group: string;
  /** Entries delivered to no consumer of the group yet; `undefined` when Redis cannot tell (after some deletions). */
  readonly lag: number | undefined;
  /** Entries delivered and not acknowledged. */
  readonly pending: number;
  readonly lastDeliveredId: string;
}

/** Every group's lag on `key` (XINFO GROUPS, Redis ≥ 7). */
export async function readGroupLag(redis: StreamCommands, key: string): Promise<GroupLag[]> {
  const groups = (await redis.sendCommand(['XINFO', 'GROUPS', key])) as unknown[];
  return groups.map((reply) => {
    const info = parseFlatRecord(reply);
    const lag = info.lag;
    return {
      group: String(info.name),
      lag: lag === null || lag === undefined ? undefined : Number(lag),
      pending: Number(info.pending),
      lastDeliveredId: String(info['last-delivered-id']),
    };
  });
}

export interface TrimEventsOptions {
  /** Drop entries older than this id… */
  readonly minId?: string;
  /** …or keep at most this many. */
  readonly maxLen?: number;
}

/**
 * Trims `key` but never past what a group still needs: the bound is lowered to the oldest entry pending in any
 * group, or, for a group with nothing pending, its last delivered entry (everything after it is undelivered).
 * Safe against concurrent reads: deliveries only move past the last delivered id, so a bound read before the trim
 * stays below every entry a group may still need. Answers how many entries were removed.
 */
export async function trimEvents(redis: StreamCommands, key: string, options: TrimEventsOptions): Promise<number> {
  const wanted = await requestedBound(redis, key, options);
  if (wanted === undefined) return 0;
  let bound = wanted;
  for (const group of await readGroupLag(redis, key)) {
    let needed = group.lastDeliveredId;
    if (group.pending > 0) {
      const summary = (await redis.sendCommand(['XPENDING', key, group.group])) as [unknown, unknown];
      needed = String(summary[1]);
    }
    if (compareIds(needed, bound) < 0) bound = needed;
  }
  return Number(await redis.sendCommand(['XTRIM', key, 'MINID', bound]));
}

/** The oldest id to keep, as the caller asked it; `undefined` when nothing is to go. */
async function requestedBound(redis: StreamCommands, key: string, { minId, maxLen }: TrimEventsOptions): Promise<string | undefined> {
  if ((minId === undefined) === (maxLen === undefined)) throw new InvalidArgumentError('trimEvents', 'options', 'need exactly one of minId and maxLen');
  if (minId !== undefined) return minId;
  if (!Number.isInteger(maxLen) || maxLen! < 1) throw new InvalidArgumentError('trimEvents', 'maxLen', 'must be an integer ≥ 1');
  const kept = parseEntries(await redis.sendCommand(['XREVRANGE', key, '+', '-', 'COUNT', String(maxLen)]));
  return kept.length < maxLen! ? undefined : kept[kept.length - 1]!.id;
}

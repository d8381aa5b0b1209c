import { filter, map, mergeMap, type Observable, type ObservableInput, pairwise, share, startWith } from 'rxjs';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import type { Lease } from './lease.js';
import { keepLease, type LeaseEvent } from './lease-keeper.js';
import { leaseTiming, type LeaseTimingOptions } from './lease-timing.js';
import type { RedisCommands } from '../commands.js';
import { watchProcesses } from './process-registry.js';
import { shardsOwnedBy } from './rendezvous.js';

export interface ShardOwnershipOptions extends LeaseTimingOptions {
  /** How many shards the fleet has; every process of a fleet must use the same number. */
  readonly shardCount: number;
  /** This process's name ({@link holderId}). */
  readonly holder: string;
  /** Default `wx`. */
  readonly namespace?: string;
  /**
   * How long a process counts as live after its last heartbeat. Default `ttlMs / 2`: a dead process's shards are
   * reassigned before its leases run out, so the new owners take them over as soon as the TTL allows.
   */
  readonly registryTtlMs?: number;
  /** What to finish before a shard moves to another process: stop polling it, commit. */
  readonly drain?: (lease: Lease) => ObservableInput<unknown>;
}

/**
 * Cold: registers this process, keeps the leases of the shards rendezvous hashing gives it among the live processes,
 * and hands a shard off (drain, then release) when a change of the live processes gives it to another. Emits the
 * lease events of all its shards (`lease.shard` tells which). Unsubscribing releases every lease and leaves the
 * registry.
 */
export function ownShards(client: RedisCommands, options: ShardOwnershipOptions): Observable<LeaseEvent> {
  const { shardCount, holder, namespace, drain, registryTtlMs = Math.max(3, Math.floor(options.ttlMs / 2)), ...timing } = options;
  leaseTiming(timing); // a timing that cannot work throws here, not in the first keeper
  if (!Number.isSafeInteger(shardCount) || shardCount <= 0) throw new InvalidArgumentError('ownShards', 'shardCount', 'must be an integer > 0');
  const mine$ = watchProcesses(client, { id: holder, ttlMs: registryTtlMs, ...(namespace === undefined ? {} : { namespace }) }).pipe(
    // Until its first heartbeat went through, this process is not in the list: count it in regardless.
    map((live) => new Set(shardsOwnedBy(holder, shardCount, live.includes(holder) ? live : [...live, holder]))),
    share(),
  );
  return mine$.pipe(
    startWith(new Set<number>()),
    pairwise(),
    mergeMap(([before, now]) => [...now].filter((shard) => !before.has(shard))),
    mergeMap((shard) =>
      keepLease(client, {
        ...timing,
        shard,
        holder,
        ...(namespace === undefined ? {} : { namespace }),
        ...(drain === undefined ? {} : { drain }),
        handOff$: mine$.pipe(filter((shards) => !shards.has(shard))),
      }),
    ),
  );
}

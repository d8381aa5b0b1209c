/** The key prefix of a fleet; two fleets on one Redis use two namespaces. */
export const DEFAULT_NAMESPACE = 'wx';

/**
 * The keys of one shard. They all carry the hash tag `{<namespace>:<shard>}`, so a shard lives in one Redis Cluster
 * slot and a script may touch any of them atomically.
 */
export interface ShardKeys {
  readonly shard: number;
  /** `{wx:7}`: the prefix of every key of the shard (event stream, command stream, sessions…). */
  readonly tag: string;
  /** Holds `<token>:<holder>` while a process owns the shard, with the lease's TTL. */
  readonly lease: string;
  /** The fencing-token counter: incremented by every acquisition, never expires. */
  readonly token: string;
}

export function shardKeys(shard: number, namespace: string = DEFAULT_NAMESPACE): ShardKeys {
  const tag = `{${namespace}:${shard}}`;
  return { shard, tag, lease: `${tag}:lease`, token: `${tag}:token` };
}

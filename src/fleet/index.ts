/**
 * Running accounts on Redis: a session store every process can share, encrypted at rest and held through a lease.
 * Needs the optional peer dependency `redis` (node-redis ≥ 5) and Redis ≥ 7; see docs/fleet.md.
 *
 * Each `export` below is one group, and its `@category` is the group's heading in the API documentation.
 *
 * @module wechat-rx/redis
 */

/**
 * Session stores: one account's session in Redis, of any protocol, sealed with AES-256-GCM, single-owner by lease.
 * @category Session stores
 */
export { RedisSessionStore, type RedisSessionStoreOptions } from './redis-session-store.js';
/** @category Session stores */
export type { RedisSessionLock } from './session-lease.js';
/** @category Session stores */
export type { SessionCodec, SessionProtocol } from '../session/session-codec.js';

/**
 * Encryption: the keys that seal saved sessions, from options or the environment, with rotation.
 * @category Encryption
 */
export {
  SessionKeyring,
  SESSION_KEY_ENV,
  PREVIOUS_SESSION_KEYS_ENV,
  type SessionKeyInput,
  type SessionKeyringOptions,
  type SealedText,
  type OpenFailure,
} from './session-keyring.js';

/**
 * Redis connection: a node-redis client, and the commands wechat-rx needs of any client you bring.
 * @category Redis connection
 */
export { connectRedis, type ConnectRedisOptions, type RedisClient } from './connect.js';
/** @category Redis connection */
export type { RedisCommands, ScriptCall } from './commands.js';

/**
 * Shard leases: one process per shard, proven by a fencing token every write presents; a keeper that renews and
 * hands a shard off after draining it.
 * @category Shard leases
 */
export { acquireLease, renewLease, releaseLease, type Lease, type LeaseTarget, type AcquireResult } from './fleet/lease.js';
/** @category Shard leases */
export { keepLease, type LeaseEvent, type LeaseKeeperOptions } from './fleet/lease-keeper.js';
/** @category Shard leases */
export type { LeaseTimingOptions } from './fleet/lease-timing.js';
/** @category Shard leases */
export { fencedWrite, fencedScript, runFenced, type FencedCommand } from './fleet/fenced-write.js';
/** @category Commit sink */
export { redisCommitSink, commitKeys, type RedisCommitSink, type RedisCommitSinkOptions, type CommitKeys, type CommittableMessage } from './fleet/commit-sink.js';
/** @category Commit sink */
export type { CommitSink, CommitBatch } from '../session/commit-sink.js';
/** @category Shard leases */
export { shardKeys, DEFAULT_NAMESPACE, type ShardKeys } from './fleet/shard-keys.js';
/** @category Shard leases */
export { holderId } from './fleet/holder-id.js';

/**
 * Shard assignment: rendezvous hashing of the shards over the live processes of a registry with heartbeats.
 * @category Shard assignment
 */
export { ownShards, type ShardOwnershipOptions } from './fleet/shard-ownership.js';
/** @category Shard assignment */
export { assignShards, rendezvousOwner, shardsOwnedBy } from './fleet/rendezvous.js';
/** @category Shard assignment */
export {
  heartbeat,
  liveProcesses,
  leaveRegistry,
  watchProcesses,
  registryKey,
  type RegistryEntry,
  type HeartbeatOptions,
  type WatchProcessesOptions,
} from './fleet/process-registry.js';

/**
 * Errors of the fleet.
 * @category Errors
 */
export { FencedOutError, isFencedOutError } from './fenced-out-error.js';

/**
 * Event stream: workers consume the shards' events in consumer groups, with per-chat order, acknowledgement after
 * the handler, retries, a dead-letter stream, takeover of a dead consumer's entries, trimming and a lag alarm.
 * @category Event stream
 */
export { consumeEvents, type ConsumeEventsOptions, type ConsumerRedis } from './fleet/event-consumer.js';
/** @category Event stream */
export { deadLetterKeyOf, type StreamEvent, type EventStreamEvent } from './fleet/event-stream-events.js';
/** @category Event stream */
export { trimEvents, readGroupLag, type TrimEventsOptions, type GroupLag } from './fleet/event-trim.js';
/** @category Event stream */
export type { StreamCommands } from './fleet/stream-replies.js';

/**
 * Running accounts on Redis: a fleet of processes that poll accounts by lease and run bots on their messages
 * (`createFleet`), and the parts it is made of — a session store every process can share, encrypted at rest and
 * held through a lease, shard leases with fencing, the commit sink, the event and command streams. Needs the
 * optional peer dependency `redis` (node-redis ≥ 5) and Redis ≥ 7; see docs/fleet.md.
 *
 * Each `export` below is one group, and its `@category` is the group's heading in the API documentation.
 *
 * @module wechat-rx/redis
 */

/**
 * The fleet: processes that poll accounts (pollers), run bots on their messages (workers) or both, sharing Redis.
 * @category Fleet
 */
export { createFleet, type Fleet, type FleetOptions, type FleetRole } from './create-fleet.js';
/** @category Fleet */
export type { FleetMessage, FleetHandler } from './fleet-worker.js';
/** @category Fleet */
export type { FleetEvent, AccountState } from './fleet-events.js';
/** @category Fleet */
export type { AddAccountOptions, AddAccountStep } from './add-account.js';
/** @category Fleet */
export type { FleetStatus, ShardStatus } from './fleet-status.js';
/** @category Fleet */
export type { FleetProtocol, FleetLoginStep, FleetClientOptions } from './fleet-protocols.js';
/** @category Fleet */
export { shardOfAccount } from '../redis/fleet/fleet-keys.js';

/**
 * Session stores: one account's session in Redis, of any protocol, sealed with AES-256-GCM, single-owner by lease.
 * @category Session stores
 */
export { RedisSessionStore, type RedisSessionStoreOptions } from '../redis/redis-session-store.js';
/** @category Session stores */
export type { RedisSessionLock } from '../redis/session-lease.js';
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
} from '../redis/session-keyring.js';

/**
 * Redis connection: a node-redis client, and the commands wechat-rx needs of any client you bring.
 * @category Redis connection
 */
export { connectRedis, type ConnectRedisOptions, type RedisClient } from '../redis/connect.js';
/** @category Redis connection */
export type { RedisCommands, ScriptCall } from '../redis/commands.js';

/**
 * Shard leases: one process per shard, proven by a fencing token every write presents; a keeper that renews and
 * hands a shard off after draining it.
 * @category Shard leases
 */
export { acquireLease, renewLease, releaseLease, type Lease, type LeaseTarget, type AcquireResult } from '../redis/fleet/lease.js';
/** @category Shard leases */
export { keepLease, type LeaseEvent, type LeaseKeeperOptions } from '../redis/fleet/lease-keeper.js';
/** @category Shard leases */
export type { LeaseTimingOptions } from '../redis/fleet/lease-timing.js';
/** @category Shard leases */
export { fencedWrite, fencedScript, runFenced, type FencedCommand } from '../redis/fleet/fenced-write.js';
/** @category Commit sink */
export { redisCommitSink, commitKeys, type RedisCommitSink, type RedisCommitSinkOptions, type CommitKeys, type CommittableMessage } from '../redis/fleet/commit-sink.js';
/** @category Commit sink */
export type { CommitSink, CommitBatch } from '../session/commit-sink.js';
/** @category Shard leases */
export { shardKeys, DEFAULT_NAMESPACE, type ShardKeys } from '../redis/fleet/shard-keys.js';
/** @category Shard leases */
export { holderId } from '../redis/fleet/holder-id.js';

/**
 * Shard assignment: rendezvous hashing of the shards over the live processes of a registry with heartbeats.
 * @category Shard assignment
 */
export { ownShards, type ShardOwnershipOptions } from '../redis/fleet/shard-ownership.js';
/** @category Shard assignment */
export { assignShards, rendezvousOwner, shardsOwnedBy } from '../redis/fleet/rendezvous.js';
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
} from '../redis/fleet/process-registry.js';

/**
 * Errors of the fleet and of its Redis connection.
 * @category Errors
 */
export { FencedOutError, isFencedOutError } from '../redis/fenced-out-error.js';
/** @category Errors */
export { RedisConnectError, isRedisConnectError } from '../redis/redis-connect-error.js';
/** @category Errors */
export {
  FleetCommandError,
  FleetCommandTimeoutError,
  AccountExistsError,
  isFleetCommandError,
  isFleetCommandTimeoutError,
  isAccountExistsError,
} from '../redis/fleet-errors.js';

/**
 * Event stream: workers consume the shards' events in consumer groups, with per-chat order, acknowledgement after
 * the handler, retries, a dead-letter stream, takeover of a dead consumer's entries, trimming and a lag alarm.
 * @category Event stream
 */
export { consumeEvents, type ConsumeEventsOptions, type ConsumerRedis } from '../redis/fleet/event-consumer.js';
/** @category Event stream */
export { deadLetterKeyOf, type StreamEvent, type EventStreamEvent } from '../redis/fleet/event-stream-events.js';
/** @category Event stream */
export { trimEvents, readGroupLag, type TrimEventsOptions, type GroupLag } from '../redis/fleet/event-trim.js';
/** @category Event stream */
export type { StreamCommands } from '../redis/fleet/stream-replies.js';

/**
 * Metrics: one process's fleet figures (accounts online, commits, leases, lag, handled events, commands) in the
 * Prometheus text format, and a small HTTP server for Prometheus to scrape them from.
 * @category Metrics
 */
export {
  FleetMetrics,
  type FleetMetricsOptions,
  type LeaseMove,
  type ShardRole,
  type HandledOutcome,
  type CommandOutcome,
} from '../redis/fleet/fleet-metrics.js';
/** @category Metrics */
export { serveMetrics, type ServeMetricsOptions, type MetricsServer } from '../redis/fleet/metrics-server.js';

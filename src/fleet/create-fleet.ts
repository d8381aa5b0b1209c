import { defer, EMPTY, filter, finalize, from, groupBy, ignoreElements, merge, mergeMap, Observable, type ObservableInput, share, Subject, takeUntil } from 'rxjs';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { BotClient } from '../model/bot-client.js';
import type { SendResult } from '../model/events.js';
import type { Logger } from '../logging/logger.js';
import { connectRedis, type RedisClient } from '../redis/connect.js';
import { CommandQueue } from '../redis/fleet/command-queue.js';
import { FleetMetrics } from '../redis/fleet/fleet-metrics.js';
import { holderId } from '../redis/fleet/holder-id.js';
import { type Lease, releaseLease } from '../redis/fleet/lease.js';
import { leaveRegistry } from '../redis/fleet/process-registry.js';
import { DEFAULT_NAMESPACE } from '../redis/fleet/shard-keys.js';
import { SessionKeyring } from '../redis/session-keyring.js';
import { addAccount, type AddAccountOptions, type AddAccountStep, checkAddAccount } from './add-account.js';
import type { FleetEvent } from './fleet-events.js';
import { FleetPoller } from './fleet-poller.js';
import { checkFleetClientOptions, type FleetClientOptions } from './fleet-protocols.js';
import { readFleetStatus, type FleetStatus } from './fleet-status.js';
import { type FleetHandler, type FleetMessage, runWorker, workerNamespace } from './fleet-worker.js';

/** What a process of the fleet does: poll accounts, run bots on their messages, or both. */
export type FleetRole = 'poller' | 'worker' | 'both';

export interface FleetOptions {
  /** `redis://…`, `rediss://…`, `unix:///path.sock`, or a connected node-redis client (left open by `close()`). */
  readonly redis: string | RedisClient;
  readonly role: FleetRole;
  /**
   * The origin every account client talks to instead of the WeChat hosts (a simulator); the same rule as the
   * clients' `server` option. @default the real hosts
   */
  readonly server?: string;
  /** Keys' prefix; two fleets on one Redis need two. @default 'wx' */
  readonly namespace?: string;
  /** Shards the accounts are spread over; the same in every process of the fleet. @default 64 */
  readonly shardCount?: number;
  /** The workers' consumer group: each application (group) sees every message once. @default 'bots' */
  readonly group?: string;
  /** Lease TTL in ms, for the pollers' and the workers' leases: a dead process's shards move after about this. @default 10000 */
  readonly ttlMs?: number;
  /** This process's name in the fleet. @default host:pid:random */
  readonly holder?: string;
  /**
   * Seals the saved sessions. @default `SessionKeyring.fromEnv()` (`WECHAT_RX_SESSION_KEY`), read when the poller side
   * starts or an account is added: a worker never opens a session and needs no key.
   */
  readonly keyring?: SessionKeyring;
  /** Options for the account clients the pollers (and `addAccount`) make, per protocol. */
  readonly clientOptions?: FleetClientOptions;
  /** How long `send` waits for its result. @default 60000 */
  readonly commandTimeoutMs?: number;
  /** The process's metrics, created when left out (read them with `fleet.metrics.text()`). */
  readonly metrics?: FleetMetrics;
  /** Worker side: chats handled at once per shard (16), deliveries before the dead-letter stream (5), lag alarm. */
  readonly worker?: { readonly concurrency?: number; readonly maxAttempts?: number; readonly lagAlarm?: number };
  /**
   * Entries each shard's event stream keeps beyond what the consumer groups still need (for groups that start
   * later); trimmed every minute by the shard's poller. @default 100000
   */
  readonly retainEvents?: number;
  /** Where Redis connection errors go when `redis` is a URL. */
  readonly logger?: Logger;
}

/** A process of a fleet: see `createFleet`. */
export interface Fleet {
  readonly holder: string;
  /** Cold and shared: subscribing runs the poller side (role `poller`/`both`); emits what this process does. */
  readonly events$: Observable<FleetEvent>;
  /**
   * Cold and shared: subscribing runs the worker side (and, for role `both`, the poller side); every message of
   * every account, once per consumer group, in order per chat. Each is acknowledged once delivered: a message this
   * process dies while delivering is delivered again (to the next holder of its shard).
   */
  readonly messages$: Observable<FleetMessage>;
  /**
   * The worker side with acknowledgement after the handler: each message's entry is acknowledged once what
   * `handler` returns completed; a failed handler runs again, then goes to the dead-letter stream. Use either this
   * or `messages$` in one process.
   */
  handle(handler: FleetHandler): Observable<FleetEvent>;
  /** Sends `text` from `account` to `chat` through the process that owns the account, once per `id`. */
  send(account: string, chat: string, text: string, options?: { readonly id?: string }): Observable<SendResult>;
  /** One account as a `BotClient`: its messages and sends, so a bot written for one client runs unchanged. */
  client(account: string): BotClient;
  /** Runs `bot` once per account as its messages arrive, each on the account's `client(account)`. */
  runBot(bot: (client: BotClient) => ObservableInput<unknown>): Observable<unknown>;
  /** Logs an account in here (QR steps) and hands it to the fleet. */
  addAccount(options?: AddAccountOptions): Observable<AddAccountStep>;
  /** Shards, owners, lag and accounts per state, read from Redis. */
  status(): Promise<FleetStatus>;
  readonly metrics: FleetMetrics;
  /** Stops this process's part: closes its clients, releases its leases, leaves the registry; completes the streams. */
  close(): Promise<void>;
}

const DEFAULT_SHARDS = 64;

/**
 * A second connection for the poller's lease renewals and heartbeats. On the connection the accounts use, a takeover
 * of thousands of accounts queued megabytes of commands ahead of the renewals, which came back after the leases'
 * validity: the poller dropped shards it held and the fleet churned (docs/benchmarks.md, the fleet scenario).
 */
function connectLeases(client: RedisClient): Promise<RedisClient> {
  const connection = client.duplicate();
  // node-redis reconnects by itself; a renewal that fails meanwhile is the keeper's to handle.
  connection.on('error', () => undefined);
  return connection.connect();
}

/**
 * A process of a fleet of accounts on Redis (docs/fleet.md). Pollers own shards of accounts by lease (one poller per
 * account at any time, fenced) and commit each answer's messages to the shard's event stream before moving on;
 * workers read the streams in a consumer group, one worker per shard at a time for per-chat order; `send` from any
 * process runs once at the account's owner. Nothing runs until `events$`, `messages$` or `handle` is subscribed.
 *
 * @example
 * ```ts
 * import { createFleet } from 'wechat-rx/redis';
 * import { echoBot } from './echo-bot.js';
 *
 * const fleet = createFleet({ redis: 'redis://127.0.0.1:6379', role: 'both' });
 * fleet.runBot(echoBot).subscribe();
 * process.on('SIGTERM', () => void fleet.close());
 * ```
 */
export function createFleet(options: FleetOptions): Fleet {
  const role = options.role;
  if (role !== 'poller' && role !== 'worker' && role !== 'both') throw new InvalidArgumentError('createFleet', 'role', "must be 'poller', 'worker' or 'both'");
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const shardCount = options.shardCount ?? DEFAULT_SHARDS;
  if (!Number.isSafeInteger(shardCount) || shardCount < 1 || shardCount > 16_384) throw new InvalidArgumentError('createFleet', 'shardCount', 'must be an integer from 1 to 16384');
  checkFleetClientOptions('createFleet', options.clientOptions);
  const ttlMs = options.ttlMs ?? 10_000;
  const group = options.group ?? 'bots';
  const holder = options.holder ?? holderId();
  let keyring = options.keyring;
  const keyringNow = (): SessionKeyring => (keyring ??= SessionKeyring.fromEnv());
  const metrics = options.metrics ?? new FleetMetrics({ labels: { process: holder } });
  const ownsRedis = typeof options.redis === 'string';
  const redis = typeof options.redis === 'string' ? connectRedis(options.redis, options.logger === undefined ? {} : { logger: options.logger }) : Promise.resolve(options.redis);
  // A connection that fails is reported by whatever uses it first; until then it is no unhandled rejection.
  redis.catch(() => undefined);
  const connected = <T>(work: (client: RedisClient) => Observable<T>): Observable<T> => defer(() => from(redis)).pipe(mergeMap(work));
  const commands = redis.then((client) => new CommandQueue(client, { namespace, shardCount, holder, timeoutMs: options.commandTimeoutMs ?? 60_000 }));
  const closed$ = new Subject<void>();
  const workerEvents$ = new Subject<FleetEvent>();
  let poller: FleetPoller | undefined;
  /** The pollers' lease connection, opened with the poller side (see `PollerOptions.leaseRedis`). */
  let leaseConnection: Promise<RedisClient> | undefined;
  let workerRunning = false;
  const workerLeases = new Map<number, Lease>();

  const pollerRun$: Observable<FleetEvent> = (
    role === 'worker'
      ? EMPTY
      : connected((client) =>
          from((leaseConnection ??= connectLeases(client))).pipe(
            mergeMap((leaseRedis) => {
              poller = new FleetPoller(
                {
                  redis: client,
                  holder,
                  namespace,
                  server: options.server,
                  keyring: keyringNow(),
                  clientOptions: options.clientOptions ?? {},
                  metrics,
                  ...(options.retainEvents === undefined ? {} : { retainEvents: options.retainEvents }),
                },
                { shardCount, ttlMs, leaseRedis },
              );
              return poller.run();
            }),
          ),
        )
  ).pipe(takeUntil(closed$), share());

  const handle = (handler: FleetHandler): Observable<FleetEvent> => {
    if (role === 'poller') throw new InvalidArgumentError('fleet.handle', 'role', "is 'poller': this process runs no workers");
    return defer(() => {
      if (workerRunning) throw new InvalidArgumentError('fleet.handle', 'handler', 'the worker side already runs in this process: use messages$ or handle, once');
      workerRunning = true;
      const worker$ = connected((client) => runWorker({ redis: client, holder, namespace, shardCount, ttlMs, group, metrics, held: workerLeases, ...options.worker }, handler));
      return (role === 'both' ? merge(worker$, pollerRun$.pipe(ignoreElements())) : worker$).pipe(
        takeUntil(closed$),
        finalize(() => (workerRunning = false)),
      );
    });
  };
  const messages$ = new Observable<FleetMessage>((subscriber) =>
    handle((message) => subscriber.next(message)).subscribe({
      next: (event) => workerEvents$.next(event),
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    }),
  ).pipe(share());
  const send = (account: string, chat: string, text: string, sendOptions: { readonly id?: string } = {}): Observable<SendResult> =>
    from(commands).pipe(mergeMap((queue) => queue.run(account, { type: 'send', chat, text }, sendOptions.id) as Observable<SendResult>));
  const client = (account: string): BotClient => ({
    messages$: messages$.pipe(filter((message) => message.account === account)),
    send: (chat, text) => send(account, chat, text),
  });

  return {
    holder,
    events$: merge(pollerRun$, workerEvents$).pipe(takeUntil(closed$)),
    messages$,
    handle,
    send,
    client,
    runBot: (bot) =>
      messages$.pipe(
        groupBy((message) => message.account),
        mergeMap((messages) => bot({ messages$: messages, send: (chat, text) => send(messages.key, chat, text) })),
      ),
    addAccount: (addOptions = {}) => {
      checkAddAccount(addOptions);
      return from(Promise.all([redis, commands])).pipe(
        mergeMap(([client, queue]) =>
          addAccount({ redis: client, namespace, shardCount, server: options.server, keyring: keyringNow(), clientOptions: options.clientOptions ?? {}, commands: queue, adoptWaitMs: 5_000 }, addOptions),
        ),
      );
    },
    status: async () => readFleetStatus(await redis, { namespace, shardCount, group }),
    metrics,
    close: async () => {
      await poller?.stop();
      closed$.next();
      closed$.complete();
      (await commands.catch(() => undefined))?.close();
      const client = await redis.catch(() => undefined);
      if (client === undefined) return;
      // Released here too, not left to the stopped keepers alone, so none can still be pending when the connection closes.
      await Promise.all([...workerLeases.values()].map((lease) => releaseLease(client, lease).catch(() => false)));
      workerLeases.clear();
      await Promise.all([leaveRegistry(client, { id: holder, namespace }), leaveRegistry(client, { id: holder, namespace: workerNamespace(namespace, group) })]).catch(() => undefined);
      await (await leaseConnection?.catch(() => undefined))?.close().catch(() => undefined);
      if (ownsRedis) await client.close().catch(() => undefined);
    },
  };
}

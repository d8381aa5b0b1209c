import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';

export type LeaseMove = 'acquired' | 'lost' | 'released' | 'handed-off';
export type ShardRole = 'poller' | 'worker';
export type HandledOutcome = 'handled' | 'retried' | 'dead-lettered';
export type CommandOutcome = 'ok' | 'failed' | 'duplicate';

export interface FleetMetricsOptions {
  /** Put before the name of each fleet metric; default `wechatrx_fleet_`. */
  readonly prefix?: string;
  /** Also collect prom-client's process metrics (CPU, memory, event loop lag, GC), under their usual names; default true. */
  readonly defaultMetrics?: boolean;
  /** Labels on every metric of this instance, e.g. `{ process: holder }`. */
  readonly labels?: Readonly<Record<string, string>>;
}

const LEASE_MOVES: readonly LeaseMove[] = ['acquired', 'lost', 'released', 'handed-off'];
const SHARD_ROLES: readonly ShardRole[] = ['poller', 'worker'];
const HANDLED_OUTCOMES: readonly HandledOutcome[] = ['handled', 'retried', 'dead-lettered'];
const COMMAND_OUTCOMES: readonly CommandOutcome[] = ['ok', 'failed', 'duplicate'];
/** Seconds: a commit is one Lua script, about a millisecond on a near Redis; the top buckets catch a stalled one. */
const COMMIT_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * One process's fleet metrics in the Prometheus text format, for a `/metrics` endpoint (`serveMetrics`).
 *
 * Counters only ever grow: take rates in Prometheus, e.g. events per second as
 * `rate(wechatrx_fleet_events_committed_total[1m])`. Every labelled series starts at 0, so the first event already
 * shows in `rate()`. Each instance has its own prom-client `Registry`, never the global one: two fleets in one
 * process keep apart. Counts and seconds must be finite and not negative (`InvalidArgumentError` otherwise).
 */
export class FleetMetrics {
  /** The content type to serve `text()` with. */
  readonly contentType: string;
  readonly #registry = new Registry();
  readonly #accountsOnline: Gauge;
  readonly #eventsCommitted: Counter;
  readonly #duplicatesDropped: Counter;
  readonly #commitLatency: Histogram;
  readonly #leaseMoves: Counter<'kind' | 'role'>;
  readonly #groupLag: Gauge<'stream' | 'group'>;
  readonly #eventsHandled: Counter<'outcome'>;
  readonly #commands: Counter<'outcome'>;
  readonly #shardsHeld: Gauge<'role'>;

  constructor({ prefix = 'wechatrx_fleet_', defaultMetrics = true, labels = {} }: FleetMetricsOptions = {}) {
    const registers = [this.#registry];
    this.#registry.setDefaultLabels({ ...labels });
    this.contentType = this.#registry.contentType;
    this.#accountsOnline = new Gauge({ name: `${prefix}accounts_online`, help: 'Accounts whose client is online in this process.', registers });
    this.#eventsCommitted = new Counter({ name: `${prefix}events_committed_total`, help: 'Events appended to the event stream by commits.', registers });
    this.#duplicatesDropped = new Counter({ name: `${prefix}duplicates_dropped_total`, help: 'Events a commit dropped as already committed (same id).', registers });
    this.#commitLatency = new Histogram({ name: `${prefix}commit_latency_seconds`, help: 'Time one commit took.', buckets: COMMIT_BUCKETS, registers });
    this.#leaseMoves = new Counter({ name: `${prefix}lease_moves_total`, help: 'Shard leases acquired, lost, released or handed off.', labelNames: ['kind', 'role'], registers });
    this.#groupLag = new Gauge({ name: `${prefix}group_lag`, help: 'Entries of a stream not yet delivered to a consumer group.', labelNames: ['stream', 'group'], registers });
    this.#eventsHandled = new Counter({ name: `${prefix}events_handled_total`, help: 'Events this worker ran a handler for, by outcome.', labelNames: ['outcome'], registers });
    this.#commands = new Counter({ name: `${prefix}commands_total`, help: 'Commands (sends) this process ran as owner, by outcome.', labelNames: ['outcome'], registers });
    this.#shardsHeld = new Gauge({ name: `${prefix}shards_held`, help: 'Shards whose lease this process holds.', labelNames: ['role'], registers });
    for (const role of SHARD_ROLES) {
      this.#shardsHeld.set({ role }, 0);
      for (const kind of LEASE_MOVES) this.#leaseMoves.inc({ kind, role }, 0);
    }
    for (const outcome of HANDLED_OUTCOMES) this.#eventsHandled.inc({ outcome }, 0);
    for (const outcome of COMMAND_OUTCOMES) this.#commands.inc({ outcome }, 0);
    if (defaultMetrics) collectDefaultMetrics({ register: this.#registry });
  }

  /** Gauge: accounts whose client is online in this process. */
  accountsOnline(count: number): void {
    this.#accountsOnline.set(checkedCount('accountsOnline', 'count', count));
  }

  /** Counters: events a commit appended to the event stream, and those it dropped as duplicates by their id. */
  eventsCommitted(appended: number, dropped: number): void {
    this.#eventsCommitted.inc(checkedCount('eventsCommitted', 'appended', appended));
    this.#duplicatesDropped.inc(checkedCount('eventsCommitted', 'dropped', dropped));
  }

  /** Histogram: how long one commit took, in seconds (buckets from 0.5 ms to 5 s). */
  commitLatency(seconds: number): void {
    if (!(Number.isFinite(seconds) && seconds >= 0)) throw new InvalidArgumentError('commitLatency', 'seconds', 'must be a finite number, not negative');
    this.#commitLatency.observe(seconds);
  }

  /** Counter: a shard lease of this process moved (`handed-off`: released after a drain because another owns the shard now). */
  leaseMoved(kind: LeaseMove, role: ShardRole): void {
    this.#leaseMoves.inc({ kind, role });
  }

  /** Gauge: entries of `stream` not yet delivered to `group` (`readGroupLag`). */
  groupLag(stream: string, group: string, lag: number): void {
    this.#groupLag.set({ stream, group }, checkedCount('groupLag', 'lag', lag));
  }

  /** Counter: an event this worker handled, retried or dead-lettered. */
  eventHandled(outcome: HandledOutcome): void {
    this.#eventsHandled.inc({ outcome });
  }

  /** Counter: a command (a send) this process ran as the account's owner. */
  commandRan(outcome: CommandOutcome): void {
    this.#commands.inc({ outcome });
  }

  /** Gauge: shards whose lease this process holds in `role`. */
  shardsHeld(role: ShardRole, count: number): void {
    this.#shardsHeld.set({ role }, checkedCount('shardsHeld', 'count', count));
  }

  /** The metrics in the Prometheus text exposition format. */
  text(): Promise<string> {
    return this.#registry.metrics();
  }
}

function checkedCount(operation: string, argument: string, value: number): number {
  if (!(Number.isSafeInteger(value) && value >= 0)) throw new InvalidArgumentError(operation, argument, 'must be a whole number, not negative');
  return value;
}

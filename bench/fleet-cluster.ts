/**
 * The processes of the fleet benchmark as the orchestrator sees them: the iLink simulators, the pollers and the
 * workers, each in its own process, with what they last reported (`status`), who holds each shard (from their
 * `lease` lines) and every lease move with the time it was seen. Worker `D` lines go to the delivery ledger.
 */
import type { IlinkBotCredentials } from '../src/testing/index.js';
import type { FleetChildConfig } from './fleet-child.js';
import { type DeliveryLedger, parseDelivery } from './fleet-ledger.js';
import { type Child, type Message, spawnBench } from './procs.js';

export type Role = 'poller' | 'worker';

export interface LeaseMove {
  readonly role: Role;
  readonly holder: string;
  readonly shard: number;
  readonly change: 'acquired' | 'lost' | 'released';
  /** When the holder saw it, epoch ms. */
  readonly at: number;
}

export interface ProcessStatus {
  readonly states?: Readonly<Record<string, number>>;
  readonly failures?: Readonly<Record<string, number>>;
  readonly failureSamples?: Readonly<Record<string, string>>;
  readonly redisErrors?: number;
  readonly connectionErrors?: Readonly<Record<string, number>>;
  /** The longest event-loop delay the process saw since its last status, ms. */
  readonly loopDelayMaxMs?: number;
  readonly delivered?: number;
  readonly streamEvents?: Readonly<Record<string, number>>;
  readonly cpuUs: number;
}

export class FleetProcess {
  status: ProcessStatus = { cpuUs: 0 };
  alive = true;

  constructor(
    readonly role: Role,
    readonly holder: string,
    readonly child: Child,
  ) {}

  /** `kill -9`: the process dies where it stands. */
  async kill(): Promise<void> {
    this.alive = false;
    this.child.signal('SIGKILL');
    await this.child.exit;
  }

  /** Asks the process to close its fleet (leases released, registry left) and exit. */
  async stop(): Promise<void> {
    this.child.signal('SIGCONT');
    await this.child.stop(20_000);
    this.alive = false;
  }

  /** CPU used so far (µs), asked now. */
  async cpuMicros(): Promise<number> {
    return Number((await this.ask({ cmd: 'cpu' }, 'cpu'))['cpuUs']);
  }

  /** The next message of `type` after sending `command`. */
  async ask(command: Readonly<Record<string, unknown>>, type: string, ms = 30_000): Promise<Message> {
    this.child.send(command);
    return this.child.next(type, ms);
  }
}

/** A text the simulator counts as acknowledged: its bot, its message id, its place in the bot's queue, when it was injected. */
export interface LostText {
  readonly seq: number;
  readonly botId: string;
  readonly messageId: string;
  readonly position: number;
  readonly at: number;
}

export class SimHandle {
  constructor(
    readonly index: number,
    readonly child: Child,
    readonly bots: readonly IlinkBotCredentials[],
    /** RSS before any bot was bound. */
    readonly baselineRss: number,
  ) {}

  /**
   * Starts a simulator process with `bots` bound bots (its seed is its own, so no two share an id or token), holding
   * an empty `getupdates` for `holdMs`.
   */
  static async start(index: number, bots: number, holdMs: number): Promise<SimHandle> {
    const child = spawnBench('fleet-sim-process.ts', [JSON.stringify({ index, seed: 1000 + index, bots, holdMs })], `fleet-sim-${index}`);
    try {
      const listening = await child.next('listening', 30_000);
      const bound = await child.next('bots', 120_000);
      return new SimHandle(index, child, bound['bots'] as IlinkBotCredentials[], Number(listening['rss']));
    } catch (error) {
      await child.stop(1_000);
      throw error;
    }
  }

  traffic(rate: number): void {
    this.child.send({ cmd: 'traffic', rate });
  }

  async stopTraffic(): Promise<number> {
    this.child.send({ cmd: 'stop-traffic' });
    return Number((await this.child.next('traffic-stopped', 10_000))['injected']);
  }

  /**
   * Which of these texts (by seq) a client acknowledged to the simulator (it will not send them again), and for up to
   * 20 of them the bot, the message id and the place in the bot's queue.
   */
  async acknowledged(seqs: readonly number[]): Promise<{ seqs: Set<number>; where: readonly LostText[] }> {
    this.child.send({ cmd: 'acknowledged', seqs });
    const answer = await this.child.next('acknowledged', 30_000);
    return { seqs: new Set(answer['seqs'] as number[]), where: answer['where'] as LostText[] };
  }

  async stats(): Promise<{ injected: number; cpuUs: number; rss: number; held: number }> {
    this.child.send({ cmd: 'stats' });
    const stats = await this.child.next('stats', 10_000);
    return { injected: Number(stats['injected']), cpuUs: Number(stats['cpuUs']), rss: Number(stats['rss']), held: Number(stats['held']) };
  }
}

export class FleetCluster {
  readonly processes: FleetProcess[] = [];
  readonly moves: LeaseMove[] = [];
  /** The longest event-loop delay any poller reported since the last `resetPeaks()`, ms. */
  pollerLoopDelayPeakMs = 0;
  private readonly owners = { poller: new Map<number, string>(), worker: new Map<number, string>() };

  constructor(
    private readonly config: Omit<FleetChildConfig, 'holder'>,
    private readonly ledger: DeliveryLedger,
  ) {}

  async startPoller(holder: string): Promise<FleetProcess> {
    return this.start('poller', holder, 'fleet-poller-process.ts', {});
  }

  /** A worker that reports every delivery (`record`) or counts them and keeps their bus latencies (`count`). */
  async startWorker(holder: string, handlerMs: number, mode: 'record' | 'count' = 'record'): Promise<FleetProcess> {
    return this.start('worker', holder, 'fleet-worker-process.ts', { mode, handlerMs });
  }

  private async start(role: Role, holder: string, file: string, extra: Readonly<Record<string, unknown>>): Promise<FleetProcess> {
    const child = spawnBench(file, [JSON.stringify({ ...this.config, holder, ...extra })], holder);
    const process = new FleetProcess(role, holder, child);
    child.onLine((line) => {
      const delivery = parseDelivery(line);
      if (delivery !== undefined) return this.ledger.record(delivery);
      if (!line.startsWith('{')) return;
      const message = JSON.parse(line) as Message;
      if (message.type === 'status') {
        process.status = message as unknown as ProcessStatus;
        this.pollerLoopDelayPeakMs = Math.max(this.pollerLoopDelayPeakMs, process.status.loopDelayMaxMs ?? 0);
      }
      else if (message.type === 'lease') this.moved({ ...(message as unknown as Omit<LeaseMove, 'holder'>), holder });
    });
    this.processes.push(process);
    await child.next('status', 60_000);
    return process;
  }

  private moved(move: LeaseMove): void {
    this.moves.push(move);
    const owners = this.owners[move.role];
    if (move.change === 'acquired') owners.set(move.shard, move.holder);
    else if (owners.get(move.shard) === move.holder) owners.delete(move.shard);
  }

  live(role: Role): FleetProcess[] {
    return this.processes.filter((p) => p.alive && p.role === role);
  }

  /** The shards `holder` holds as `role`, by its own reports. */
  shardsOf(role: Role, holder: string): number[] {
    return [...this.owners[role]].flatMap(([shard, owner]) => (owner === holder ? [shard] : []));
  }

  /** Shards held as `role` by a live process. */
  held(role: Role): number {
    const live = new Set(this.live(role).map((p) => p.holder));
    let held = 0;
    for (const owner of this.owners[role].values()) if (live.has(owner)) held++;
    return held;
  }

  /** Accounts online at the live pollers, by their last status. */
  online(): number {
    return this.live('poller').reduce((total, p) => total + (p.status.states?.['online'] ?? 0), 0);
  }

  /** For each of `shards`, the first time another holder than `from` acquired it (as `role`) after `since`. */
  takeovers(role: Role, shards: readonly number[], from: string, since: number): Map<number, number> {
    const taken = new Map<number, number>();
    for (const move of this.moves) {
      if (move.role === role && move.change === 'acquired' && move.holder !== from && move.at >= since && shards.includes(move.shard) && !taken.has(move.shard)) {
        taken.set(move.shard, move.at);
      }
    }
    return taken;
  }

  /** What the workers reported so far by stream event type (`redis-error`, `claimed`…), summed over every worker. */
  streamEvents(): Record<string, number> {
    const total: Record<string, number> = {};
    for (const p of this.processes) for (const [type, count] of Object.entries(p.status.streamEvents ?? {})) total[type] = (total[type] ?? 0) + count;
    return total;
  }

  /** CPU (µs) of each live process of `role`, as last reported. */
  cpu(role: Role): Map<string, number> {
    return new Map(this.live(role).map((p) => [p.holder, p.status.cpuUs]));
  }

  async stopAll(): Promise<void> {
    await Promise.allSettled(this.processes.filter((p) => p.alive).map((p) => p.stop()));
  }
}

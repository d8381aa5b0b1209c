/**
 * The orchestrator's side of bench/client-process.ts: spawning a client, the figures it reports, and the helpers
 * every scenario shares (mixed specs, pacing, alternating order).
 */
import type { ClientConfig, ClientKind } from './client-process.js';
import { type Child, epochMs, type Message, type SimProcess, spawnBench } from './procs.js';

export type { ClientKind } from './client-process.js';

/** Column names of the table. */
export const LABELS: Readonly<Record<ClientKind, string>> = {
  'rx-ky': 'wechat-rx (ky)',
  'rx-undici': 'wechat-rx (undici)',
  wechat4u: 'wechat4u 0.7.14',
  'bare-undici': 'bare undici.request',
  'bare-undici-book': 'bare undici.request with the address book',
  'bare-fetch': 'bare fetch',
  'bare-ky': 'bare ky',
};

export interface Memory {
  readonly rss: number;
  readonly heap: number;
}

export interface Latency {
  readonly n: number;
  readonly p50?: number;
  readonly p99?: number;
  readonly max?: number;
  readonly mean?: number;
}

export interface Ready {
  readonly uins: readonly number[];
  readonly loginMs: number;
  readonly loginCpuUs: number;
  readonly requests: Readonly<Record<string, number>>;
  /** After imports, before the first login (after a forced GC). */
  readonly baseline: Memory;
  /** Once every session is online (after a forced GC). */
  readonly online: Memory;
}

export interface Figures {
  readonly received: number;
  readonly cpuUs: number;
  readonly elapsedMs: number;
  readonly requests: Readonly<Record<string, number>>;
  readonly memory: Memory;
  readonly armedMemory: Memory;
  readonly latency: Latency;
  readonly errors: number;
}

export interface Done extends Figures {
  readonly endEpoch: number;
}

const as = <T>(message: Message): T => message as unknown as T;

export class BenchClient {
  private constructor(
    readonly kind: ClientKind,
    private readonly child: Child,
    readonly ready: Ready,
  ) {}

  /** Spawns a client process and waits until its sessions are online. */
  static async start(kind: ClientKind, sim: SimProcess, extra: Partial<ClientConfig> = {}, loginMs = 120_000): Promise<BenchClient> {
    const config: ClientConfig = Object.assign({ kind, origin: sim.origin }, extra);
    const child = spawnBench('client-process.ts', [JSON.stringify(config)], kind);
    try {
      return new BenchClient(kind, child, as<Ready>(await child.next('ready', loginMs)));
    } catch (error) {
      await child.stop(1_000);
      throw error;
    }
  }

  get uin(): number {
    return this.ready.uins[0] ?? 0;
  }

  /** Resets the counters; `done` resolves once `count` marked texts arrived (bounded by `ms`). */
  async arm(count?: number): Promise<void> {
    this.child.send(count === undefined ? { cmd: 'arm' } : { cmd: 'arm', count });
    await this.child.next('armed', 10_000);
  }

  async done(ms: number): Promise<Done> {
    return as<Done>(await this.child.next('done', ms));
  }

  async sample(): Promise<Figures> {
    this.child.send({ cmd: 'sample' });
    return as<Figures>(await this.child.next('sample', 30_000));
  }

  stop(): Promise<void> {
    return this.child.stop();
  }
}

/** Runs `work` with a started client and always stops it. */
export async function withClient<T>(
  kind: ClientKind,
  sim: SimProcess,
  work: (client: BenchClient) => Promise<T>,
  extra: Partial<ClientConfig> = {},
): Promise<T> {
  const client = await BenchClient.start(kind, sim, extra);
  try {
    return await work(client);
  } finally {
    await client.stop();
  }
}

/** The first group of every simulated account (world.ts names groups by index). */
export const GROUP = '家人群';

/** `total` marked texts for `session`, alternating between a private chat and a group in chunks of `chunk`. */
export function mixedSpecs(session: number, total: number, chunk: number, first = 0): Record<string, unknown>[] {
  const specs: Record<string, unknown>[] = [];
  for (let done = 0, i = first; done < total; i++) {
    const count = Math.min(chunk, total - done);
    specs.push(Object.assign({ session, text: `bench@${epochMs()}`, count }, i % 2 === 1 ? { group: GROUP } : {}));
    done += count;
  }
  return specs;
}

/**
 * Calls `send(n)` so that `rate` messages per second go out for `durationMs`, in small steps (the timer granularity
 * decides the step size). Resolves with the number sent.
 */
export async function pace(rate: number, durationMs: number, send: (count: number, step: number) => void): Promise<number> {
  const total = Math.round((rate * durationMs) / 1000);
  const start = performance.now();
  let sent = 0;
  for (let step = 0; sent < total; step++) {
    const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000)) - sent;
    if (due > 0) {
      send(due, step);
      sent += due;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return sent;
}

/**
 * A warm-up of `warmupMs` at `rate` (not counted: JIT, first syncs), then `durationMs` at `rate`; resolves with the
 * client's figures for the measured part once every text of it arrived. `beforeMeasuring` runs between the two.
 */
export async function paced(
  client: BenchClient,
  rate: number,
  warmupMs: number,
  durationMs: number,
  send: (count: number, step: number) => void,
  beforeMeasuring: () => Promise<void> = async () => undefined,
): Promise<Done> {
  await client.arm(Math.round((rate * warmupMs) / 1000));
  await pace(rate, warmupMs, send);
  await client.done(60_000);
  await beforeMeasuring();
  await client.arm(Math.round((rate * durationMs) / 1000));
  await pace(rate, durationMs, send);
  return client.done(60_000);
}

/** The kinds in a different order each run, so no kind always goes first (warm caches, a busy machine). */
export function rotate<T>(items: readonly T[], run: number): T[] {
  const k = run % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

export const sumRequests = (requests: Readonly<Record<string, number>>): number =>
  Object.values(requests).reduce((a, b) => a + b, 0);

/**
 * Scenario 3: logged in and idle. One simulator (its own process, synccheck held `holdMs`) serves every idle client
 * at once: `instances` processes per kind, all started together. Idle clients use next to no CPU, so this scenario
 * runs in the background while the others are measured; its figures are each process's own (requests it sent, its
 * CPU, its RSS growth between two forced GCs). wechat4u sends a heartbeat text to filehelper at login and every 5
 * minutes, and opens a new connection per request (`connection: close`); both show in its figures. RSS growth is
 * read between a sample a tenth into the idle time (after start-up garbage has been returned to the system) and the
 * end, both after a forced GC.
 */
import { BenchClient, type ClientKind, type Figures, sumRequests } from './clients.js';
import { SimProcess } from './procs.js';
import { median } from './stats.js';

export interface IdleOptions {
  readonly quick?: boolean;
}

export interface IdleFigures {
  readonly requests: number;
  /** Requests per server hold (1 = one synccheck per hold and nothing else). */
  readonly requestsPerHold: number;
  /** Texts sent while idle (wechat4u's filehelper heartbeat). */
  readonly sends: number;
  readonly cpuSeconds: number;
  readonly rssGrowthMb: number;
  readonly heapGrowthMb: number;
  readonly instances: number;
}

export interface IdleResult {
  readonly holdMs: number;
  readonly seconds: number;
  readonly kinds: Partial<Record<ClientKind, IdleFigures>>;
}

export const IDLE_KINDS: readonly ClientKind[] = ['rx-ky', 'rx-undici', 'wechat4u'];
/** Let login-time work (wechat4u's first heartbeat, contact loading) finish before counting. */
const SETTLE_MS = 2_000;
const MB = 1024 * 1024;

export interface IdleRun {
  /** Waits until the idle time is over and every client sampled (on its own timer), then stops everything. */
  finish(): Promise<IdleResult>;
  /** Stops everything at once (on failure elsewhere). */
  abort(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export async function startIdle(options: IdleOptions = {}, kinds: readonly ClientKind[] = IDLE_KINDS): Promise<IdleRun> {
  const quick = options.quick === true;
  const holdMs = quick ? 2_000 : 25_000;
  const seconds = quick ? 20 : 600;
  const instances = quick ? 2 : 5;
  const sim = await SimProcess.start({ autoConfirm: { delayMs: 5 }, syncHoldMs: holdMs, loginHoldMs: holdMs });
  const clients: BenchClient[] = [];
  const stopAll = async (): Promise<void> => {
    await Promise.allSettled(clients.map((c) => c.stop()));
    await sim.stop();
  };
  try {
    // Started together, a few at a time: spawning is most of the wait, and nothing is measured yet.
    const order = Array.from({ length: instances }, () => kinds).flat();
    for (let i = 0; i < order.length; i += 6) {
      const started = await Promise.allSettled(order.slice(i, i + 6).map((kind) => BenchClient.start(kind, sim)));
      for (const s of started) if (s.status === 'fulfilled') clients.push(s.value);
      const failed = started.find((s) => s.status === 'rejected');
      if (failed !== undefined) throw failed.reason;
    }
    await sleep(SETTLE_MS);
    for (const client of clients) await client.arm();
  } catch (error) {
    await stopAll();
    throw error;
  }
  const armedAt = performance.now();
  // Sampled on timers of their own, so the idle time stays what it says while other scenarios run in the foreground.
  const sampled = (async () => {
    await sleep(seconds * 100);
    const marks = await Promise.all(clients.map((c) => c.sample()));
    await sleep(seconds * 1000 - (performance.now() - armedAt));
    const ends = await Promise.all(clients.map((c) => c.sample()));
    return { marks, ends, elapsedMs: performance.now() - armedAt };
  })();
  sampled.catch(() => undefined);
  return {
    abort: stopAll,
    finish: async () => {
      try {
        const { marks, ends, elapsedMs } = await sampled;
        const result: Partial<Record<ClientKind, IdleFigures>> = {};
        for (const kind of kinds) {
          const mine = clients.flatMap((c, i) => (c.kind === kind ? [{ mark: marks[i] as Figures, end: ends[i] as Figures }] : []));
          const m = (pick: (f: (typeof mine)[number]) => number): number => median(mine.map(pick));
          result[kind] = {
            requests: m((f) => sumRequests(f.end.requests)),
            requestsPerHold: m((f) => sumRequests(f.end.requests) / (f.end.elapsedMs / holdMs)),
            sends: m((f) => f.end.requests['webwxsendmsg'] ?? 0),
            cpuSeconds: m((f) => f.end.cpuUs / 1e6),
            rssGrowthMb: m((f) => (f.end.memory.rss - f.mark.memory.rss) / MB),
            heapGrowthMb: m((f) => (f.end.memory.heap - f.mark.memory.heap) / MB),
            instances: mine.length,
          };
        }
        return { holdMs, seconds: elapsedMs / 1000, kinds: result };
      } finally {
        await stopAll();
      }
    },
  };
}

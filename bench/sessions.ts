/**
 * Scenario 4: many sessions in one client process. `n` sessions log in (50 at a time), then 1,000 marked texts per
 * second in total go to them round-robin (each session gets 1000/n per second) after a warm-up at the same rate
 * (two seconds, one with --quick), and the process reports the stamp → handler latency over all of them. RSS per
 * session is (RSS online − RSS before the first login) / n, both after a forced GC, and again at the end of the
 * measured stretch ("under load"). wechat4u is measured where it manages; a count it cannot log in within the bound
 * shows as —.
 * The bare undici client is the floor: the latency the simulator, the kernel and the machine allow at this load.
 * The same client keeping the address book as the server sent it (`bare-undici-book`) is the memory floor of a client
 * that knows its contacts: the data alone, without the structures a library builds over it.
 * The sessions of a process share one keep-alive pool (wechat-rx on either transport, and both bare undici clients),
 * as the README advises for many sessions; wechat4u has no such option.
 */
import { type ClientKind, GROUP, paced, rotate, withClient } from './clients.js';
import { epochMs, type SimProcess, withSim } from './procs.js';
import { medianEach } from './stats.js';

export interface SessionsOptions {
  readonly quick?: boolean;
  /** The simulator gzips its answers for clients that accept gzip, as the real server does. @default true */
  readonly compress?: boolean;
  /** Sessions per client process, one measurement each. @default [100, 1000, 2500] ([200] with `quick`) */
  readonly counts?: readonly number[];
  /** Logins in flight at once in each client process (RSS per session depends on it, see docs/benchmarks.md). @default 50 */
  readonly loginsAtOnce?: number;
}

export interface SessionsRun {
  readonly rssPerSessionKb: number;
  /** Live V8 heap per session, same way (RSS adds the heap's free space, native buffers and sockets). */
  readonly heapPerSessionKb: number;
  /**
   * Both again at the end of the measured stretch (after a forced GC): what a process serving the load holds. More
   * than online: the messages' own state, and the old generation's free space left by their garbage.
   */
  readonly rssUnderLoadKb: number;
  readonly heapUnderLoadKb: number;
  readonly loginSeconds: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly cpuShare: number;
  /** The simulator process's CPU over the same stretch, as a share of one core (near 1: it is the bottleneck). */
  readonly simCpuShare: number;
}

export interface SessionsFigures extends SessionsRun {
  readonly sessions: number;
  readonly runs: number;
  /** Why there is no figure (the client could not log in this many sessions in time). */
  readonly failed?: string;
}

export interface SessionsResult {
  readonly rate: number;
  readonly compress: boolean;
  readonly seconds: number;
  readonly counts: readonly number[];
  /** Logins in flight at once in each client process (absent in results from before it could be chosen: 50). */
  readonly loginsAtOnce?: number;
  readonly kinds: Partial<Record<ClientKind, readonly SessionsFigures[]>>;
}

export const SESSIONS_KINDS: readonly ClientKind[] = ['rx-ky', 'rx-undici', 'wechat4u', 'bare-undici', 'bare-undici-book'];
const RATE = 1_000;
const KB = 1024;

/** One client process with `n` sessions: log in, warm up, then the measured stretch. */
function measure(kind: ClientKind, sim: SimProcess, n: number, warmupSeconds: number, seconds: number, loginsAtOnce: number): Promise<SessionsRun> {
  return withClient(
    kind,
    sim,
    async (client) => {
      const uins = client.ready.uins;
      let next = 0;
      const send = (count: number): void => {
        const specs: Record<string, unknown>[] = [];
        for (let i = 0; i < count; i++, next++) {
          specs.push(Object.assign({ session: uins[next % uins.length], text: `bench@${epochMs()}` }, next % 2 === 1 ? { group: GROUP } : {}));
        }
        sim.queueQuietly(specs);
      };
      let simCpuStart = 0;
      const done = await paced(client, RATE, warmupSeconds * 1000, seconds * 1000, send, async () => void (simCpuStart = await sim.cpuMicros()));
      const simCpuUs = (await sim.cpuMicros()) - simCpuStart;
      const ready = client.ready;
      return {
        rssPerSessionKb: (ready.online.rss - ready.baseline.rss) / n / KB,
        heapPerSessionKb: (ready.online.heap - ready.baseline.heap) / n / KB,
        rssUnderLoadKb: (done.memory.rss - ready.baseline.rss) / n / KB,
        heapUnderLoadKb: (done.memory.heap - ready.baseline.heap) / n / KB,
        loginSeconds: ready.loginMs / 1000,
        p50Ms: done.latency.p50 ?? Number.NaN,
        p99Ms: done.latency.p99 ?? Number.NaN,
        cpuShare: done.cpuUs / 1000 / done.elapsedMs,
        simCpuShare: simCpuUs / 1000 / done.elapsedMs,
      };
    },
    { sessions: n, sharedPool: true, concurrency: loginsAtOnce },
  );
}

export async function runSessions(options: SessionsOptions = {}, kinds: readonly ClientKind[] = SESSIONS_KINDS): Promise<SessionsResult> {
  const quick = options.quick === true;
  const counts = options.counts ?? (quick ? [200] : [100, 1_000, 2_500]);
  const compress = options.compress ?? true;
  const loginsAtOnce = options.loginsAtOnce ?? 50;
  const runs = quick ? 1 : 3;
  const seconds = quick ? 2 : 10;
  const warmupSeconds = quick ? 1 : 2;
  const result: Partial<Record<ClientKind, SessionsFigures[]>> = {};
  for (const n of counts) {
    const samples = new Map<ClientKind, SessionsRun[]>();
    const failures = new Map<ClientKind, string>();
    await withSim({ autoConfirm: { delayMs: 5 }, maxSessions: n + 50, compress }, async (sim) => {
      for (let run = 0; run < runs; run++) {
        for (const kind of rotate(kinds, run)) {
          if (failures.has(kind)) continue;
          try {
            samples.set(kind, [...(samples.get(kind) ?? []), await measure(kind, sim, n, warmupSeconds, seconds, loginsAtOnce)]);
          } catch (error) {
            failures.set(kind, error instanceof Error ? (error.message.split('\n')[0] ?? 'failed') : String(error));
          }
          await sim.reset();
        }
      }
    });
    for (const kind of kinds) {
      const list = samples.get(kind) ?? [];
      const failed = failures.get(kind);
      const figures = Object.assign(medianEach(list, ['rssPerSessionKb', 'heapPerSessionKb', 'rssUnderLoadKb', 'heapUnderLoadKb', 'loginSeconds', 'p50Ms', 'p99Ms', 'cpuShare', 'simCpuShare']), { sessions: n, runs: list.length });
      result[kind] = [...(result[kind] ?? []), failed === undefined ? figures : Object.assign(figures, { failed })];
    }
  }
  return { rate: RATE, compress, seconds, counts, loginsAtOnce, kinds: result };
}

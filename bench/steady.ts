/**
 * Scenario 2: 500 marked texts per second (alternating friend and group) for a fixed time, each stamped when the
 * orchestrator hands it to the simulator; the client records stamp → handler latency. A one-second warm-up at the
 * same rate runs first and is not counted. The bare undici client gives the simulator's own latency, the baseline
 * of the target "wechat-rx adds < 2 ms".
 */
import { type ClientKind, GROUP, paced, rotate, withClient } from './clients.js';
import { epochMs, withSim } from './procs.js';
import { medianEach } from './stats.js';

export interface SteadyOptions {
  readonly quick?: boolean;
}

export interface SteadyRun {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly cpuPerMessageUs: number;
  /** Share of one core the client used. */
  readonly cpuShare: number;
}

export interface SteadyFigures extends SteadyRun {
  readonly runs: number;
}

export interface SteadyResult {
  readonly rate: number;
  readonly seconds: number;
  readonly runs: number;
  readonly kinds: Partial<Record<ClientKind, SteadyFigures>>;
}

export const STEADY_KINDS: readonly ClientKind[] = ['rx-ky', 'rx-undici', 'wechat4u', 'bare-undici'];
const RATE = 500;
const WARMUP_MS = 1_000;

export async function runSteady(options: SteadyOptions = {}, kinds: readonly ClientKind[] = STEADY_KINDS): Promise<SteadyResult> {
  const quick = options.quick === true;
  const runs = quick ? 1 : 5;
  const seconds = quick ? 3 : 15;
  const samples = new Map<ClientKind, SteadyRun[]>();
  await withSim({ autoConfirm: { delayMs: 5 } }, async (sim) => {
    for (let run = 0; run < runs; run++) {
      for (const kind of rotate(kinds, run)) {
        await withClient(kind, sim, async (client) => {
          const send = (count: number, step: number): void =>
            sim.queueQuietly([Object.assign({ session: client.uin, text: `bench@${epochMs()}`, count }, step % 2 === 1 ? { group: GROUP } : {})]);
          const done = await paced(client, RATE, WARMUP_MS, seconds * 1000, send);
          const figures: SteadyRun = {
            p50Ms: done.latency.p50 ?? Number.NaN,
            p99Ms: done.latency.p99 ?? Number.NaN,
            maxMs: done.latency.max ?? Number.NaN,
            cpuPerMessageUs: done.cpuUs / done.received,
            cpuShare: done.cpuUs / 1000 / done.elapsedMs,
          };
          samples.set(kind, [...(samples.get(kind) ?? []), figures]);
        });
        await sim.reset();
      }
    }
  });
  const result: Partial<Record<ClientKind, SteadyFigures>> = {};
  for (const kind of kinds) {
    const list = samples.get(kind) ?? [];
    result[kind] = Object.assign(medianEach(list, ['p50Ms', 'p99Ms', 'maxMs', 'cpuPerMessageUs', 'cpuShare']), { runs: list.length });
  }
  return { rate: RATE, seconds, runs, kinds: result };
}

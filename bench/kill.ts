/**
 * Scenario 7, hard kills: a sustained stream of texts while the bot is killed with SIGKILL at random moments and
 * restarted on its session file (see kill-run.ts). Run against a simulator that re-delivers everything after a
 * stale key (`replayAcknowledged`), so what the bot repeats depends only on what it saved, and against the default
 * one, which forgets acknowledged messages as the real server does. Reports what was lost, what came twice per
 * kill, and the cost of one session save (write, fsync, rename), with wechat-rx loaded from dist/.
 */
import { startSimulator } from '../src/testing/index.js';
import { runKillScenario } from './kill-run.js';
import { fmt, median, percentile } from './stats.js';

export interface KillServerResult {
  readonly injected: number;
  readonly lost: number;
  readonly duplicatesPerKill: readonly number[];
  readonly saves: number;
  readonly saveMedianMs: number;
  readonly saveP99Ms: number;
}

export interface KillBenchResult {
  readonly rate: number;
  readonly batchSize: number;
  readonly kills: number;
  readonly replaying: KillServerResult;
  readonly acking: KillServerResult;
}

const BATCH = 100;

async function runOn(replayAcknowledged: boolean, rate: number, kills: number, lifeMs: readonly [number, number]): Promise<KillServerResult> {
  const sim = await startSimulator({ autoConfirm: { delayMs: 5 }, loginHoldMs: 1000, syncHoldMs: 5000, batchSize: BATCH, replayAcknowledged });
  try {
    const run = await runKillScenario({ sim, rate, kills, lifeMs, from: 'dist' });
    return {
      injected: run.injected,
      lost: run.lost,
      duplicatesPerKill: run.duplicatesPerKill,
      saves: run.saveMs.length,
      saveMedianMs: median(run.saveMs),
      saveP99Ms: percentile(run.saveMs, 99),
    };
  } finally {
    await sim.close();
  }
}

export async function runKillBench(options: { quick: boolean }): Promise<KillBenchResult> {
  const rate = 440;
  const kills = options.quick ? 3 : 10;
  const lifeMs = options.quick ? ([800, 2000] as const) : ([1000, 5000] as const);
  const replaying = await runOn(true, rate, kills, lifeMs);
  const acking = await runOn(false, rate, kills, lifeMs);
  return { rate, batchSize: BATCH, kills, replaying, acking };
}

export function printKill(result: KillBenchResult): void {
  const line = (name: string, r: KillServerResult) =>
    `  ${name}: ${fmt(r.injected, 0)} texts, lost ${r.lost}, duplicates per kill ${r.duplicatesPerKill.join(', ')} ` +
    `(max ${Math.max(...r.duplicatesPerKill)}; target ≤ ${result.batchSize}), ${r.saves} saves: median ${fmt(r.saveMedianMs, 2)} ms, ` +
    `p99 ${fmt(r.saveP99Ms, 2)} ms`;
  console.log(
    `hard kills: ${result.rate} texts/s, SIGKILL ${result.kills}× at random moments, batch ${result.batchSize}\n` +
      `${line('server re-delivering after a stale key', result.replaying)}\n${line('server forgetting acknowledged texts', result.acking)}`,
  );
}

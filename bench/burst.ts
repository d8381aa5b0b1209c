/**
 * Scenario 1 (burst) and 6 (the floor). 20,000 marked texts, alternating between a friend and a group in chunks of
 * 500, are queued in one synchronous step of the simulator process; the clock runs from the end of that step until
 * the last text reaches the client's handler, and CPU is the client process's own over the same span.
 *
 * Each run starts a fresh client process and sends two bursts: the first pays for JIT compilation ("cold"), the
 * second is the steady state of a long-running bot ("warm"); the targets are read on the warm one. The bare clients
 * are the floor of scenario 6: the same HTTP stack with raw `JSON.parse` and no library logic.
 */
import { type ClientKind, mixedSpecs, rotate, sumRequests, withClient } from './clients.js';
import { withSim } from './procs.js';
import { medianEach } from './stats.js';

export interface BurstOptions {
  readonly quick?: boolean;
  /** The simulator gzips its answers for clients that accept gzip, as the real server does. @default true */
  readonly compress?: boolean;
}

export interface BurstRun {
  readonly cpuPerMessageUs: number;
  readonly wallMs: number;
  readonly perSecond: number;
  readonly queueMs: number;
  readonly requests: number;
}

export interface BurstFigures {
  readonly cold: BurstRun;
  readonly warm: BurstRun;
  readonly runs: number;
}

export interface BurstResult {
  readonly messages: number;
  readonly compress: boolean;
  readonly runs: number;
  readonly kinds: Partial<Record<ClientKind, BurstFigures>>;
}

export const BURST_KINDS: readonly ClientKind[] = ['rx-ky', 'rx-undici', 'wechat4u', 'bare-undici', 'bare-fetch', 'bare-ky'];
const MESSAGES = 20_000;
const CHUNK = 500;

const RUN_FIELDS: readonly (keyof BurstRun)[] = ['cpuPerMessageUs', 'wallMs', 'perSecond', 'queueMs', 'requests'];

export async function runBurst(options: BurstOptions = {}, kinds: readonly ClientKind[] = BURST_KINDS): Promise<BurstResult> {
  const runs = options.quick === true ? 2 : 5;
  const compress = options.compress ?? true;
  const cold = new Map<ClientKind, BurstRun[]>();
  const warm = new Map<ClientKind, BurstRun[]>();
  await withSim({ autoConfirm: { delayMs: 5 }, maxQueue: 4 * MESSAGES, compress }, async (sim) => {
    for (let run = 0; run < runs; run++) {
      for (const kind of rotate(kinds, run)) {
        await withClient(kind, sim, async (client) => {
          for (const phase of [cold, warm]) {
            await client.arm(MESSAGES);
            const queued = await sim.queue(mixedSpecs(client.uin, MESSAGES, CHUNK));
            const done = await client.done(120_000);
            const wallMs = done.endEpoch - queued.endEpoch;
            const figures: BurstRun = {
              cpuPerMessageUs: done.cpuUs / MESSAGES,
              wallMs,
              perSecond: (MESSAGES / wallMs) * 1000,
              queueMs: queued.endEpoch - queued.startEpoch,
              requests: sumRequests(done.requests),
            };
            phase.set(kind, [...(phase.get(kind) ?? []), figures]);
          }
        });
        await sim.reset();
      }
    }
  });
  const result: Partial<Record<ClientKind, BurstFigures>> = {};
  for (const kind of kinds) {
    result[kind] = { cold: medianEach(cold.get(kind) ?? [], RUN_FIELDS), warm: medianEach(warm.get(kind) ?? [], RUN_FIELDS), runs };
  }
  return { messages: MESSAGES, compress, runs, kinds: result };
}

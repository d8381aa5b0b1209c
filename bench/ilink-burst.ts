/**
 * Scenario 8 (iLink burst): 20,000 texts from ten users are queued for one bot in one synchronous step of the iLink
 * simulator's process; the clock runs from the end of that step until the client has the last one, and CPU is the
 * client process's own over the same span. The simulator answers `getupdates` with its default batch of 20.
 *
 * Each run binds a fresh bot and starts a fresh client process (bench/ilink-client-process.ts), which drains two
 * bursts: the first pays for JIT compilation ("cold"), the second is a long-running bot's steady state ("warm"); the
 * target is read on the warm one: `connectIlink` on its default (undici) transport within 1.3× the CPU per message of a
 * bare fetch client. Each transport is also compared with a bare client on its own stack (undici `request`, ky).
 */
import type { IlinkClientConfig, IlinkClientKind } from './ilink-client-process.js';
import { withIlinkSim } from './ilink-sim.js';
import { rotate } from './clients.js';
import { spawnBench } from './procs.js';
import { fmt, medianEach } from './stats.js';
import { ratio, type Row } from './table.js';

export type { IlinkClientKind } from './ilink-client-process.js';

export interface IlinkBurstRun {
  readonly cpuPerMessageUs: number;
  readonly wallMs: number;
  readonly perSecond: number;
}

export interface IlinkBurstFigures {
  readonly cold: IlinkBurstRun;
  readonly warm: IlinkBurstRun;
  /** Each run's warm CPU per message, in the order measured, for the spread. */
  readonly warmCpuPerMessageUs: readonly number[];
}

export interface IlinkBurstResult {
  readonly messages: number;
  readonly runs: number;
  readonly batchSize: number;
  readonly kinds: Partial<Record<IlinkClientKind, IlinkBurstFigures>>;
}

export const ILINK_BURST_KINDS: readonly IlinkClientKind[] = ['rx-ky', 'rx-undici', 'bare-fetch', 'bare-undici', 'bare-ky'];
const SENDERS = 10;
const BATCH = 20;
const RUN_FIELDS: readonly (keyof IlinkBurstRun)[] = ['cpuPerMessageUs', 'wallMs', 'perSecond'];

export async function runIlinkBurst(options: { readonly quick?: boolean } = {}, kinds = ILINK_BURST_KINDS): Promise<IlinkBurstResult> {
  const quick = options.quick === true;
  const messages = quick ? 5_000 : 20_000;
  const runs = quick ? 2 : 5;
  const cold = new Map<IlinkClientKind, IlinkBurstRun[]>();
  const warm = new Map<IlinkClientKind, IlinkBurstRun[]>();
  for (let run = 0; run < runs; run++) {
    // A simulator per round: it keeps every bot's messages until it stops.
    await withIlinkSim({ batchSize: BATCH, maxRetained: messages }, async (sim) => {
      for (const kind of rotate(kinds, run)) {
        const config: IlinkClientConfig = { kind, origin: sim.origin, bot: await sim.bind() };
        const child = spawnBench('ilink-client-process.ts', [JSON.stringify(config)], `ilink-${kind}`);
        try {
          await child.next('ready', 60_000);
          for (const phase of [cold, warm]) {
            child.send({ cmd: 'arm', count: messages });
            await child.next('armed', 10_000);
            const queued = await sim.queueTexts(config.bot.botId, messages, SENDERS);
            const done = await child.next('done', 120_000);
            const wallMs = Number(done['endEpoch']) - queued.endEpoch;
            const figures = { cpuPerMessageUs: Number(done['cpuUs']) / messages, wallMs, perSecond: (messages / wallMs) * 1000 };
            phase.set(kind, [...(phase.get(kind) ?? []), figures]);
          }
        } finally {
          await child.stop();
        }
      }
    });
  }
  const result: Partial<Record<IlinkClientKind, IlinkBurstFigures>> = {};
  for (const kind of kinds) {
    const warmRuns = warm.get(kind) ?? [];
    result[kind] = {
      cold: medianEach(cold.get(kind) ?? [], RUN_FIELDS),
      warm: medianEach(warmRuns, RUN_FIELDS),
      warmCpuPerMessageUs: warmRuns.map((r) => r.cpuPerMessageUs),
    };
  }
  return { messages, runs, batchSize: BATCH, kinds: result };
}

/**
 * The table's rows: the library in the ky and undici columns, then the bare clients on the same stacks (bare fetch
 * under ky, which wraps fetch; undici `request` under undici), then library ÷ bare.
 */
export function ilinkBurstRows(r: IlinkBurstResult): Row[] {
  const k = r.kinds;
  const name = `8. ilink burst ${r.messages / 1000}k, batches of ${r.batchSize}`;
  const warm = (kind: IlinkClientKind, field: keyof IlinkBurstRun) => k[kind]?.warm[field];
  const cold = (kind: IlinkClientKind) => k[kind]?.cold.cpuPerMessageUs;
  const kyOver = ratio(warm('rx-ky', 'cpuPerMessageUs'), warm('bare-ky', 'cpuPerMessageUs'));
  const undiciOver = ratio(warm('rx-undici', 'cpuPerMessageUs'), warm('bare-undici', 'cpuPerMessageUs'));
  const defaultOverFetch = ratio(warm('rx-undici', 'cpuPerMessageUs'), warm('bare-fetch', 'cpuPerMessageUs'));
  return [
    { scenario: name, metric: 'client CPU/msg, µs', ky: warm('rx-ky', 'cpuPerMessageUs'), undici: warm('rx-undici', 'cpuPerMessageUs') },
    { scenario: name, metric: 'throughput, msg/s', ky: warm('rx-ky', 'perSecond'), undici: warm('rx-undici', 'perSecond'), digits: 0 },
    {
      scenario: name,
      metric: `bare ky / bare undici CPU/msg, µs (bare fetch ${warm('bare-fetch', 'cpuPerMessageUs')?.toFixed(1) ?? '—'})`,
      ky: warm('bare-ky', 'cpuPerMessageUs'),
      undici: warm('bare-undici', 'cpuPerMessageUs'),
    },
    { scenario: name, metric: 'bare ky / bare undici msg/s', ky: warm('bare-ky', 'perSecond'), undici: warm('bare-undici', 'perSecond'), digits: 0 },
    {
      scenario: name,
      metric: 'wechat-rx ÷ bare, same stack (CPU/msg)',
      ky: kyOver,
      undici: undiciOver,
      digits: 2,
    },
    {
      scenario: name,
      metric: 'wechat-rx (default) ÷ bare fetch (CPU/msg)',
      undici: defaultOverFetch,
      target: '≤ 1.30',
      met: defaultOverFetch === undefined ? undefined : defaultOverFetch <= 1.3,
      digits: 2,
    },
    { scenario: name, metric: 'cold: wechat-rx ÷ bare, same stack (CPU/msg)', ky: ratio(cold('rx-ky'), cold('bare-ky')), undici: ratio(cold('rx-undici'), cold('bare-undici')), digits: 2 },
  ];
}

/** Each run's warm CPU per message, the spread behind the medians. */
export function printIlinkBurst(r: IlinkBurstResult): void {
  console.log(`\nilink burst: ${fmt(r.messages, 0)} texts, warm client CPU/msg (µs) of each of ${r.runs} runs, alternating:`);
  for (const [kind, figures] of Object.entries(r.kinds)) console.log(`  ${kind.padEnd(12)} ${figures.warmCpuPerMessageUs.map((us) => fmt(us)).join('  ')}`);
}

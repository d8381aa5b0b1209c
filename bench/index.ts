/**
 * `npm run bench` (add `-- --quick` for a run under two minutes): six scenarios for wechat-rx on both transports and
 * for wechat4u@0.7.14, each client in its own process against a simulator in another, runs alternating, medians of
 * repeated runs; then the decode, device, media and hard-kill benchmarks, printed after the table. The burst, the
 * many-sessions scenario and the decode benchmark run with gzip and without: the simulator gzips its answers for
 * clients that accept it, as the real server does, and then once more never compresses. Writes
 * bench/results.json. `-- --only=burst,steady` runs a subset (idle, burst, steady, sessions, big, decode, device,
 * media, kill, ilink, ilink-media); it, `--quick` and `--logins` write bench/results-partial.json instead, so the
 * figures the docs quote stay those of a whole run. `ilink` and `ilink-media` are the iLink transport's burst and
 * media upload against bare clients of the same protocol (scenarios 8 and 9 of the table). `fleet` (scenario 10, bench/fleet.ts: pollers and
 * workers of `createFleet` on a real redis-server with 10,000 iLink accounts, through kills of a poller, a worker and
 * Redis and a paused poller, then the bus at saturation; about 9 minutes, 3 with `--quick`) runs only when named:
 * `--only=fleet`.
 * `--logins=N` logs N sessions in at once in the many-sessions scenario (default 50: RSS per session depends on it).
 * `BENCH_CPU_PROF=<dir>` makes every client process write a V8 CPU profile there.
 *
 * Benchmarks are not tests: machines are shared and noisy, so only ratios of figures measured side by side in one
 * run are compared with the targets.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runBigAccount, type BigAccountResult } from './big-account.js';
import { runBurst, type BurstResult } from './burst.js';
import { burstRows, floorRows } from './burst-rows.js';
import { printDecode, runDecodeBenchApart, type DecodeBenchResult } from './decode.js';
import { type KillBenchResult, printKill, runKillBench } from './kill.js';
import { type DeviceBenchResult, printDevice, runDeviceBench } from './device.js';
import { type FleetBenchResult, runFleetBench } from './fleet.js';
import { fleetRows, printFleet } from './fleet-report.js';
import { type IdleResult, type IdleRun, startIdle } from './idle.js';
import { ilinkBurstRows, type IlinkBurstResult, printIlinkBurst, runIlinkBurst } from './ilink-burst.js';
import { ilinkMediaRows, type IlinkMediaResult, printIlinkMedia, runIlinkMedia } from './ilink-media.js';
import { type MediaBenchResult, printMedia, runMediaBench } from './media.js';
import { runSessions, type SessionsResult } from './sessions.js';
import { sessionsRows } from './sessions-rows.js';
import { runSteady, type SteadyResult } from './steady.js';
import { atMost, formatTable, ratio, type Row } from './table.js';

const SCENARIOS = ['idle', 'burst', 'steady', 'sessions', 'big', 'decode', 'device', 'media', 'kill', 'ilink', 'ilink-media', 'fleet'] as const;
type Scenario = (typeof SCENARIOS)[number];
/** Run only when named: the fleet scenario needs a redis-server and would make a whole run much longer. */
const ONLY_WHEN_NAMED: readonly Scenario[] = ['fleet'];

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, logins: { type: 'string' } } });
const quick = values.quick ?? false;
/** `--logins=N`: sessions logging in at once in the many-sessions scenario (default 50). */
const loginsAtOnce = values.logins === undefined ? undefined : Number(values.logins);
if (loginsAtOnce !== undefined && !(Number.isInteger(loginsAtOnce) && loginsAtOnce > 0)) {
  process.stderr.write(`--logins takes a whole number above 0, not ${JSON.stringify(values.logins)}\n`);
  process.exit(2);
}
const sessionsOptions = loginsAtOnce === undefined ? {} : { loginsAtOnce };
const only = new Set((values.only?.split(',') ?? SCENARIOS.filter((s) => !ONLY_WHEN_NAMED.includes(s))) as Scenario[]);
const log = (text: string): void => void process.stderr.write(`${text}\n`);

type Kinds<T> = Partial<Record<'rx-ky' | 'rx-undici' | 'wechat4u', T>>;
type NumericKey<T> = { [K in keyof T]-?: NonNullable<T[K]> extends number ? K : never }[keyof T];

/** One table row of a metric for the three clients; `compared` adds the undici ÷ wechat4u ratio. */
function side<T>(scenario: string, metric: string, kinds: Kinds<T>, field: NumericKey<T>, extra: Partial<Row> = {}): Row {
  const of = (kind: keyof Kinds<T>) => kinds[kind]?.[field] as number | undefined;
  return Object.assign({ scenario, metric, ky: of('rx-ky'), undici: of('rx-undici'), wechat4u: of('wechat4u') }, extra);
}

function compared<T>(scenario: string, metric: string, kinds: Kinds<T>, field: NumericKey<T>, extra: Partial<Row> = {}): Row {
  const row = side(scenario, metric, kinds, field, extra);
  return Object.assign({ ratio: ratio(row.undici, row.wechat4u) }, row);
}

interface Results {
  idle?: IdleResult;
  burst?: BurstResult;
  /** The burst against a simulator that never compresses. */
  burstPlain?: BurstResult;
  steady?: SteadyResult;
  sessions?: SessionsResult;
  /** Many sessions against a simulator that never compresses (the transports without wechat4u, the largest count). */
  sessionsPlain?: SessionsResult;
  /** The largest count again with ten logins at once per process, as the README advises for many sessions. */
  sessionsTenAtOnce?: SessionsResult;
  bigAccount?: BigAccountResult;
  decode?: DecodeBenchResult;
  device?: DeviceBenchResult;
  media?: MediaBenchResult;
  kill?: KillBenchResult;
  ilink?: IlinkBurstResult;
  ilinkMedia?: IlinkMediaResult;
  fleet?: FleetBenchResult;
}

async function timed<T>(name: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  log(`${name}…`);
  const result = await work();
  log(`${name} done in ${((performance.now() - start) / 1000).toFixed(0)} s`);
  return result;
}

async function main(): Promise<Results> {
  const started = performance.now();
  const results: Results = {};
  // Idle clients cost next to nothing, so the ten idle minutes pass while the other scenarios are measured.
  const idle: IdleRun | undefined = only.has('idle') ? await timed('idle (start)', () => startIdle({ quick })) : undefined;
  try {
    if (only.has('burst')) results.burst = await timed('burst', () => runBurst({ quick }));
    if (only.has('burst')) results.burstPlain = await timed('burst, no gzip', () => runBurst({ quick, compress: false }));
    if (only.has('steady')) results.steady = await timed('steady', () => runSteady({ quick }));
    if (only.has('sessions')) results.sessions = await timed('sessions', () => runSessions({ quick, ...sessionsOptions }));
    if (only.has('sessions')) {
      const plain = { quick, compress: false, counts: quick ? [200] : [2_500], ...sessionsOptions };
      results.sessionsPlain = await timed('sessions, no gzip', () => runSessions(plain, ['rx-undici', 'rx-ky', 'bare-undici']));
      if (loginsAtOnce === undefined) {
        const ten = { quick, counts: quick ? [200] : [2_500], loginsAtOnce: 10 };
        results.sessionsTenAtOnce = await timed('sessions, ten logins at once', () => runSessions(ten, ['rx-undici', 'bare-undici', 'bare-undici-book']));
      }
    }
    if (only.has('big')) results.bigAccount = await timed('big account', () => runBigAccount({ quick }));
    if (only.has('decode')) results.decode = await timed('decode', () => runDecodeBenchApart({ quick }));
    if (only.has('device')) results.device = await timed('device', () => runDeviceBench({ quick }));
    if (only.has('media')) results.media = await timed('media', () => runMediaBench({ quick }));
    if (only.has('kill')) results.kill = await timed('hard kills', () => runKillBench({ quick }));
    if (only.has('ilink')) results.ilink = await timed('ilink burst', () => runIlinkBurst({ quick }));
    if (only.has('ilink-media')) results.ilinkMedia = await timed('ilink media', () => runIlinkMedia({ quick }));
    if (only.has('fleet')) results.fleet = await timed('fleet', () => runFleetBench({ quick }));
    if (idle !== undefined) results.idle = await timed('idle (finish)', () => idle.finish());
  } catch (error) {
    await idle?.abort();
    throw error;
  }
  log(`all scenarios in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return results;
}

function rows(r: Results): Row[] {
  const out: Row[] = [];
  for (const burst of [r.burst, r.burstPlain]) if (burst !== undefined) out.push(...burstRows(burst));
  const s = r.steady?.kinds;
  if (s !== undefined) {
    const name = `2. steady ${r.steady?.rate ?? 0}/s × ${r.steady?.seconds ?? 0} s`;
    const floor = s['bare-undici']?.p50Ms;
    const worst = Math.max(s['rx-ky']?.p50Ms ?? Number.NaN, s['rx-undici']?.p50Ms ?? Number.NaN);
    out.push(compared(name, `p50 latency, ms (bare undici ${floor === undefined ? '—' : floor.toFixed(2)})`, s, 'p50Ms', { target: 'rx < bare + 2 ms', met: floor === undefined || Number.isNaN(worst) ? undefined : worst < floor + 2, digits: 2 }));
    out.push(compared(name, 'p99 latency, ms', s, 'p99Ms', { digits: 2 }));
    out.push({
      scenario: name,
      metric: 'client CPU, % of a core',
      ky: (s['rx-ky']?.cpuShare ?? Number.NaN) * 100,
      undici: (s['rx-undici']?.cpuShare ?? Number.NaN) * 100,
      wechat4u: (s.wechat4u?.cpuShare ?? Number.NaN) * 100,
      ratio: ratio(s['rx-undici']?.cpuShare, s.wechat4u?.cpuShare),
    });
  }
  const i = r.idle;
  if (i !== undefined) {
    const k = i.kinds;
    const name = `3. idle ${(i.seconds / 60).toFixed(i.seconds < 60 ? 2 : 0)} min, hold ${i.holdMs / 1000} s`;
    const perHold = Math.max(k['rx-ky']?.requestsPerHold ?? 0, k['rx-undici']?.requestsPerHold ?? 0);
    const requests = Math.max(k['rx-ky']?.requests ?? 0, k['rx-undici']?.requests ?? 0);
    // A poll in flight when the window closes counts for the next hold.
    out.push(compared(name, 'requests per server hold', k, 'requestsPerHold', { target: '≤ 1', met: perHold <= 1.02, digits: 2 }));
    out.push(compared(name, 'requests made', k, 'requests', { target: '≤ wechat4u', met: k.wechat4u === undefined ? undefined : requests <= k.wechat4u.requests + 1, digits: 0 }));
    out.push(side(name, 'texts sent (heartbeats)', k, 'sends', { target: 'rx 0', met: (k['rx-ky']?.sends ?? 0) + (k['rx-undici']?.sends ?? 0) === 0, digits: 0 }));
    out.push(compared(name, 'client CPU, s', k, 'cpuSeconds', { digits: 3 }));
    out.push(side(name, 'RSS growth, MB', k, 'rssGrowthMb', { digits: 2 }));
  }
  for (const sessions of [r.sessions, r.sessionsPlain, r.sessionsTenAtOnce]) if (sessions !== undefined) out.push(...sessionsRows(sessions));
  const g = r.bigAccount;
  if (g !== undefined) {
    const k = g.kinds;
    const name = `5. big account ${g.world.friends / 1000}k + ${g.world.groups}×${g.world.groupSize}`;
    out.push(compared(name, 'login to online, ms', k, 'loginMs', { digits: 0 }));
    out.push(compared(name, 'requests made', k, 'requests', { digits: 0 }));
    const rss = ratio(Math.max(k['rx-ky']?.rssMb ?? 0, k['rx-undici']?.rssMb ?? 0), k.wechat4u?.rssMb);
    out.push(compared(name, 'RSS of the session, MB', k, 'rssMb', { target: '≤ 0.33', met: atMost(rss, 1 / 3) }));
  }
  for (const burst of [r.burst, r.burstPlain]) if (burst !== undefined) out.push(...floorRows(burst));
  if (r.ilink !== undefined) out.push(...ilinkBurstRows(r.ilink));
  if (r.ilinkMedia !== undefined) out.push(...ilinkMediaRows(r.ilinkMedia));
  if (r.fleet !== undefined) out.push(...fleetRows(r.fleet));
  return out;
}

const results = await main();
const table = rows(results);
const cpu = cpus()[0]?.model ?? 'unknown CPU';
process.stdout.write(
  `\nwechat-rx benchmarks${quick ? ' (--quick: fewer runs, shorter steady/idle, 200 sessions instead of 100, 1,000 and 2,500)' : ''}\n` +
    `${cpu}, ${cpus().length} cores, Node ${process.version}; medians; ratio = wechat-rx (undici) ÷ wechat4u unless the metric says otherwise\n\n` +
    `${formatTable(table)}\n\n`,
);
if (results.decode !== undefined) printDecode(results.decode);
if (results.device !== undefined) printDevice(results.device);
if (results.media !== undefined) printMedia(results.media);
if (results.kill !== undefined) printKill(results.kill);
if (results.ilink !== undefined) printIlinkBurst(results.ilink);
if (results.ilinkMedia !== undefined) printIlinkMedia(results.ilinkMedia);
if (results.fleet !== undefined) printFleet(results.fleet);
const wholeRun = values.only === undefined && !quick && loginsAtOnce === undefined;
const file = join(dirname(fileURLToPath(import.meta.url)), wholeRun ? 'results.json' : 'results-partial.json');
writeFileSync(
  file,
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpu, cores: cpus().length, quick, results, table }, null, 2)}\n`,
);

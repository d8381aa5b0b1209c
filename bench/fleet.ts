/**
 * Scenario 10, the fleet (`--only=fleet`; left out of a whole run, which it would make about 9 minutes longer):
 * `createFleet` from `dist/` on a real redis-server with thousands of iLink accounts, in separate processes —
 * two iLink simulators, three pollers, two workers — under sustained traffic, through `kill -9` of a poller, of a
 * worker and of Redis, and a poller frozen past its lease TTL; then the bus alone at saturation (bench/fleet-bus.ts).
 *
 * - **Redis** is started here (bench/… reuses test/support/redis-server.ts: a unix socket in a temp folder) with
 *   `appendonly yes` and `appendfsync always`: the commit rule lets a poller move its cursor once Redis answered the
 *   commit, so every answered write must survive a `kill -9` of Redis; with `everysec` the last second of commits
 *   (events and cursors the simulator already counts as received) could vanish with it.
 * - **Accounts** are iLink bots bound by the simulators (`createBot`, what a confirmed QR login binds; a QR login per
 *   account would take most of the run) and registered in Redis as `fleet.addAccount` does after a login: the
 *   account in its shard's accounts hash, its session sealed under its state key. Each session names its
 *   simulator's origin, so the pollers need no `server` option and the accounts are split over two simulators.
 * - **Traffic**: the simulators inject texts at a steady rate to random accounts (three chats each), every text
 *   numbered, so the orchestrator counts each text's deliveries: lost, delivered twice (and whether the stream held it
 *   twice), out of order within its chat. Workers print each delivery before their 5 ms handler returns.
 * - **Latency added by the bus**: from the stream entry's id (Redis's clock at the XADD, in whole ms, so up to 1 ms
 *   high) to the worker's handler; end to end adds the simulator and the long poll before it.
 * - **Failures** (bench/fleet-failures.ts) come one after another once the fleet settled; takeover is timed from the
 *   kill (or SIGSTOP) to the new holder's `lease acquired`, as the holders report it.
 * - **Idle**: Redis commands over a quiet window with every account online and no traffic (INFO commandstats).
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { startRedis } from '../test/support/redis-server.js';
import type { RedisClient } from '../src/fleet/index.js';
import { built } from './built.js';
import { type BusResult, runBusPhase } from './fleet-bus.js';
import { FleetCluster, SimHandle } from './fleet-cluster.js';
import { type FailureResult, type FleetRun, killPoller, killRedis, killWorker, pausePoller, settle, until, withFencing } from './fleet-failures.js';
import { DeliveryLedger, type PhaseTally } from './fleet-ledger.js';
import {
  accountTrace,
  adoptAccounts,
  callsBetween,
  commandCalls,
  sampleMessage,
  seedAccounts,
  serverCpuMicros,
  sessionFootprint,
  streamFootprint,
  sum,
  textsInStreams,
  usedMemory,
} from './fleet-redis.js';
import { percentileOf } from './fleet-report.js';
import { median } from './stats.js';

const { connectRedis, SESSION_KEY_ENV } = await built<typeof import('../src/fleet/index.js')>('fleet/index.js');

const NAMESPACE = 'wx';
const GROUP = 'bots';
const SHARDS = 64;
const TTL_MS = 10_000;
const SIMULATORS = 2;
const POLLERS = 3;
const WORKERS = 2;
const HANDLER_MS = 5;
const PAUSE_MS = 15_000;
/** How long the simulators hold an empty `getupdates` (their default, the real server's ~35 s). */
const HOLD_MS = 35_000;
/** Accounts added (registered, then started by their shard's owner) at a time, as `fleet.addAccount` would. */
const ADD_BATCH = 1_000;

export interface FleetBenchResult {
  readonly accounts: number;
  readonly simulators: number;
  readonly pollers: number;
  readonly workers: number;
  readonly shards: number;
  readonly ttlMs: number;
  /** Texts injected per second during the traffic. */
  readonly rate: number;
  /** From the first account added (`ADD_BATCH` at a time) until every account was online. */
  readonly allOnlineSeconds: number;
  readonly memory: {
    /** Pollers' RSS (after GC) over what they had before the fleet started, per account they run. */
    readonly pollerRssPerAccountKb: number;
    readonly pollerHeapPerAccountKb: number;
    readonly simulatorRssPerAccountKb: number;
    /** used_memory grown by registering the accounts, per account (accounts hash field + sealed state). */
    readonly redisPerNewSessionBytes: number;
    /** MEMORY USAGE at the end, median over sampled accounts: state key, recent-ids set, and ids in that set. */
    readonly redisStateBytes: number;
    readonly redisIdsBytes: number;
    readonly idsPerAccount: number;
    /** MEMORY USAGE of the event streams over the entries they hold. */
    readonly redisStreamBytesPerEvent: number;
    readonly streamEntries: number;
  };
  readonly idle: {
    readonly seconds: number;
    readonly callsPerSecond: number;
    /** Commit scripts (one ZREMRANGEBYRANK each) and state saves (fenced SET) per second. */
    readonly commitsPerSecond: number;
    readonly savesPerSecond: number;
    /** Everything else: lease renewals, heartbeats, blocking reads, claim rounds. */
    readonly otherCallsPerSecond: number;
    readonly calls: Readonly<Record<string, number>>;
    readonly pollerCpuPercent: number;
    /** Redis calls a second of the same fleet before any account was added: what the accounts add is the difference. */
    readonly withoutAccountsCallsPerSecond: number;
  };
  readonly steady: {
    readonly seconds: number;
    readonly events: number;
    readonly busP50Ms: number;
    readonly busP99Ms: number;
    readonly endToEndP50Ms: number;
    readonly endToEndP99Ms: number;
    readonly pollerCpuPerEventUs: number;
    /** The same, less the pollers' idle CPU over the window (long polls answered empty, their commits). */
    readonly pollerCpuPerEventAboveIdleUs: number;
    readonly workerCpuPerEventUs: number;
    readonly redisCpuPerEventUs: number;
    readonly redisCallsPerEvent: number;
    /** Leases lost during the window (none is expected: nothing failed). */
    readonly leasesLost: number;
    /** Set when the fleet had not settled before the window (what was off): the figures then include that. */
    readonly unsettled?: string;
    /** The machine's 1-minute load average at the end of the window (2 cores). */
    readonly loadAverage: number;
  };
  readonly failures: ReadonlyArray<FailureResult & { readonly tally: PhaseTally }>;
  readonly totals: Undelivered & { readonly injected: number; readonly delivered: number; readonly orderViolations: number; readonly unknown: number };
  readonly bus: BusResult;
}

interface Sizes {
  readonly accounts: number;
  readonly rate: number;
  readonly steadySeconds: number;
  /**
   * Traffic before the steady window. The accounts started together, so their empty answers come in waves one hold
   * apart; each text restarts its account's poll, and after a few texts per account the waves have dissolved, as in
   * a fleet that has run for a while.
   */
  readonly warmSeconds: number;
  readonly busEvents: number;
  readonly pacedSeconds: number;
}

const FULL: Sizes = { accounts: 10_000, rate: 500, steadySeconds: 30, warmSeconds: 60, busEvents: 500_000, pacedSeconds: 5 };
const QUICK: Sizes = { accounts: 2_000, rate: 200, steadySeconds: 10, warmSeconds: 20, busEvents: 100_000, pacedSeconds: 3 };

const log = (text: string): void => void process.stderr.write(`${text}\n`);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function runFleetBench(options: { quick: boolean }): Promise<FleetBenchResult> {
  const sizes = options.quick ? QUICK : FULL;
  // The children seal and open sessions with this key; a random one per run unless the environment has one.
  process.env[SESSION_KEY_ENV] ??= randomBytes(32).toString('base64');
  const redis = await startRedis({ appendonly: true, appendfsync: 'always' });
  const admin = await connectRedis(redis.url);
  const sims: SimHandle[] = [];
  let cluster: FleetCluster | undefined;
  try {
    log(`  ${SIMULATORS} iLink simulators, ${sizes.accounts.toLocaleString('en-US')} bots`);
    sims.push(...(await Promise.all(Array.from({ length: SIMULATORS }, (_, i) => SimHandle.start(i, sizes.accounts / SIMULATORS, HOLD_MS)))));
    const ledger = new DeliveryLedger(SIMULATORS);
    cluster = new FleetCluster({ redisUrl: redis.url, namespace: NAMESPACE, shardCount: SHARDS, ttlMs: TTL_MS }, ledger);
    const run: FleetRun = { cluster, ledger, sims, redis, admin, accounts: sizes.accounts, namespace: NAMESPACE, shardCount: SHARDS, group: GROUP, log };

    log(`  ${POLLERS} pollers, ${WORKERS} workers`);
    const fleet = cluster;
    await Promise.all(Array.from({ length: POLLERS }, (_, i) => fleet.startPoller(`poller-${i + 1}`)));
    await Promise.all(Array.from({ length: WORKERS }, (_, i) => fleet.startWorker(`worker-${i + 1}`, HANDLER_MS)));
    await until('every shard held', 60_000, () => fleet.held('poller') === SHARDS && fleet.held('worker') === SHARDS);

    const withoutAccounts = await callsPerSecond(admin, 10_000);
    const beforeSeed = await usedMemory(admin);
    const accounts = await seedAccounts(admin, { namespace: NAMESPACE, shardCount: SHARDS }, sims.flatMap((sim) => sim.bots));
    const redisPerNewSessionBytes = ((await usedMemory(admin)) - beforeSeed) / accounts.length;
    log(`  adding ${sizes.accounts.toLocaleString('en-US')} accounts, ${ADD_BATCH} at a time`);
    const addedAt = performance.now();
    for (let added = 0; added < accounts.length; added += ADD_BATCH) {
      const batch = accounts.slice(added, added + ADD_BATCH);
      await adoptAccounts(admin, { namespace: NAMESPACE, shardCount: SHARDS }, batch, 100);
      await until(`${added + batch.length} accounts online`, 300_000, () => fleet.online() >= added + batch.length);
    }
    const allOnlineSeconds = (performance.now() - addedAt) / 1000;
    log(`  all online after ${allOnlineSeconds.toFixed(1)} s`);
    await sleep(5_000);
    const samples = await Promise.all(fleet.live('poller').map((p) => p.ask({ cmd: 'sample' }, 'sample')));
    const grown = (field: 'rss' | 'heapUsed') => sum(samples.map((s) => Number(s[field]) - Number((s['baseline'] as Record<string, number>)[field])));
    const simStats = await Promise.all(sims.map((sim) => sim.stats()));
    const simulatorRssPerAccountKb = sum(simStats.map((s, i) => s.rss - sims[i]!.baselineRss)) / sizes.accounts / 1024;

    const idle = { ...(await measureIdle(run)), withoutAccountsCallsPerSecond: withoutAccounts };
    const steady = await measureSteady(run, sizes, idle.pollerCpuPerSecondUs);

    log('  failures');
    const failures: FailureResult[] = [];
    const sequence = [
      () => killPoller(run, `poller-${POLLERS + 1}`),
      () => killWorker(run, `worker-${WORKERS + 1}`, HANDLER_MS),
      () => killRedis(run),
      () => pausePoller(run, PAUSE_MS),
    ];
    // A failure the fleet did not settle after ends the sequence: the next one would measure both at once.
    for (const failure of sequence) if (failures.at(-1)?.unsettled === undefined) failures.push(await withFencing(run, failure));

    const injected = await Promise.all(sims.map((sim) => sim.stopTraffic()));
    ledger.enter('drain');
    await until('every text delivered', 180_000, () => sims.every((sim) => ledger.deliveredOf(sim.index) >= injected[sim.index]!)).catch(() => undefined);
    const undelivered = await classifyUndelivered(run, injected);

    const streams = await streamFootprint(admin, NAMESPACE, SHARDS);
    const sessions = await sessionFootprint(admin, NAMESPACE, SHARDS, accounts, 200);
    const template = await sampleMessage(admin, NAMESPACE, SHARDS);
    await cluster.stopAll();
    await Promise.all(sims.splice(0).map((sim) => sim.child.stop()));

    const bus = await runBusPhase({
      shardCount: SHARDS,
      ttlMs: TTL_MS,
      template: template ?? { kind: 'text', text: '' },
      events: sizes.busEvents,
      pacedRate: 10_000,
      pacedSeconds: sizes.pacedSeconds,
      log,
    });

    return {
      accounts: sizes.accounts,
      simulators: SIMULATORS,
      pollers: POLLERS,
      workers: WORKERS,
      shards: SHARDS,
      ttlMs: TTL_MS,
      rate: sizes.rate,
      allOnlineSeconds,
      memory: {
        pollerRssPerAccountKb: grown('rss') / sizes.accounts / 1024,
        pollerHeapPerAccountKb: grown('heapUsed') / sizes.accounts / 1024,
        simulatorRssPerAccountKb,
        redisPerNewSessionBytes,
        redisStateBytes: median(sessions.state),
        redisIdsBytes: median(sessions.ids),
        idsPerAccount: median(sessions.idCounts),
        redisStreamBytesPerEvent: streams.bytes / streams.entries,
        streamEntries: streams.entries,
      },
      idle,
      steady,
      failures: failures.map((failure) => ({ ...failure, tally: ledger.phases.get(failure.name)! })),
      totals: {
        injected: sum(injected),
        delivered: sum(injected.map((_, sim) => ledger.deliveredOf(sim))),
        ...undelivered,
        orderViolations: ledger.orderViolations,
        unknown: ledger.unknown,
      },
      bus,
    };
  } finally {
    await cluster?.stopAll();
    await Promise.allSettled(sims.map((sim) => sim.child.stop()));
    await admin.close().catch(() => undefined);
    await redis.stop();
  }
}

/** Texts no worker had by the end of the drain, by where they were. */
export interface Undelivered {
  readonly undelivered: number;
  /** Committed to an event stream: the workers had not got to them yet. */
  readonly inStream: number;
  /** Not committed and not acknowledged to the simulator: it sends them again, nothing is lost. */
  readonly atSimulator: number;
  /** Not committed but acknowledged to the simulator: gone for good. */
  readonly lost: number;
  /** Up to 20 lost texts: the phase they were injected in, and what Redis holds of their account. */
  readonly lostSamples?: ReadonlyArray<{ readonly phase: string; readonly account: string; readonly committedId: boolean; readonly inSavedWindow: boolean | undefined }>;
}

async function classifyUndelivered(run: FleetRun, injected: readonly number[]): Promise<Undelivered> {
  const missing = injected.map((count, sim) => run.ledger.undelivered(sim, count));
  if (missing.every((seqs) => seqs.length === 0)) return { undelivered: 0, inStream: 0, atSimulator: 0, lost: 0 };
  const committed = await textsInStreams(run.admin, run.namespace, run.shardCount);
  const inStreamPrefixes = new Set([...committed].map((text) => text.slice(0, text.lastIndexOf('.'))));
  let inStream = 0;
  let atSimulator = 0;
  let lost = 0;
  const lostSamples: Array<NonNullable<Undelivered['lostSamples']>[number]> = [];
  for (const sim of run.sims) {
    const seqs = missing[sim.index]!;
    const notCommitted = seqs.filter((seq) => !inStreamPrefixes.has(`f${sim.index}.${seq}`));
    inStream += seqs.length - notCommitted.length;
    const acknowledged = await sim.acknowledged(notCommitted);
    lost += acknowledged.seqs.size;
    atSimulator += notCommitted.length - acknowledged.seqs.size;
    for (const text of acknowledged.where) {
      const trace = await accountTrace(run.admin, { namespace: run.namespace, shardCount: run.shardCount }, text.botId, text.messageId);
      lostSamples.push({ phase: run.ledger.phaseAt(text.at), account: text.botId, ...trace });
    }
  }
  return { undelivered: sum(missing.map((seqs) => seqs.length)), inStream, atSimulator, lost, ...(lostSamples.length === 0 ? {} : { lostSamples }) };
}

/**
 * Redis commands and poller CPU over a quiet window of one simulator hold: every account online, no traffic. The
 * accounts started together, so their empty answers come in waves one hold apart; a window of one hold sees each
 * account's once.
 */
/** Redis calls a second over `ms` (INFO itself left out). */
async function callsPerSecond(admin: RedisClient, ms: number): Promise<number> {
  const before = await commandCalls(admin);
  const started = performance.now();
  await sleep(ms);
  const calls = callsBetween(before, await commandCalls(admin));
  delete calls['info'];
  return sum(Object.values(calls)) / ((performance.now() - started) / 1000);
}

async function measureIdle(run: FleetRun): Promise<Omit<FleetBenchResult['idle'], 'withoutAccountsCallsPerSecond'> & { pollerCpuPerSecondUs: number }> {
  log(`  idle ${HOLD_MS / 1000} s`);
  // The saves of the start are over by now; what remains is what idle accounts cost.
  await sleep(10_000);
  const pollers = run.cluster.live('poller');
  const cpuBefore = await Promise.all(pollers.map((p) => p.cpuMicros()));
  const before = await commandCalls(run.admin);
  const started = performance.now();
  await sleep(HOLD_MS);
  const calls = callsBetween(before, await commandCalls(run.admin));
  const seconds = (performance.now() - started) / 1000;
  const cpu = sum(await Promise.all(pollers.map((p) => p.cpuMicros()))) - sum(cpuBefore);
  delete calls['info'];
  const total = sum(Object.values(calls));
  const commits = calls['zremrangebyrank'] ?? 0;
  // A commit runs GET, ZRANGE, ZREMRANGEBYRANK, SET (no ZADD or XADD without messages); a save runs GET and SET.
  const saves = (calls['set'] ?? 0) - commits - (calls['incr'] ?? 0);
  const accountCalls = commits * 5 + saves * 3;
  return {
    seconds,
    callsPerSecond: total / seconds,
    commitsPerSecond: commits / seconds,
    savesPerSecond: saves / seconds,
    otherCallsPerSecond: (total - accountCalls) / seconds,
    calls,
    pollerCpuPercent: (cpu / 1e6 / seconds) * 100,
    pollerCpuPerSecondUs: cpu / seconds,
  };
}

/** Latencies, CPU and Redis work per event over a window of steady traffic, before any failure. */
async function measureSteady(run: FleetRun, sizes: Sizes, pollerIdleCpuPerSecondUs: number): Promise<FleetBenchResult['steady']> {
  log(`  traffic ${sizes.rate}/s; steady window ${sizes.steadySeconds} s after ${sizes.warmSeconds} s`);
  run.ledger.enter('warm-up');
  for (const sim of run.sims) sim.traffic(sizes.rate / run.sims.length);
  await sleep(sizes.warmSeconds * 1000);
  const unsettled = await settle(run);
  const { cluster, ledger, admin } = run;
  const pollers = cluster.live('poller');
  const workers = cluster.live('worker');
  const cpu = async () => ({
    pollers: sum(await Promise.all(pollers.map((p) => p.cpuMicros()))),
    workers: sum(await Promise.all(workers.map((w) => w.cpuMicros()))),
    redis: await serverCpuMicros(admin),
    calls: await commandCalls(admin),
  });
  ledger.enter('steady');
  ledger.startTiming();
  const movesBefore = cluster.moves.length;
  const before = await cpu();
  const started = performance.now();
  await sleep(sizes.steadySeconds * 1000);
  const after = await cpu();
  const seconds = (performance.now() - started) / 1000;
  const timing = ledger.stopTiming();
  const calls = callsBetween(before.calls, after.calls);
  delete calls['info'];
  const events = calls['xadd'] ?? 0;
  const delivered = ledger.phases.get('steady')?.delivered ?? 0;
  const pollerCpu = after.pollers - before.pollers;
  return {
    ...(unsettled === undefined ? {} : { unsettled }),
    leasesLost: cluster.moves.slice(movesBefore).filter((move) => move.change === 'lost').length,
    loadAverage: loadavg()[0]!,
    seconds,
    events,
    busP50Ms: percentileOf(timing.bus, 50),
    busP99Ms: percentileOf(timing.bus, 99),
    endToEndP50Ms: percentileOf(timing.endToEnd, 50),
    endToEndP99Ms: percentileOf(timing.endToEnd, 99),
    pollerCpuPerEventUs: pollerCpu / events,
    pollerCpuPerEventAboveIdleUs: (pollerCpu - pollerIdleCpuPerSecondUs * seconds) / events,
    workerCpuPerEventUs: (after.workers - before.workers) / delivered,
    redisCpuPerEventUs: (after.redis - before.redis) / events,
    redisCallsPerEvent: sum(Object.values(calls)) / events,
  };
}

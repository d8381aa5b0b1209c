/**
 * The bus alone, after the fleet phase: a synthetic producer (bench/fleet-producer-process.ts) commits through
 * `redisCommitSink` as pollers do, with no protocol client in the way, and two worker processes in `count` mode
 * handle every event (their handler returns at once, so each entry is acknowledged right away). First at saturation
 * (the producer commits as fast as it can; the clock runs from its first commit to the last handler), then paced at
 * a steady rate for the latency the bus adds (entry id → handler). On a Redis of its own, started as the fleet's
 * (append-only, `appendfsync always`), so the figures do not depend on what the fleet phase left in Redis.
 */
import { cpus, loadavg } from 'node:os';
import { startRedis } from '../test/support/redis-server.js';
import { built } from './built.js';
import { FleetCluster } from './fleet-cluster.js';
import { until } from './fleet-failures.js';
import { DeliveryLedger } from './fleet-ledger.js';
import { info, serverCpuMicros, usedMemory } from './fleet-redis.js';
import { spawnBench } from './procs.js';
import { percentileOf } from './fleet-report.js';

const { connectRedis } = await built<typeof import('../src/fleet/index.js')>('fleet/index.js');

export interface BusOptions {
  readonly shardCount: number;
  readonly ttlMs: number;
  /** A committed message of the fleet phase; every synthetic message is a copy with its own id, chat and text. */
  readonly template: Readonly<Record<string, unknown>>;
  readonly events: number;
  readonly pacedRate: number;
  readonly pacedSeconds: number;
  /** When Redis fsyncs its append-only file. @default 'always', as the fleet phase */
  readonly appendfsync?: 'always' | 'everysec';
  readonly log: (text: string) => void;
}

export interface BusResult {
  readonly batch: number;
  readonly accounts: number;
  readonly messageBytes: number;
  readonly saturated: {
    readonly events: number;
    readonly seconds: number;
    readonly perSecond: number;
    /** How long the producer took to commit them all. */
    readonly commitSeconds: number;
    readonly producerCpuPerEventUs: number;
    readonly workerCpuPerEventUs: number;
    readonly redisCpuPerEventUs: number;
    readonly redisBytesPerEvent: number;
    /** Append-only file rewrites Redis ran meanwhile (a fork and a copy of the data set each). */
    readonly aofRewrites: number;
    /** CPU the producer, the workers and Redis used, as a share of the machine's cores over the run. */
    readonly cpuShare: number;
    /** Events/s if those three had the machine's cores to themselves: cores ÷ their CPU per event. */
    readonly cpuBoundPerSecond: number;
    /** The machine's 1-minute load average at the end. */
    readonly loadAverage: number;
  };
  readonly paced: { readonly rate: number; readonly events: number; readonly p50Ms: number; readonly p99Ms: number; readonly maxMs: number };
}

const NAMESPACE = 'bus';
const BATCH = 20;
const ACCOUNTS = 1_000;

export async function runBusPhase(options: BusOptions): Promise<BusResult> {
  const redis = await startRedis({ appendonly: true, appendfsync: options.appendfsync ?? 'always' });
  const admin = await connectRedis(redis.url);
  const cluster = new FleetCluster({ redisUrl: redis.url, namespace: NAMESPACE, shardCount: options.shardCount, ttlMs: options.ttlMs }, new DeliveryLedger(0));
  const aofRewrites = async () => Number((await info(admin, 'persistence'))['aof_rewrites']);
  try {
    const workers = [await cluster.startWorker('bus-worker-1', 0, 'count'), await cluster.startWorker('bus-worker-2', 0, 'count')];
    await until('the bus workers holding every shard', 60_000, () => cluster.held('worker') === options.shardCount);
    const delivered = () => workers.reduce((total, w) => total + (w.status.delivered ?? 0), 0);
    const produce = async (events: number, firstId: number, rate: number) => {
      const producer = spawnBench(
        'fleet-producer-process.ts',
        [JSON.stringify({ redisUrl: redis.url, namespace: NAMESPACE, shardCount: options.shardCount, accounts: ACCOUNTS, chatsPerAccount: 4, batch: BATCH, concurrency: 32, events, firstId, rate, template: options.template })],
        'fleet-producer',
      );
      try {
        const done = await producer.next('done', 600_000);
        return { appended: Number(done['appended']), startEpoch: Number(done['startEpoch']), endEpoch: Number(done['endEpoch']), cpuUs: Number(done['cpuUs']) };
      } finally {
        await producer.stop();
      }
    };
    const report = async () => Promise.all(workers.map(async (w) => w.ask({ cmd: 'report' }, 'report')));

    options.log(`  bus at saturation: ${options.events.toLocaleString('en-US')} events`);
    const before = {
      workerCpu: await Promise.all(workers.map((w) => w.cpuMicros())),
      redisCpu: await serverCpuMicros(admin),
      memory: await usedMemory(admin),
      aofRewrites: await aofRewrites(),
    };
    const saturated = await produce(options.events, 0, 0);
    await until('the bus workers handling every event', 300_000, () => delivered() >= saturated.appended);
    const reports = await report();
    const workerCpu = reports.reduce((total, r, i) => total + Number(r['cpuUs']) - before.workerCpu[i]!, 0);
    const lastAt = Math.max(...reports.map((r) => Number(r['lastAt'])));
    const redisCpu = (await serverCpuMicros(admin)) - before.redisCpu;
    const memory = (await usedMemory(admin)) - before.memory;
    const rewrites = (await aofRewrites()) - before.aofRewrites;
    const seconds = (lastAt - saturated.startEpoch) / 1000;
    const cpuPerEventUs = (saturated.cpuUs + workerCpu + redisCpu) / saturated.appended;
    const loadAverage = loadavg()[0]!;

    const pacedEvents = options.pacedRate * options.pacedSeconds;
    options.log(`  bus paced: ${options.pacedRate.toLocaleString('en-US')} events/s for ${options.pacedSeconds} s`);
    const paced = await produce(pacedEvents, options.events, options.pacedRate);
    await until('the bus workers handling the paced events', 120_000, () => delivered() >= saturated.appended + paced.appended);
    const latencies = (await report()).flatMap((r) => r['latencies'] as number[]);
    return {
      batch: BATCH,
      accounts: ACCOUNTS,
      messageBytes: JSON.stringify(options.template).length,
      saturated: {
        events: saturated.appended,
        seconds,
        perSecond: saturated.appended / seconds,
        commitSeconds: (saturated.endEpoch - saturated.startEpoch) / 1000,
        producerCpuPerEventUs: saturated.cpuUs / saturated.appended,
        workerCpuPerEventUs: workerCpu / saturated.appended,
        redisCpuPerEventUs: redisCpu / saturated.appended,
        redisBytesPerEvent: memory / saturated.appended,
        aofRewrites: rewrites,
        cpuShare: (cpuPerEventUs * saturated.appended) / 1e6 / (seconds * cpus().length),
        cpuBoundPerSecond: (cpus().length * 1e6) / cpuPerEventUs,
        loadAverage,
      },
      paced: { rate: options.pacedRate, events: paced.appended, p50Ms: percentileOf(latencies, 50), p99Ms: percentileOf(latencies, 99), maxMs: latencies.reduce((a, b) => Math.max(a, b), 0) },
    };
  } finally {
    await cluster.stopAll();
    await admin.close().catch(() => undefined);
    await redis.stop();
  }
}

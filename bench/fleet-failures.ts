/**
 * The failures of the fleet benchmark, one after another while the traffic flows, each once the fleet settled after
 * the one before: `kill -9` of a poller, of a worker, of Redis (restarted on its append-only file), and a poller
 * frozen with SIGSTOP past its lease TTL, then resumed. A killed process is replaced by a new one (as a supervisor
 * would), so the fleet keeps three pollers and two workers. Each failure is its own phase of the delivery ledger,
 * which counts what it delivered twice.
 */
import { loadavg } from 'node:os';
import type { RedisClient } from '../src/fleet/index.js';
import type { RedisInstance } from '../test/support/redis-server.js';
import type { FleetCluster, FleetProcess, Role, SimHandle } from './fleet-cluster.js';
import type { DeliveryLedger } from './fleet-ledger.js';
import { fencedRefusals, pendingByConsumer, stalePending, sum } from './fleet-redis.js';
import { epochMs } from './procs.js';

export interface FleetRun {
  readonly cluster: FleetCluster;
  readonly ledger: DeliveryLedger;
  readonly sims: readonly SimHandle[];
  readonly redis: RedisInstance;
  readonly admin: RedisClient;
  readonly accounts: number;
  readonly namespace: string;
  readonly shardCount: number;
  readonly group: string;
  readonly log: (text: string) => void;
}

export interface FailureResult {
  /** The ledger phase, e.g. `poller kill -9`. */
  readonly name: string;
  /** From the failure to each of the victim's shards acquired by another process, ms. */
  readonly takeoverMs: readonly number[];
  /** The victim's shards nobody took over within a minute (the paused poller's: before it was resumed). */
  readonly missedTakeovers?: number;
  /**
   * What was in flight: entries pending at the killed worker (its unacknowledged deliveries), or pending in the
   * group right after Redis came back (deliveries whose acknowledgement the crash may have cut).
   */
  readonly inFlight?: number;
  /** From the failure until every account was online again and the deliveries had caught up, s (NaN: not within 3 min). */
  readonly recoverySeconds: number;
  /** What was still off when the fleet did not settle within 3 minutes. */
  readonly unsettled?: string;
  /** Writes Redis refused meanwhile because their lease was no longer current (FencedOutError at the writer). */
  readonly fencedWrites: number;
  /** Leases the processes reported lost meanwhile (the victim's own included), by role. */
  readonly leasesLost: { readonly poller: number; readonly worker: number };
  /** The machine's 1-minute load average at the end (2 cores; other work on the machine shows here). */
  readonly loadAverage: number;
  /** The longest a poller's event loop ran late meanwhile, ms (a lease renewal is a timer on it). */
  readonly pollerLoopDelayMaxMs: number;
  /** Workers' Redis commands that failed meanwhile (an acknowledgement among them leaves its entry to be claimed again). */
  readonly workerRedisErrors: number;
  /** Redis: from the kill until the restarted server answered (append-only file loaded), ms. */
  readonly outageMs?: number;
  /** The paused poller once resumed: leases it reported lost, and its account failures by error name. */
  readonly resumed?: { readonly leasesLost: number; readonly failures: Readonly<Record<string, number>> };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it holds; throws naming `what` after `ms`. */
export async function until(what: string, ms: number, check: () => boolean | Promise<boolean>, everyMs = 200): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`fleet bench: ${what} did not happen within ${ms / 1000} s`);
    await sleep(everyMs);
  }
}

/** Entries delivered to the group and not acknowledged, over every shard. */
async function pendingTotal(run: FleetRun): Promise<number> {
  return sum((await pendingByConsumer(run.admin, run.namespace, run.shardCount, run.group)).values());
}

/**
 * Waits until every account is online, every shard held by a live poller and a live worker, every text injected 3 s
 * ago delivered, and no entry has waited 1 s for its acknowledgement (a 5 ms handler's entries never do: such an
 * entry's acknowledgement was lost, and it waits to be claimed and delivered again). Answers `undefined` once
 * settled, or after `ms` what was still off (a fleet that does not settle is a result, not a crash of the benchmark).
 */
export async function settle(run: FleetRun, ms = 180_000): Promise<string | undefined> {
  const { cluster, ledger, sims } = run;
  let last = '';
  const settled = await until('settling', ms, async () => {
    const marks = await Promise.all(sims.map((sim) => sim.stats()));
    await sleep(3_000);
    const behind = sum(sims.map((sim) => Math.max(0, marks[sim.index]!.injected - ledger.deliveredOf(sim.index))));
    const pending = await stalePending(run.admin, run.namespace, run.shardCount, run.group, 1_000);
    const pollers = cluster.live('poller').map((p) => `${p.holder} ${JSON.stringify(p.status.states ?? {})} failures ${JSON.stringify(p.status.failureSamples ?? {})}`);
    last = `online ${cluster.online()}/${run.accounts}, shards held ${cluster.held('poller')} (pollers) ${cluster.held('worker')} (workers), undelivered ${behind}, unacknowledged for 1 s ${pending}; ${pollers.join('; ')}`;
    return behind === 0 && cluster.online() === run.accounts && cluster.held('poller') === run.shardCount && cluster.held('worker') === run.shardCount && pending === 0;
  }, 0).then(
    () => true,
    () => false,
  );
  if (!settled) run.log(`  did not settle within ${ms / 1000} s: ${last}`);
  return settled ? undefined : last;
}

/** For each shard of the victim, ms from `since` until another process acquired it (those taken within a minute). */
async function takeover(run: FleetRun, role: Role, victim: FleetProcess, shards: readonly number[], since: number): Promise<number[]> {
  await until(`takeover of ${victim.holder}'s shards`, 60_000, () => run.cluster.takeovers(role, shards, victim.holder, since).size === shards.length).catch(() => undefined);
  return [...run.cluster.takeovers(role, shards, victim.holder, since).values()].map((at) => at - since);
}

/** Seconds from `since` until the fleet settled, or what was off when it did not. */
async function recovered(run: FleetRun, since: number): Promise<Pick<FailureResult, 'recoverySeconds' | 'unsettled'>> {
  const unsettled = await settle(run);
  return unsettled === undefined ? { recoverySeconds: (epochMs() - since) / 1000 } : { recoverySeconds: Number.NaN, unsettled };
}

/** What a failure measures itself; `withFencing` adds the rest. */
export type FailureRun = Omit<FailureResult, 'fencedWrites' | 'leasesLost' | 'loadAverage' | 'pollerLoopDelayMaxMs' | 'workerRedisErrors'>;

/**
 * Runs `failure` and adds what the fleet did meanwhile: the writes Redis fenced off (its counters start again at 0
 * after a restart), the leases lost, the pollers' longest event-loop delay and the workers' failed Redis commands.
 */
export async function withFencing(run: FleetRun, failure: () => Promise<FailureRun>): Promise<FailureResult> {
  const before = await fencedRefusals(run.admin);
  const movesBefore = run.cluster.moves.length;
  const workerErrorsBefore = run.cluster.streamEvents()['redis-error'] ?? 0;
  run.cluster.pollerLoopDelayPeakMs = 0;
  const result = await failure();
  const after = await fencedRefusals(run.admin);
  const lost = run.cluster.moves.slice(movesBefore).filter((move) => move.change === 'lost');
  return {
    ...result,
    fencedWrites: after >= before ? after - before : after,
    leasesLost: { poller: lost.filter((move) => move.role === 'poller').length, worker: lost.filter((move) => move.role === 'worker').length },
    loadAverage: loadavg()[0]!,
    pollerLoopDelayMaxMs: run.cluster.pollerLoopDelayPeakMs,
    workerRedisErrors: (run.cluster.streamEvents()['redis-error'] ?? 0) - workerErrorsBefore,
  };
}

/** A killed process's successor joins once the fleet settled (as a supervisor would restart it), and it settles again. */
async function replace(run: FleetRun, recovery: Pick<FailureResult, 'recoverySeconds' | 'unsettled'>, start: () => Promise<unknown>): Promise<Pick<FailureResult, 'recoverySeconds' | 'unsettled'>> {
  if (recovery.unsettled !== undefined) return recovery;
  await start();
  const unsettled = await settle(run);
  return unsettled === undefined ? recovery : { ...recovery, unsettled: `after the replacement joined: ${unsettled}` };
}

/**
 * Starts counting under `name` a second before the failure: what a failure catches in flight was first delivered
 * within it (a 5 ms handler and its acknowledgement), so its second delivery is this failure's, not the phase before.
 */
async function enterPhase(run: FleetRun, name: string): Promise<void> {
  run.ledger.enter(name);
  await sleep(1_000);
}

export async function killPoller(run: FleetRun, replacement: string): Promise<FailureRun> {
  const name = 'poller kill -9';
  await enterPhase(run, name);
  const victim = run.cluster.live('poller')[0]!;
  const shards = run.cluster.shardsOf('poller', victim.holder);
  run.log(`  ${name}: ${victim.holder} (${shards.length} shards)`);
  const at = epochMs();
  await victim.kill();
  const takeoverMs = await takeover(run, 'poller', victim, shards, at);
  const recovery = await replace(run, await recovered(run, at), () => run.cluster.startPoller(replacement));
  return { name, takeoverMs, missedTakeovers: shards.length - takeoverMs.length, ...recovery };
}

export async function killWorker(run: FleetRun, replacement: string, handlerMs: number): Promise<FailureRun> {
  const name = 'worker kill -9';
  await enterPhase(run, name);
  const victim = run.cluster.live('worker')[0]!;
  const shards = run.cluster.shardsOf('worker', victim.holder);
  run.log(`  ${name}: ${victim.holder} (${shards.length} shards)`);
  const at = epochMs();
  await victim.kill();
  const inFlight = (await pendingByConsumer(run.admin, run.namespace, run.shardCount, run.group)).get(victim.holder) ?? 0;
  const takeoverMs = await takeover(run, 'worker', victim, shards, at);
  const recovery = await replace(run, await recovered(run, at), () => run.cluster.startWorker(replacement, handlerMs));
  return { name, takeoverMs, missedTakeovers: shards.length - takeoverMs.length, inFlight, ...recovery };
}

export async function killRedis(run: FleetRun): Promise<FailureRun> {
  const name = 'redis kill -9';
  await enterPhase(run, name);
  run.log(`  ${name}, restarted on its append-only file`);
  const at = epochMs();
  await run.redis.restart('SIGKILL');
  const outageMs = epochMs() - at;
  const inFlight = await pendingTotal(run);
  return { name, takeoverMs: [], inFlight, outageMs, ...(await recovered(run, at)) };
}

export async function pausePoller(run: FleetRun, pauseMs: number): Promise<FailureRun> {
  const name = `poller SIGSTOP ${pauseMs / 1000} s`;
  await enterPhase(run, name);
  const victim = run.cluster.live('poller')[0]!;
  const shards = run.cluster.shardsOf('poller', victim.holder);
  const failuresBefore = { ...victim.status.failures };
  run.log(`  ${name}: ${victim.holder} (${shards.length} shards)`);
  const at = epochMs();
  victim.child.signal('SIGSTOP');
  await sleep(pauseMs);
  const taken = run.cluster.takeovers('poller', shards, victim.holder, at);
  const resumedAt = epochMs();
  victim.child.signal('SIGCONT');
  const takeoverMs = [...taken.values()].map((moved) => moved - at);
  const recovery = await recovered(run, at);
  const failures: Record<string, number> = {};
  for (const [kind, count] of Object.entries(victim.status.failures ?? {})) {
    const grown = count - (failuresBefore[kind] ?? 0);
    if (grown > 0) failures[kind] = grown;
  }
  const leasesLost = run.cluster.moves.filter((move) => move.holder === victim.holder && move.change === 'lost' && move.at >= resumedAt).length;
  return { name, takeoverMs, missedTakeovers: shards.length - taken.size, ...recovery, resumed: { leasesLost, failures } };
}

/**
 * `wechat-rx fleet`: one process of a fleet on Redis. Its pollers (role poller or both) keep the accounts of the
 * shards they hold online and commit their messages; its workers (worker or both) run the bot of `wechat-rx demo` on
 * every account. Each event of the process is a line of the log. Ctrl-C or SIGTERM stops it with exit code 0 once
 * it has released its shards; `--sim` adds the embedded simulator and its accounts (fleet-sim.ts).
 */
import { Subscription, tap } from 'rxjs';
import { createErrorChannel } from '../../operators/error-channel.js';
import { isInvalidArgumentError } from '../errors/guards.js';
import { createFleet, type Fleet, type FleetRole } from '../fleet/create-fleet.js';
import type { RedisClient } from '../redis/connect.js';
import { FleetMetrics } from '../redis/fleet/fleet-metrics.js';
import { holderId } from '../redis/fleet/holder-id.js';
import { type MetricsServer, serveMetrics } from '../redis/fleet/metrics-server.js';
import { SESSION_KEY_ENV, type SessionKeyring } from '../redis/session-keyring.js';
import { UsageError } from './errors.js';
import { fleetDemoBot } from './fleet-bot.js';
import { hasSessionKey, sessionKeyring, throwawayKeyring } from './fleet-keyring.js';
import { printFleetEvent } from './fleet-lines.js';
import type { FleetWhereArgs } from './fleet-options.js';
import { connectFleetRedis } from './fleet-redis.js';
import { FleetSimulator } from './fleet-sim.js';
import { type StopSignal, stopOnSignals, untilStopped } from './stop-signal.js';
import { type Io, Printer } from './terminal.js';

export interface FleetRunArgs extends FleetWhereArgs {
  readonly role: FleetRole;
  readonly server?: string;
  readonly group: string;
  readonly ttl: number;
  readonly metricsPort?: number;
  readonly json?: boolean;
  /** `--sim [N]`: the number of accounts, `true` when none was given. */
  readonly sim?: number | true;
}

export const DEFAULT_SIM_ACCOUNTS = 3;

export async function runFleet(args: FleetRunArgs, io: Io = process): Promise<number> {
  const print = new Printer(io, args.json === true);
  const keyring = runKeyring(args, print);
  const holder = holderId();
  const metrics = new FleetMetrics({ labels: { process: holder } });
  const metricsServer = args.metricsPort === undefined ? undefined : await serveMetricsOn(metrics, args.metricsPort);
  const signal = stopOnSignals(io);
  const subscriptions = new Subscription();
  let redis: RedisClient | undefined;
  let sim: FleetSimulator | undefined;
  let fleet: Fleet | undefined;
  try {
    if (metricsServer !== undefined) print.line('info', `metrics for Prometheus on ${metricsServer.url}`, { metricsUrl: metricsServer.url });
    redis = await connectFleetRedis(args.redis, print);
    if (args.sim !== undefined) sim = await FleetSimulator.start();
    const server = sim?.origin ?? args.server;
    fleet = createFleet({ redis, role: args.role, ...(server === undefined ? {} : { server }), namespace: args.namespace, shardCount: args.shards, group: args.group, ttlMs: args.ttl, holder, keyring, metrics });
    print.line('info', startLine(args, holder, server, sim !== undefined), { holder });
    subscriptions.add(fleet.events$.subscribe({ next: (event) => printFleetEvent(print, event), error: (error: unknown) => signal.fail(error) }));
    if (args.role !== 'poller') {
      const errors = createErrorChannel();
      subscriptions.add(errors.errors$.subscribe((error) => print.line('warn', error.message)));
      subscriptions.add(fleet.runBot(fleetDemoBot(print, errors.report)).subscribe({ error: (error: unknown) => signal.fail(error) }));
    }
    if (sim !== undefined) await addSimulatedAccounts(sim, fleet, args.sim === true || args.sim === undefined ? DEFAULT_SIM_ACCOUNTS : args.sim, print, signal);
    const stop = await signal.stopped;
    if (stop.type === 'failed') throw stop.error;
    if (stop.type === 'signal') print.line('info', `stopped by ${stop.signal}: releasing this process's shards`);
    return 0;
  } finally {
    signal.release();
    await fleet?.close();
    subscriptions.unsubscribe();
    await sim?.close();
    await metricsServer?.close();
    await redis?.close().catch(() => undefined);
  }
}

/** `--sim`: adds the simulated accounts one after another (until a stop); their friends write once the first is in. */
async function addSimulatedAccounts(sim: FleetSimulator, fleet: Fleet, count: number, print: Printer, signal: StopSignal): Promise<void> {
  const added$ = sim.addAccounts(fleet, count).pipe(
    tap((added) => {
      print.line('info', `added ${added.account} to the fleet (shard ${added.shard}${added.adopted ? '' : ', waiting for a poller'})`, { account: added.account, shard: added.shard });
      sim.startTraffic(print);
    }),
  );
  await untilStopped(added$, signal);
}

/**
 * The keyring of `WECHAT_RX_SESSION_KEY`, required wherever sessions are opened. A worker opens none, and simulated
 * sessions are worth nothing: without the variable they get a key of their own for this run.
 */
function runKeyring(args: FleetRunArgs, print: Printer): SessionKeyring {
  if (hasSessionKey()) return sessionKeyring();
  if (args.sim !== undefined) {
    print.hint(`${SESSION_KEY_ENV} is not set: the simulated sessions are sealed with a throwaway key for this run (workers need no key; another poller would need this one)`);
    return throwawayKeyring();
  }
  return args.role === 'worker' ? throwawayKeyring() : sessionKeyring();
}

/** Serves the metrics; a busy port is a usage error, like every other wrong option. */
async function serveMetricsOn(metrics: FleetMetrics, port: number): Promise<MetricsServer> {
  try {
    return await serveMetrics(metrics, { port });
  } catch (error) {
    if (isInvalidArgumentError(error) && error.argument === 'port') throw new UsageError(`option '--metrics-port <port>': ${error.reason}`);
    throw error;
  }
}

function startLine(args: FleetRunArgs, holder: string, server: string | undefined, simulated: boolean): string {
  const role = { poller: 'poller', worker: `worker of group ${args.group}`, both: `poller and worker of group ${args.group}` }[args.role];
  const accounts = args.role === 'worker' ? '' : `; accounts served by ${simulated ? `the embedded simulator on ${server}` : (server ?? 'the WeChat servers')}`;
  return `fleet process ${holder}: ${role} on ${args.shards} shards of namespace ${args.namespace}${accounts}; Ctrl-C to stop`;
}

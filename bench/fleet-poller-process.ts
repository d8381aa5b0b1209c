/**
 * A poller of the fleet benchmark: `createFleet({ role: 'poller' })` from `dist/`, the accounts' clients resuming from
 * the sealed states in Redis (each iLink session carries its simulator's origin). Reports every lease move
 * (`lease`, with the time it was seen) and once a second `status`: accounts per state, account failures by error
 * name (with the first message of each), Redis errors (failed commands, and connection errors by kind), the longest
 * event-loop delay since the last status, and CPU. `{"cmd":"sample"}` answers `sample`: RSS and heap after a forced GC, and the same read
 * before the fleet started (`baseline`), for the memory per account client.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { AccountState } from '../src/fleet/index.js';
import { built } from './built.js';
import { childConfig, cpuMicros, emit, type FleetChildConfig, reportLease, serveCommands, settledMemory } from './fleet-child.js';

const { createFleet, SessionKeyring, shardOfAccount } = await built<typeof import('../src/fleet/index.js')>('fleet/index.js');
const config = childConfig<FleetChildConfig>();
const baseline = await settledMemory();

/** Redis connection errors (node-redis reconnects by itself) by kind, as `connectRedis` logs them. */
const connectionErrors: Record<string, number> = {};
const countWarning = (fields: object | string): void => {
  const { error, code } = typeof fields === 'string' ? { error: fields, code: undefined } : (fields as { error?: string; code?: string });
  const kind = `${error ?? 'error'}${code === undefined ? '' : ` ${code}`}`;
  connectionErrors[kind] = (connectionErrors[kind] ?? 0) + 1;
};
const quiet = (): void => undefined;

const fleet = createFleet({
  redis: config.redisUrl,
  logger: { trace: quiet, debug: quiet, info: quiet, warn: countWarning, error: countWarning },
  role: 'poller',
  holder: config.holder,
  namespace: config.namespace,
  shardCount: config.shardCount,
  ttlMs: config.ttlMs,
  keyring: SessionKeyring.fromEnv(),
});

const states = new Map<string, AccountState>();
/** Account failures by the error's name (`CommitFailedError`, …), and the first message of each name. */
const failures: Record<string, number> = {};
const failureSamples: Record<string, string> = {};
let redisErrors = 0;

const subscription = fleet.events$.subscribe((event) => {
  if (reportLease(event)) {
    // A shard that moved away takes its accounts' states along (they are closed without a state change).
    if (event.type === 'lease' && event.change !== 'acquired') {
      for (const account of states.keys()) if (shardOfAccount(account, config.shardCount) === event.shard) states.delete(account);
    }
    return;
  }
  if (event.type === 'account') {
    states.set(event.account, event.state);
    if (event.error !== undefined) {
      const name = event.error.slice(0, event.error.indexOf(':'));
      failures[name] = (failures[name] ?? 0) + 1;
      failureSamples[name] ??= event.error;
    }
  } else if (event.type === 'stream' && event.event.type === 'redis-error') redisErrors++;
});

/** How late the event loop ran timers: a lease renewal is one of them. */
const loopDelay = monitorEventLoopDelay({ resolution: 20 });
loopDelay.enable();

setInterval(() => {
  const counts: Partial<Record<AccountState, number>> = {};
  for (const state of states.values()) counts[state] = (counts[state] ?? 0) + 1;
  const loopDelayMaxMs = loopDelay.max / 1e6;
  loopDelay.reset();
  emit({ type: 'status', states: counts, failures, failureSamples, redisErrors, connectionErrors, loopDelayMaxMs, cpuUs: cpuMicros() });
}, 1000).unref();

serveCommands(
  (command) => {
    if (command.cmd === 'sample') void settledMemory().then((memory) => emit({ type: 'sample', ...memory, baseline, cpuUs: cpuMicros() }));
  },
  async () => {
    await fleet.close();
    subscription.unsubscribe();
  },
);

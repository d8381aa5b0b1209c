/**
 * A worker of the fleet benchmark: `createFleet({ role: 'worker' }).handle(handler)` from `dist/`. Reports every lease
 * move (`lease`) and once a second `status` (deliveries, the stream events it saw by type, CPU).
 *
 * Two modes:
 * - `record`: the handler prints one tab-separated line per delivery before it returns — `D`, the text, the attempt,
 *   the stream entry id, the account, the chat, and the time the handler ran (epoch ms) — then takes `handlerMs` of
 *   asynchronous work (a bot's I/O), so the entry stays pending that long. Written before the acknowledgement, a
 *   line is never missing for a delivery that was acknowledged.
 * - `count`: the handler counts and keeps the bus latency of each delivery (handler time minus the millisecond of
 *   the entry id, Redis's clock at the XADD); `{"cmd":"report"}` answers `report` with the count, the time of the
 *   last delivery, the latencies since the last report and CPU. Nothing is printed per delivery: this mode measures throughput.
 */
import { timer } from 'rxjs';
import { built } from './built.js';
import { childConfig, cpuMicros, emit, type FleetChildConfig, reportLease, serveCommands } from './fleet-child.js';
import { epochMs } from './procs.js';

interface WorkerConfig extends FleetChildConfig {
  readonly mode: 'record' | 'count';
  readonly handlerMs: number;
}

const { createFleet, SessionKeyring } = await built<typeof import('../src/fleet/index.js')>('fleet/index.js');
const config = childConfig<WorkerConfig>();
const fleet = createFleet({
  redis: config.redisUrl,
  role: 'worker',
  holder: config.holder,
  namespace: config.namespace,
  shardCount: config.shardCount,
  ttlMs: config.ttlMs,
  keyring: SessionKeyring.fromEnv(),
});

let delivered = 0;
const streamEvents: Record<string, number> = {};
/** Bus latencies since the last report, in ms (count mode); bounded so a long run cannot exhaust memory. */
let latencies: number[] = [];
const MAX_LATENCIES = 2_000_000;
/** When the last delivery ran (epoch ms). */
let lastAt = 0;

const subscription = fleet
  .handle((message) => {
    delivered++;
    const at = epochMs();
    lastAt = at;
    const { id, attempt } = message.delivery;
    if (config.mode === 'count') {
      if (latencies.length < MAX_LATENCIES) latencies.push(at - Number(id.slice(0, id.indexOf('-'))));
      return;
    }
    const text = message.kind === 'text' ? message.text : '';
    process.stdout.write(`D\t${text}\t${attempt}\t${id}\t${message.account}\t${message.chat}\t${at.toFixed(3)}\n`);
    return config.handlerMs > 0 ? timer(config.handlerMs) : undefined;
  })
  .subscribe((event) => {
    if (reportLease(event)) return;
    if (event.type === 'stream') streamEvents[event.event.type] = (streamEvents[event.event.type] ?? 0) + 1;
  });

setInterval(() => emit({ type: 'status', delivered, streamEvents, cpuUs: cpuMicros() }), 1000).unref();

serveCommands(
  (command) => {
    if (command.cmd !== 'report') return;
    emit({ type: 'report', delivered, lastAt, latencies, cpuUs: cpuMicros() });
    latencies = [];
  },
  async () => {
    subscription.unsubscribe();
    await fleet.close();
  },
);

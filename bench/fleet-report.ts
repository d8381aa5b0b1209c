/** The fleet scenario's rows of the main table, and its own table of every figure with its target. */
import type { FleetBenchResult } from './fleet.js';
import { fmt, percentile } from './stats.js';
import type { Row } from './table.js';

/** The `p`th percentile, or NaN for no values (a phase that timed nothing shows as NaN rather than failing). */
export const percentileOf = (values: readonly number[], p: number): number => (values.length === 0 ? Number.NaN : percentile(values, p));

/** Takeover times of every failure that moved shards (pollers and workers), ms. */
const takeovers = (r: FleetBenchResult, role: 'poller' | 'worker'): number[] =>
  r.failures.filter((f) => f.name.startsWith(role)).flatMap((f) => [...f.takeoverMs]);

const pollerTakeovers = (r: FleetBenchResult): number[] => takeovers(r, 'poller');

export function fleetRows(r: FleetBenchResult): Row[] {
  const name = `10. fleet ${fmt(r.accounts, 0)} accounts (iLink)`;
  const pollerMs = pollerTakeovers(r);
  const p99 = pollerMs.length === 0 ? undefined : percentileOf(pollerMs, 99) / 1000;
  return [
    { scenario: name, metric: 'events lost', undici: r.totals.lost, target: '0', met: r.totals.lost === 0, digits: 0 },
    { scenario: name, metric: 'poller takeover p99, s', undici: p99, target: '≤ 12 s', met: p99 === undefined ? undefined : p99 <= 12, digits: 2 },
    { scenario: name, metric: 'bus latency p99 at 10k/s, ms', undici: r.bus.paced.p99Ms, target: '≤ 10 ms', met: r.bus.paced.p99Ms <= 10, digits: 2 },
    { scenario: name, metric: 'bus throughput, events/s', undici: r.bus.saturated.perSecond, target: '≥ 100,000', met: r.bus.saturated.perSecond >= 100_000, digits: 0 },
  ];
}

/** Every figure of the scenario, as docs/benchmarks.md shows it. */
export function printFleet(r: FleetBenchResult): void {
  const lines: Array<[string, string, string]> = [];
  const add = (metric: string, value: string, target = '') => lines.push([metric, value, target]);
  const ms = (values: readonly number[]) => (values.length === 0 ? '—' : `${fmt(percentileOf(values, 50) / 1000, 2)} / ${fmt(percentileOf(values, 99) / 1000, 2)} s`);
  const pollerMs = pollerTakeovers(r);
  add('accounts (iLink) / simulators / pollers / workers / shards', `${fmt(r.accounts, 0)} / ${r.simulators} / ${r.pollers} / ${r.workers} / ${r.shards}`);
  add('accounts added 1,000 at a time: all online after, s', fmt(r.allOnlineSeconds, 1));
  const t = r.totals;
  add('texts injected / delivered / lost', `${fmt(t.injected, 0)} / ${fmt(t.delivered, 0)} / ${t.lost}`, 'lost 0 ' + mark(t.lost === 0));
  if (t.undelivered > 0) add('…not delivered by the end: in a stream / still at the simulator', `${t.inStream} / ${t.atSimulator}`);
  for (const lost of t.lostSamples ?? []) {
    add(`…lost, injected during ${lost.phase}`, `${lost.account}: id committed ${lost.committedId}, in the saved dedupe window ${String(lost.inSavedWindow)}`);
  }
  add('out of order within a chat', String(r.totals.orderViolations), '0 ' + mark(r.totals.orderViolations === 0));
  for (const f of r.failures) {
    // Killed worker: its pending entries; Redis: what was pending when it came back; otherwise each worker Redis call
    // that failed (a failed acknowledgement leaves its entry to be delivered again), an upper bound.
    const bound = f.inFlight ?? f.workerRedisErrors;
    const inFlight = f.inFlight === undefined ? ` (failed worker calls ${f.workerRedisErrors})` : ` (in flight ${f.inFlight})`;
    add(`${f.name}: duplicates / appended twice`, `${f.tally.duplicates} / ${f.tally.appendedTwice}${inFlight}`, `≤ in flight; 0 twice ${mark(f.tally.duplicates <= bound && f.tally.appendedTwice === 0)}`);
    if (f.takeoverMs.length > 0) add(`${f.name}: takeover p50 / p99 (${f.takeoverMs.length} shards)`, ms(f.takeoverMs));
    if (f.missedTakeovers !== undefined && f.missedTakeovers > 0) add(`${f.name}: shards not taken over in time`, String(f.missedTakeovers));
    if (f.unsettled !== undefined) add(`${f.name}: did not settle within 3 min`, f.unsettled.slice(0, 160));
    if (f.outageMs !== undefined) add(`${f.name}: outage until the restarted server answered, s`, fmt(f.outageMs / 1000, 2));
    if (f.resumed !== undefined) {
      const why = Object.entries(f.resumed.failures).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
      add(`${f.name}: once resumed, leases lost / account failures`, `${f.resumed.leasesLost} / ${why}`);
    }
    add(`${f.name}: writes refused by the fence / leases lost (pollers, workers)`, `${f.fencedWrites} / ${f.leasesLost.poller}, ${f.leasesLost.worker}`);
    add(`${f.name}: pollers' longest event-loop delay, s / workers' failed Redis calls`, `${fmt(f.pollerLoopDelayMaxMs / 1000, 2)} / ${f.workerRedisErrors}`);
    add(`${f.name}: back to all online and caught up, s (load average)`, `${fmt(f.recoverySeconds, 1)} (${fmt(f.loadAverage, 1)})`);
  }
  add('poller takeover p50 / p99, all failures', ms(pollerMs), `p99 ≤ 12 s ${mark(pollerMs.length > 0 && percentileOf(pollerMs, 99) <= 12_000)}`);
  add('worker takeover p50 / p99', ms(takeovers(r, 'worker')));
  const s = r.steady;
  add(`bus latency p50 / p99 in the fleet (${r.rate}/s), ms`, `${fmt(s.busP50Ms, 2)} / ${fmt(s.busP99Ms, 2)}`, `p99 ≤ 10 ms ${mark(s.busP99Ms <= 10)}`);
  add('…leases lost in that window / load average', `${s.leasesLost} / ${fmt(s.loadAverage, 1)}`);
  if (s.unsettled !== undefined) add('…the fleet had not settled before that window', s.unsettled.slice(0, 160));
  add('end to end (injected → handler) p50 / p99, ms', `${fmt(s.endToEndP50Ms, 2)} / ${fmt(s.endToEndP99Ms, 2)}`);
  add(`bus latency p50 / p99 at ${fmt(r.bus.paced.rate, 0)} events/s, ms`, `${fmt(r.bus.paced.p50Ms, 2)} / ${fmt(r.bus.paced.p99Ms, 2)}`, `p99 ≤ 10 ms ${mark(r.bus.paced.p99Ms <= 10)}`);
  const b = r.bus.saturated;
  add(`bus throughput (batches of ${r.bus.batch}), events/s`, fmt(b.perSecond, 0), `≥ 100,000 ${mark(b.perSecond >= 100_000)}`);
  add('…its CPU share of the machine / events/s with both cores (load average)', `${fmt(b.cpuShare * 100, 0)} % / ${fmt(b.cpuBoundPerSecond, 0)} (${fmt(b.loadAverage, 1)})`);
  add('bus CPU per event: producer (commit) / workers / Redis, µs', `${fmt(r.bus.saturated.producerCpuPerEventUs, 1)} / ${fmt(r.bus.saturated.workerCpuPerEventUs, 1)} / ${fmt(r.bus.saturated.redisCpuPerEventUs, 1)}`);
  add('fleet CPU per event: pollers (above idle) / workers / Redis, µs', `${fmt(s.pollerCpuPerEventUs, 0)} (${fmt(s.pollerCpuPerEventAboveIdleUs, 0)}) / ${fmt(s.workerCpuPerEventUs, 0)} / ${fmt(s.redisCpuPerEventUs, 0)}`);
  add('Redis per event: stream entry / bus phase used_memory, bytes', `${fmt(r.memory.redisStreamBytesPerEvent, 0)} / ${fmt(r.bus.saturated.redisBytesPerEvent, 0)}`);
  add('Redis per session: new / after traffic (state + ids set, ids), bytes', `${fmt(r.memory.redisPerNewSessionBytes, 0)} / ${fmt(r.memory.redisStateBytes, 0)} + ${fmt(r.memory.redisIdsBytes, 0)} (${r.memory.idsPerAccount})`);
  add('memory per account: poller RSS (heap) / simulator RSS, KB', `${fmt(r.memory.pollerRssPerAccountKb, 0)} (${fmt(r.memory.pollerHeapPerAccountKb, 0)}) / ${fmt(r.memory.simulatorRssPerAccountKb, 0)}`);
  const i = r.idle;
  add(`idle Redis calls/s (${fmt(i.seconds, 0)} s, no traffic)`, fmt(i.callsPerSecond, 0));
  add('…of which commits / saves of empty answers, per s', `${fmt(i.commitsPerSecond, 1)} / ${fmt(i.savesPerSecond, 1)}`, `0 ${mark(i.commitsPerSecond + i.savesPerSecond < 1)}`);
  add('…per account per minute (commits + saves)', fmt(((i.commitsPerSecond + i.savesPerSecond) / r.accounts) * 60, 2));
  add('…the rest (leases, heartbeats, reads, claims), calls/s', fmt(i.otherCallsPerSecond, 0));
  add('…the same fleet before any account was added, calls/s', fmt(i.withoutAccountsCallsPerSecond, 0));
  add('idle pollers CPU, % of a core', fmt(i.pollerCpuPercent, 1));
  const widths = [0, 1, 2].map((c) => Math.max(...lines.map((l) => [...l[c]!].length), 6));
  const row = (l: readonly string[]) => `| ${l.map((cell, c) => cell + ' '.repeat(widths[c]! - [...cell].length)).join(' | ')} |`;
  console.log(`\nfleet: ${fmt(r.accounts, 0)} iLink accounts, texts at ${r.rate}/s, lease TTL ${r.ttlMs / 1000} s, Redis appendfsync always`);
  console.log([row(['metric', 'value', 'target']), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(row)].join('\n'));
}

const mark = (ok: boolean): string => (ok ? '✓' : '✗');

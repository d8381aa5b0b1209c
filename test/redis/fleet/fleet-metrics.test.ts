import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InvalidArgumentError } from '../../../src/errors/index.js';
import { FleetMetrics, serveMetrics, type MetricsServer } from '../../../src/fleet/index.js';

interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** The samples of a Prometheus text exposition (comments skipped; label values here hold no escapes). */
function parse(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (match === null) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key!, value!]));
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

const sorted = (labels: Record<string, string>) => Object.fromEntries(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
const sortedLabels = (sample: Sample) => ({ ...sample, labels: sorted(sample.labels) });

/** The value of the one series of `name` with exactly these labels (in any order); `undefined` when there is none. */
async function value(metrics: FleetMetrics, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const found = parse(await metrics.text())
    .map(sortedLabels)
    .filter((sample) => sample.name === name && JSON.stringify(sample.labels) === JSON.stringify(sorted(labels)));
  expect(found.length).toBeLessThanOrEqual(1);
  return found[0]?.value;
}

describe('FleetMetrics', () => {
  it('counts committed and dropped events, and sets the online accounts', async () => {
    const metrics = new FleetMetrics({ defaultMetrics: false });
    metrics.eventsCommitted(3, 1);
    metrics.eventsCommitted(2, 0);
    metrics.accountsOnline(7);
    const text = await metrics.text();
    expect(text).toContain('\nwechatrx_fleet_events_committed_total 5\n');
    expect(text).toContain('# TYPE wechatrx_fleet_events_committed_total counter');
    expect(await value(metrics, 'wechatrx_fleet_duplicates_dropped_total')).toBe(1);
    expect(await value(metrics, 'wechatrx_fleet_accounts_online')).toBe(7);
    metrics.accountsOnline(4);
    expect(await value(metrics, 'wechatrx_fleet_accounts_online')).toBe(4);
  });

  it('labels leases, lag, handled events, commands and held shards', async () => {
    const metrics = new FleetMetrics({ defaultMetrics: false });
    metrics.leaseMoved('acquired', 'poller');
    metrics.leaseMoved('acquired', 'poller');
    metrics.leaseMoved('handed-off', 'worker');
    metrics.groupLag('{wx:3}:events', 'bots', 12);
    metrics.eventHandled('handled');
    metrics.eventHandled('dead-lettered');
    metrics.commandRan('duplicate');
    metrics.shardsHeld('poller', 9);
    expect(await value(metrics, 'wechatrx_fleet_lease_moves_total', { kind: 'acquired', role: 'poller' })).toBe(2);
    expect(await value(metrics, 'wechatrx_fleet_lease_moves_total', { kind: 'handed-off', role: 'worker' })).toBe(1);
    expect(await value(metrics, 'wechatrx_fleet_group_lag', { stream: '{wx:3}:events', group: 'bots' })).toBe(12);
    expect(await value(metrics, 'wechatrx_fleet_events_handled_total', { outcome: 'dead-lettered' })).toBe(1);
    expect(await value(metrics, 'wechatrx_fleet_commands_total', { outcome: 'duplicate' })).toBe(1);
    expect(await value(metrics, 'wechatrx_fleet_shards_held', { role: 'poller' })).toBe(9);
  });

  it('starts every labelled series at 0, so the first event shows in rate()', async () => {
    const metrics = new FleetMetrics({ defaultMetrics: false });
    expect(await value(metrics, 'wechatrx_fleet_lease_moves_total', { kind: 'lost', role: 'worker' })).toBe(0);
    expect(await value(metrics, 'wechatrx_fleet_events_handled_total', { outcome: 'retried' })).toBe(0);
    expect(await value(metrics, 'wechatrx_fleet_commands_total', { outcome: 'failed' })).toBe(0);
    expect(await value(metrics, 'wechatrx_fleet_shards_held', { role: 'worker' })).toBe(0);
  });

  it('counts a commit latency in its bucket and every one above', async () => {
    const metrics = new FleetMetrics({ defaultMetrics: false });
    metrics.commitLatency(0.003);
    metrics.commitLatency(0.0004);
    const bucket = (le: string) => value(metrics, 'wechatrx_fleet_commit_latency_seconds_bucket', { le });
    expect(await bucket('0.0005')).toBe(1);
    expect(await bucket('0.0025')).toBe(1);
    expect(await bucket('0.005')).toBe(2);
    expect(await bucket('5')).toBe(2);
    expect(await bucket('+Inf')).toBe(2);
    expect(await value(metrics, 'wechatrx_fleet_commit_latency_seconds_count')).toBe(2);
    expect(await value(metrics, 'wechatrx_fleet_commit_latency_seconds_sum')).toBeCloseTo(0.0034, 10);
  });

  it('keeps two instances apart, with their own prefix and labels', async () => {
    const one = new FleetMetrics({ defaultMetrics: false, labels: { process: 'host-a:1:aa' } });
    const two = new FleetMetrics({ defaultMetrics: false, labels: { process: 'host-b:2:bb' } });
    const other = new FleetMetrics({ defaultMetrics: false, prefix: 'other_' });
    one.eventsCommitted(4, 0);
    two.eventsCommitted(1, 0);
    two.eventHandled('handled');
    expect(await value(one, 'wechatrx_fleet_events_committed_total', { process: 'host-a:1:aa' })).toBe(4);
    expect(await value(two, 'wechatrx_fleet_events_committed_total', { process: 'host-b:2:bb' })).toBe(1);
    expect(await value(one, 'wechatrx_fleet_events_handled_total', { outcome: 'handled', process: 'host-a:1:aa' })).toBe(0);
    expect(await value(other, 'other_events_committed_total')).toBe(0);
    expect(await value(other, 'wechatrx_fleet_events_committed_total')).toBeUndefined();
  });

  it("adds prom-client's process metrics unless told not to, with the instance's labels", async () => {
    const withDefaults = parse(await new FleetMetrics({ labels: { process: 'p' } }).text());
    expect(withDefaults.find((sample) => sample.name === 'process_cpu_user_seconds_total')?.labels).toEqual({ process: 'p' });
    const without = parse(await new FleetMetrics({ defaultMetrics: false }).text());
    expect(without.every((sample) => sample.name.startsWith('wechatrx_fleet_'))).toBe(true);
  });

  it('refuses a negative or fractional count and a negative latency, counting nothing', async () => {
    const metrics = new FleetMetrics({ defaultMetrics: false });
    expect(() => metrics.eventsCommitted(-1, 0)).toThrow(InvalidArgumentError);
    expect(() => metrics.accountsOnline(1.5)).toThrow(InvalidArgumentError);
    expect(() => metrics.groupLag('s', 'g', Number.NaN)).toThrow(InvalidArgumentError);
    expect(() => metrics.commitLatency(-0.1)).toThrow(expect.objectContaining({ operation: 'commitLatency', argument: 'seconds' }));
    expect(await value(metrics, 'wechatrx_fleet_events_committed_total')).toBe(0);
    expect(await value(metrics, 'wechatrx_fleet_commit_latency_seconds_count')).toBe(0);
  });
});

describe('serveMetrics', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  const serve = async (metrics: FleetMetrics, port?: number): Promise<MetricsServer> => {
    const server = await serveMetrics(metrics, port === undefined ? {} : { port });
    cleanups.push(() => server.close());
    return server;
  };

  it('answers GET /metrics on loopback with the text and its content type', async () => {
    const metrics = new FleetMetrics({ defaultMetrics: false });
    metrics.eventsCommitted(5, 0);
    const server = await serve(metrics);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const response = await fetch(server.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(metrics.contentType);
    expect(metrics.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await response.text()).toContain('\nwechatrx_fleet_events_committed_total 5\n');
  });

  it('answers 404 for another path and 405 for another method', async () => {
    const server = await serve(new FleetMetrics({ defaultMetrics: false }));
    expect((await fetch(new URL('/', server.url))).status).toBe(404);
    expect((await fetch(new URL('/metrics/x', server.url))).status).toBe(404);
    const post = await fetch(server.url, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
  });

  it('answers 500 when the metrics cannot be collected', async () => {
    const metrics = new FleetMetrics({ defaultMetrics: false });
    vi.spyOn(metrics, 'text').mockRejectedValue(new Error('collect failed'));
    const server = await serve(metrics);
    expect((await fetch(server.url)).status).toBe(500);
  });

  it('rejects a busy port with InvalidArgumentError naming the port', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => blocker.close(() => resolve())));
    const { port } = blocker.address() as AddressInfo;
    const error = await serve(new FleetMetrics({ defaultMetrics: false }), port).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ operation: 'serveMetrics', argument: 'port', message: expect.stringContaining(`${port} on 127.0.0.1 is in use`) });
  });
});

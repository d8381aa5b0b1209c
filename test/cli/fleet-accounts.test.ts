import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { FleetStatus } from '../../src/fleet/fleet-status.js';
import { startFastSim } from '../client/helpers.js';
import { useRedis } from '../redis/fleet/use-redis.js';
import { perTest } from '../support/per-test.js';
import { jsonLines, newSessionKey, runInProcess } from './fleet-support.js';
import { STACK_LINE } from './run-cli.js';

const redis = useRedis();
const after = perTest();

beforeEach(() => {
  vi.stubEnv('WECHAT_RX_SESSION_KEY', newSessionKey());
  return () => vi.unstubAllEnvs();
});

const fleetArgs = () => ['--redis', redis.server.url, '--shards', '4'];

describe('wechat-rx fleet add-account and fleet status, with a poller running', () => {
  it('adds an account on the simulator, the running poller takes it up, and status shows it online under that poller', async () => {
    const sim = after.closeAfter(await startFastSim(), (s) => s.close());
    const poller = runInProcess(['fleet', ...fleetArgs(), '--role', 'poller', '--server', sim.origin, '--ttl', '2000', '--json']);
    after.closeAfter(poller, (run) => run.closeOutput());
    await poller.waitFor((out) => (out.match(/poller took shard/g) ?? []).length === 4);
    const holder = jsonLines(poller.stdout()).find((line) => typeof line.holder === 'string')?.holder;

    const add = runInProcess(['fleet', 'add-account', ...fleetArgs(), '--server', sim.origin, '--account', 'sales-1']);
    expect(await add.exited).toBe(0);
    const lines = add.stdout().trimEnd().split('\n');
    expect(lines[0]).toBe('• adding a Web WeChat account to the fleet (namespace wx, 4 shards)');
    expect(lines).toContain('• scan the QR code with WeChat on your phone');
    expect(lines).toContain('• logged in: saving the session to the fleet');
    expect(lines.at(-1)).toMatch(/^• added sales-1 \(web\) to shard \d; the poller holding it took it up$/);
    await poller.waitFor((out) => out.includes('account sales-1 (web) is online'));

    const status = runInProcess(['fleet', 'status', ...fleetArgs()]);
    expect(await status.exited).toBe(0);
    const text = status.stdout();
    expect(text).toContain('fleet wx: 4 shards, 1 account, 1 poller, 0 workers (group bots)');
    expect(text).toContain('accounts as their pollers last recorded them: 1 online');
    expect(text).toContain(`pollers: ${String(holder)} (4 shards)`);
    expect(text).toContain('shards without a poller: none');
    const shard = /^• added sales-1 \(web\) to shard (\d)/m.exec(add.stdout())![1]!;
    expect(text).toMatch(new RegExp(`^  ${shard} +${String(holder).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} +\\d+ +1 +`, 'm'));

    const again = runInProcess(['fleet', 'add-account', ...fleetArgs(), '--server', sim.origin, '--account', 'sales-1']);
    expect(await again.exited).toBe(1);
    expect(again.stderr().trimEnd()).toBe('error: The fleet already has an account named sales-1; nothing was changed. Give the new one another --account.');
    expect(again.stderr()).not.toMatch(STACK_LINE);
  }, 60_000);

  it('status --json prints the FleetStatus: every shard, its owner, and the accounts per state', async () => {
    const sim = after.closeAfter(await startFastSim(), (s) => s.close());
    const poller = runInProcess(['fleet', ...fleetArgs(), '--role', 'both', '--server', sim.origin]);
    after.closeAfter(poller, (run) => run.closeOutput());
    await poller.waitFor((out) => (out.match(/poller took shard/g) ?? []).length === 4);
    expect(await runInProcess(['fleet', 'add-account', ...fleetArgs(), '--server', sim.origin, '--account', 'a1']).exited).toBe(0);
    await poller.waitFor((out) => out.includes('account a1 (web) is online'));

    const status = runInProcess(['fleet', 'status', ...fleetArgs(), '--json']);
    expect(await status.exited).toBe(0);
    const lines = status.stdout().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const parsed = JSON.parse(lines[0]!) as FleetStatus;
    expect(parsed).toMatchObject({ namespace: 'wx', shardCount: 4, accounts: { total: 1, online: 1 } });
    expect(parsed.pollers).toHaveLength(1);
    expect(parsed.workers).toEqual(parsed.pollers);
    expect(parsed.shards.map((s) => s.shard)).toEqual([0, 1, 2, 3]);
    for (const shard of parsed.shards) expect(shard.owner?.holder).toBe(parsed.pollers[0]);
    expect(parsed.shards.reduce((sum, s) => sum + s.accounts, 0)).toBe(1);
  }, 60_000);
});

describe('wechat-rx fleet --sim', () => {
  it('adds the accounts sim-1 and sim-2 on the embedded simulator, and the demo bot answers their friends on both', async () => {
    vi.stubEnv('WECHAT_RX_SESSION_KEY', '');
    const run = runInProcess(['fleet', ...fleetArgs(), '--role', 'both', '--sim', '2']);
    after.closeAfter(run, (r) => r.closeOutput());
    await run.waitFor((out) => /^→ sim-1 to .+: "/m.test(out) && /^→ sim-2 to .+: "/m.test(out), 40_000);
    expect(run.stderr()).toContain('WECHAT_RX_SESSION_KEY is not set: the simulated sessions are sealed with a throwaway key for this run');
    const out = run.stdout();
    expect(out).toMatch(/^• added sim-1 to the fleet \(shard \d\)$/m);
    expect(out).toMatch(/^• added sim-2 to the fleet \(shard \d\)$/m);
    expect(out).toMatch(/^• simulator: .+ writes "ping" to sim-1$/m);
    expect(out).toMatch(/^← sim-1: .+: "ping"$/m);
    expect(out).toMatch(/^→ sim-1 to .+: "pong"$/m);
    expect(out).toMatch(/^← sim-2: .+: "(ping|hello from the simulator|help)"$/m);
    expect(await run.closeOutput()).toBe(0);
    expect(run.stderr()).not.toMatch(STACK_LINE);

    const status = runInProcess(['fleet', 'status', ...fleetArgs(), '--json']);
    expect(await status.exited).toBe(0);
    expect((JSON.parse(status.stdout()) as FleetStatus).accounts.total).toBe(2);
    expect(await redis.client.keys('*:lease')).toEqual([]);
  }, 60_000);

  it('adds its accounts under names the fleet does not have yet: a second run adds sim-2', async () => {
    const first = runInProcess(['fleet', ...fleetArgs(), '--role', 'poller', '--sim', '1']);
    after.closeAfter(first, (r) => r.closeOutput());
    await first.waitFor((out) => out.includes('• added sim-1 to the fleet'), 30_000);
    expect(await first.closeOutput()).toBe(0);
    const second = runInProcess(['fleet', ...fleetArgs(), '--role', 'poller', '--sim', '1']);
    after.closeAfter(second, (r) => r.closeOutput());
    await second.waitFor((out) => out.includes('• added sim-2 to the fleet'), 30_000);
    expect(second.stdout()).not.toContain('added sim-1');
  }, 60_000);
});

describe('wechat-rx fleet and a Redis that wants a password', () => {
  it('says Redis refused the client and what to check, exit code 1', async () => {
    await redis.client.configSet('requirepass', 'right-password');
    try {
      const status = runInProcess(['fleet', 'status', ...fleetArgs()]);
      expect(await status.exited).toBe(1);
      expect(status.stderr().trimEnd()).toMatch(/^error: Redis at \/.+\/redis\.sock refused this client \(NOAUTH\): check the user and password in --redis/);
    } finally {
      await redis.client.configSet('requirepass', '');
    }
  });
});

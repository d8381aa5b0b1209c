import { beforeAll, describe, expect, it } from 'vitest';
import { startFastSim } from '../client/helpers.js';
import { useRedis } from '../redis/fleet/use-redis.js';
import { perTest } from '../support/per-test.js';
import { buildPackage } from './build.js';
import { newSessionKey } from './fleet-support.js';
import { runCli, STACK_LINE, stopRun } from './run-cli.js';

const redis = useRedis();
const after = perTest();
beforeAll(buildPackage, 120_000);

const env = () => ({ WECHAT_RX_SESSION_KEY: newSessionKey() });
const leasesHeld = (output: string, role: string) => (output.match(new RegExp(`^• ${role} took shard`, 'gm')) ?? []).length;

describe('wechat-rx fleet as a process', () => {
  it('on SIGTERM releases its shards (poller and worker leases gone from Redis) and exits with code 0', async () => {
    // A long TTL: leases still there after the exit could only be gone because the process released them.
    const run = runCli(['fleet', '--redis', redis.server.url, '--role', 'both', '--shards', '4', '--ttl', '60000', '--metrics-port', '0'], env());
    after.closeAfter(run, stopRun);
    await run.waitFor((output) => leasesHeld(output, 'poller') === 4 && leasesHeld(output, 'worker') === 4, 30_000);
    expect(await redis.client.get('{wx:0}:lease')).not.toBeNull();
    expect(await redis.client.keys('*:lease')).toHaveLength(8);

    const metricsUrl = /metrics for Prometheus on (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(run.stdout())?.[1];
    expect(metricsUrl).toBeDefined();
    expect(await (await fetch(metricsUrl!)).text()).toMatch(/^wechatrx_fleet_shards_held\{.*role="poller".*\} 4$/m);

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.stdout().trimEnd().split('\n').at(-1)).toBe("• stopped by SIGTERM: releasing this process's shards");
    expect(run.stderr()).toBe('');
    expect(await redis.client.get('{wx:0}:lease')).toBeNull();
    expect(await redis.client.keys('*:lease')).toEqual([]);
    expect(await redis.client.zRange('wx:processes', 0, -1)).toEqual([]);
  }, 60_000);

  it('--json | head: stops at its next line once the reader is gone, exit code 0, without a stack', async () => {
    // --sim: the simulated friends keep it writing, as a busy fleet does.
    const run = runCli(['fleet', '--redis', redis.server.url, '--role', 'both', '--sim', '1', '--shards', '4', '--json'], {});
    after.closeAfter(run, stopRun);
    await run.waitFor((output) => output.includes('simulator: '), 30_000);
    for (const line of run.stdout().trimEnd().split('\n')) expect(JSON.parse(line)).toHaveProperty('kind');
    run.child.stdout.destroy();
    const closed = Date.now();
    expect(await run.exited).toBe(0);
    expect(Date.now() - closed).toBeLessThan(15_000);
    expect(run.stderr()).not.toMatch(STACK_LINE);
    expect(run.stderr()).not.toMatch(/EPIPE|Error/);
  }, 60_000);

  it('add-account: Ctrl-C before the scan adds nothing and exits with 130', async () => {
    const sim = after.closeAfter(await startFastSim({ autoConfirm: false }), (s) => s.close());
    const run = runCli(['fleet', 'add-account', '--redis', redis.server.url, '--server', sim.origin, '--account', 'later'], env());
    after.closeAfter(run, stopRun);
    await run.waitFor((output) => output.includes('scan the QR code with WeChat on your phone'), 30_000);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    expect(run.stderr()).toContain('cancelled (Ctrl-C): no account was added');
    expect(run.stderr()).not.toMatch(STACK_LINE);
    expect(await redis.client.keys('*:accts')).toEqual([]);
  }, 60_000);
});

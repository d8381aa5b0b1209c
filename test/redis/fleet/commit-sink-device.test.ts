import { filter, firstValueFrom, type Subscription, timeout } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { connectDevice, type DeviceClient } from '../../../src/device/client.js';
import type { DeviceCommitState } from '../../../src/device/commit.js';
import type { DeviceMessage } from '../../../src/device/messages.js';
import type { DeviceState } from '../../../src/device/types.js';
import { CommitFailedError } from '../../../src/errors/commit-failed-error.js';
import { FencedOutError } from '../../../src/redis/fenced-out-error.js';
import { commitKeys, redisCommitSink } from '../../../src/redis/fleet/commit-sink.js';
import { acquireLease, type Lease, releaseLease } from '../../../src/redis/fleet/lease.js';
import { type DeviceSimulator, startDeviceSimulator } from '../../../src/testing/device-simulator/index.js';
import { sleep, useRedis } from './use-redis.js';

const redis = useRedis();
let sim: DeviceSimulator | undefined;
const clients: DeviceClient[] = [];
const subscriptions: Subscription[] = [];
afterEach(async () => {
  for (const subscription of subscriptions.splice(0)) subscription.unsubscribe();
  for (const client of clients.splice(0)) client.close();
  await sim?.close();
  sim = undefined;
});

const ACCOUNT = 'wxid_sim_self';

async function acquired(holder: string): Promise<Lease> {
  const result = await acquireLease(redis.client, { shard: 1, holder, ttlMs: 10_000 });
  if (!result.acquired) throw new Error(`${holder} did not get the shard`);
  return result.lease;
}

/** A client of the simulator committing through a Redis sink with `lease`; returns it and what it delivers. */
function committingClient(simulator: DeviceSimulator, lease: Lease): { client: DeviceClient; delivered: DeviceMessage[] } {
  const sink = redisCommitSink<DeviceMessage, DeviceCommitState>(redis.client, { lease, encodeState: (state) => JSON.stringify(state) });
  const client = connectDevice({ host: simulator.host, port: simulator.port, credential: 'IMEI0001', reconnect: { initialDelay: 10, maxDelay: 50 }, sink });
  clients.push(client);
  const delivered: DeviceMessage[] = [];
  subscriptions.push(client.messages$.subscribe((message) => delivered.push(message)));
  return { client, delivered };
}

const online = (c: DeviceClient) => firstValueFrom(c.state$.pipe(filter((s) => s.status === 'online' && s.accounts.length > 0), timeout(5000)));
const entriesOf = async (key: string) => (await redis.client.xRange(key, '-', '+')) ?? [];
const textOf = (json: string | undefined) => (JSON.parse(json!) as { text: string }).text;

async function waitFor(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let tries = 0; !(await check()); tries++) {
    if (tries > 200) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

describe('the device client with a Redis commit sink', () => {
  it('appends every message once, each before the client delivers and acknowledges it', async () => {
    sim = await startDeviceSimulator();
    const lease = await acquired('a');
    const { client, delivered } = committingClient(sim, lease);
    const keys = commitKeys(lease, ACCOUNT);
    const inStreamWhenDelivered: Promise<boolean>[] = [];
    subscriptions.push(
      client.messages$.subscribe((message) => {
        inStreamWhenDelivered.push(entriesOf(keys.events).then((entries) => entries.some((entry) => entry.message.id === message.id)));
      }),
    );
    await online(client);
    for (let i = 0; i < 30; i++) sim.sendMessage({ friendId: 'wxid_friend', content: String(i), msgSvrId: `72000000000000000${10 + i}` });
    sim.sendMessage({ friendId: 'wxid_friend', content: 'a repeat of 0', msgSvrId: '7200000000000000010' });
    await waitFor(() => delivered.length === 30 && sim!.pendingNotices() === 0, 'every message acknowledged');

    const entries = await entriesOf(keys.events);
    expect(entries.map((entry) => textOf(entry.message.message))).toEqual(Array.from({ length: 30 }, (_, i) => String(i)));
    expect(entries.every((entry) => entry.message.account === ACCOUNT && entry.message.chat === 'wxid_friend')).toBe(true);
    expect(await Promise.all(inStreamWhenDelivered)).toEqual(Array(30).fill(true));
    const state = JSON.parse((await redis.client.get(keys.state))!) as DeviceCommitState;
    expect(state).toEqual({ address: sim.address, acknowledges: [delivered[29]!.device.frameId] });
    const stored = JSON.stringify(entries) + JSON.stringify(state);
    expect(stored).not.toContain('IMEI0001');
    expect(stored).not.toContain('sim-token');
  }, 15_000);

  it('ends with CommitFailedError once another process took the shard; the new owner gets the message', async () => {
    sim = await startDeviceSimulator();
    const lease = await acquired('a');
    const first = committingClient(sim, lease);
    await online(first.client);
    await releaseLease(redis.client, lease);
    const taken = await acquired('b');
    const ended = firstValueFrom(
      first.client.state$.pipe(filter((s): s is Extract<DeviceState, { status: 'disconnected' }> => s.status === 'disconnected' && s.reason.type === 'failed'), timeout(5000)),
    );
    sim.sendMessage({ friendId: 'wxid_friend', content: 'lost?' });

    const { reason } = await ended;
    const error = reason.type === 'failed' ? reason.error : undefined;
    expect(error).toBeInstanceOf(CommitFailedError);
    expect((error as CommitFailedError).cause).toBeInstanceOf(FencedOutError);
    expect(first.delivered).toEqual([]);
    expect(await redis.client.exists(commitKeys(lease, ACCOUNT).events)).toBe(0);
    expect(sim.pendingNotices()).toBe(1);

    const second = committingClient(sim, taken);
    await waitFor(() => second.delivered.length === 1 && sim!.pendingNotices() === 0, 'the message at the new owner');
    const entries = await entriesOf(commitKeys(taken, ACCOUNT).events);
    expect(entries.map((entry) => textOf(entry.message.message))).toEqual(['lost?']);
  }, 15_000);
});

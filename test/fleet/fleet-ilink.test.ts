import { filter, firstValueFrom, lastValueFrom, timeout, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createFleet, type Fleet, type FleetOptions } from '../../src/fleet/index.js';
import { AccountExistsError, FleetCommandError, FleetCommandTimeoutError } from '../../src/redis/fleet-errors.js';
import { startFastIlinkSim } from '../ilink/helpers.js';
import { testKeyring } from '../redis/redis-fixture.js';
import { useRedis } from '../redis/fleet/use-redis.js';
import { perTest } from '../support/per-test.js';

const redis = useRedis();
const after = perTest();
const keyring = testKeyring();
const FAST_ILINK = { sendIntervalMs: 0, qrPollIntervalMs: 10, pollRetry: { delayMs: 20, pauseMs: 50 } };

function fleet(options: Omit<FleetOptions, 'redis' | 'keyring'>): Fleet {
  const made = createFleet({ redis: redis.server.url, keyring, shardCount: 4, ttlMs: 1_000, clientOptions: { ilink: FAST_ILINK }, ...options });
  return after.closeAfter(made, (f) => f.close());
}

describe('a fleet of iLink bots', () => {
  it('names a bot by its bot id, delivers its messages to a worker and answers through its owner', async () => {
    const sim = after.closeAfter(await startFastIlinkSim({ autoConfirm: { delayMs: 5 } }), (s) => s.close());
    const both = fleet({ role: 'both', server: sim.origin });
    after.subscriptions.add(both.events$.subscribe());
    const steps = await lastValueFrom(both.addAccount({ protocol: 'ilink' }).pipe(toArray(), timeout(15_000)));
    const added = steps.at(-1);
    if (added?.type !== 'added') throw new Error('no account was added');
    expect(added.protocol).toBe('ilink');
    expect(added.account).toMatch(/@im\.bot$/);

    const received = firstValueFrom(both.messages$.pipe(filter((m) => m.kind === 'text' && m.text === 'hi bot'), timeout(15_000)));
    sim.inject({ kind: 'text', from: sim.userId(1), text: 'hi bot', botId: added.account });
    const message = await received;
    expect(message.account).toBe(added.account);
    await lastValueFrom(both.send(added.account, message.chat, 'hello person').pipe(timeout(15_000)));
    expect(sim.sent().some((sent) => JSON.stringify(sent).includes('hello person'))).toBe(true);
  }, 40_000);
});

describe('fleet errors', () => {
  it('refuses an account name the fleet already has, before any login', async () => {
    const sim = after.closeAfter(await startFastIlinkSim({ autoConfirm: { delayMs: 5 } }), (s) => s.close());
    const worker = fleet({ role: 'both', server: sim.origin });
    after.subscriptions.add(worker.events$.subscribe());
    await lastValueFrom(worker.addAccount({ protocol: 'ilink', account: 'bot-a' }).pipe(toArray(), timeout(15_000)));
    const again = lastValueFrom(worker.addAccount({ protocol: 'ilink', account: 'bot-a' }).pipe(toArray(), timeout(15_000)));
    await expect(again).rejects.toBeInstanceOf(AccountExistsError);
  }, 30_000);

  it('reports a send to an account the owner does not have as a FleetCommandError', async () => {
    const both = fleet({ role: 'both' });
    after.subscriptions.add(both.events$.subscribe());
    const error = await lastValueFrom(both.send('nobody', 'chat', 'text').pipe(timeout(15_000))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FleetCommandError);
    expect((error as FleetCommandError).remoteName).toBe('UnknownAccountError');
  }, 20_000);

  it('times a send out when no poller owns the account, with a typed error', async () => {
    const worker = fleet({ role: 'worker', commandTimeoutMs: 300 });
    const error = await lastValueFrom(worker.send('someone', 'chat', 'text')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FleetCommandTimeoutError);
  });

  it('refuses a bad role, shard count and account name at once', () => {
    expect(() => createFleet({ redis: 'redis://127.0.0.1:1', role: 'boss' as never, keyring })).toThrow(/role/);
    expect(() => createFleet({ redis: 'redis://127.0.0.1:1', role: 'poller', shardCount: 0, keyring })).toThrow(/shardCount/);
    const worker = fleet({ role: 'worker' });
    expect(() => worker.addAccount({ account: 'has space' })).toThrow(/account/);
  });
});

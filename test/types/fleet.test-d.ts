import type { Observable } from 'rxjs';
import { describe, expectTypeOf, test } from 'vitest';
import { createUndiciTransport, type BotClient, type SendResult, type WxMessage } from '../../src/index.js';
import { connectRedis, createFleet, isRedisConnectError, type RedisConnectError, type AddAccountStep, type Fleet, type FleetEvent, type FleetMessage, type FleetStatus } from '../../src/fleet/index.js';
import { echoBot } from '../../examples/echo-bot.js';

describe('createFleet', () => {
  test('gives a bot the same messages$ and send it has locally', () => {
    const fleet = createFleet({ redis: 'redis://127.0.0.1:6379', role: 'both' });
    expectTypeOf(fleet).toEqualTypeOf<Fleet>();
    expectTypeOf(fleet.client('sales-1')).toExtend<BotClient>();
    // An example bot written for one client runs on every account unchanged.
    expectTypeOf(fleet.runBot(echoBot)).toEqualTypeOf<Observable<unknown>>();
    expectTypeOf(fleet.messages$).toEqualTypeOf<Observable<FleetMessage>>();
    expectTypeOf<FleetMessage>().toExtend<WxMessage>();
    expectTypeOf<FleetMessage['account']>().toEqualTypeOf<string>();
    expectTypeOf(fleet.send('sales-1', '@chat', 'hi')).toEqualTypeOf<Observable<SendResult>>();
    expectTypeOf(fleet.events$).toEqualTypeOf<Observable<FleetEvent>>();
    expectTypeOf(fleet.addAccount({ protocol: 'ilink' })).toEqualTypeOf<Observable<AddAccountStep>>();
    expectTypeOf(fleet.status()).toEqualTypeOf<Promise<FleetStatus>>();
    expectTypeOf(fleet.close()).toEqualTypeOf<Promise<void>>();
  });

  test('refuses what is not a role or a protocol', () => {
    // @ts-expect-error the roles are poller, worker and both
    createFleet({ redis: 'redis://127.0.0.1:6379', role: 'leader' });
    const fleet = createFleet({ redis: 'redis://127.0.0.1:6379', role: 'worker' });
    // @ts-expect-error the fleet runs Web and iLink accounts
    fleet.addAccount({ protocol: 'device' });
    // @ts-expect-error one transport object would hold every Web account's cookies: name one instead
    createFleet({ redis: 'redis://127.0.0.1:6379', role: 'both', clientOptions: { web: { transport: createUndiciTransport() } } });
    createFleet({ redis: 'redis://127.0.0.1:6379', role: 'both', clientOptions: { web: { transport: 'ky' }, ilink: { transport: createUndiciTransport() } } });
  });

  test('narrows events by type', () => {
    const event = {} as FleetEvent;
    if (event.type === 'lease') expectTypeOf(event.change).toEqualTypeOf<'acquired' | 'lost' | 'released'>();
    if (event.type === 'account') expectTypeOf(event.account).toEqualTypeOf<string>();
  });
});

describe('connectRedis', () => {
  test('rejects with a RedisConnectError the guard narrows', async () => {
    const failure: unknown = await connectRedis('redis://127.0.0.1:6379', { attemptsAtStart: 2, connectTimeoutMs: 1_000 }).catch((error: unknown) => error);
    if (isRedisConnectError(failure)) {
      expectTypeOf(failure).toEqualTypeOf<RedisConnectError>();
      expectTypeOf(failure.reason).toEqualTypeOf<'refused' | 'unreachable'>();
      expectTypeOf(failure.code).toEqualTypeOf<string>();
    }
    // @ts-expect-error the per-attempt timeout is a number of milliseconds
    void connectRedis('redis://127.0.0.1:6379', { connectTimeoutMs: '5s' });
  });
});

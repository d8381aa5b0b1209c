import { filter, firstValueFrom, lastValueFrom, timeout } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { CommitFailedError } from '../../../src/errors/commit-failed-error.js';
import type { IlinkClient } from '../../../src/ilink/client/client.js';
import type { IlinkClientState } from '../../../src/ilink/client/types.js';
import type { IlinkMessage } from '../../../src/ilink/protocol/messages/ilink-message.js';
import type { IlinkSavedSession } from '../../../src/ilink/session/saved-session.js';
import { ilinkMemoryStore } from '../../../src/ilink/session/stores.js';
import { FencedOutError } from '../../../src/redis/fenced-out-error.js';
import { commitKeys, redisCommitSink } from '../../../src/redis/fleet/commit-sink.js';
import { acquireLease, type Lease, releaseLease } from '../../../src/redis/fleet/lease.js';
import type { IlinkSimulator } from '../../../src/testing/index.js';
import { ilinkClientFor, startFastIlinkSim } from '../../ilink/helpers.js';
import { sleep, useRedis } from './use-redis.js';

const redis = useRedis();
let sim: IlinkSimulator | undefined;
let clients: IlinkClient[] = [];
afterEach(async () => {
  for (const client of clients) await lastValueFrom(client.close(), { defaultValue: undefined });
  clients = [];
  await sim?.close();
  sim = undefined;
});

async function acquired(holder: string): Promise<Lease> {
  const result = await acquireLease(redis.client, { shard: 1, holder, ttlMs: 10_000 });
  if (!result.acquired) throw new Error(`${holder} did not get the shard`);
  return result.lease;
}

/** A client resuming a bot of the simulator, committing through a Redis sink with `lease`. */
function committingClient(simulator: IlinkSimulator, lease: Lease): { client: IlinkClient; botId: string; token: string } {
  const bot = simulator.createBot();
  const saved: IlinkSavedSession = { protocol: 'ilink', version: 1, bot, cursor: '', contextTokens: {}, recentMessageIds: [], savedAt: 0 };
  const sink = redisCommitSink<IlinkMessage, IlinkSavedSession>(redis.client, { lease, encodeState: (state) => JSON.stringify({ cursor: state.cursor }) });
  const client = ilinkClientFor(simulator, { store: ilinkMemoryStore(saved), sink });
  clients.push(client);
  return { client, botId: bot.botId, token: bot.token };
}

async function waitForStream(key: string, length: number): Promise<void> {
  for (let tries = 0; (await redis.client.xLen(key)) < length; tries++) {
    if (tries > 200) throw new Error(`the stream has ${await redis.client.xLen(key)} of ${length} entries`);
    await sleep(25);
  }
}

describe('the iLink client with a commit sink', () => {
  it('appends every message once, each before the client delivers it, and saves the cursor with it', async () => {
    sim = await startFastIlinkSim({ batchSize: 7 });
    const lease = await acquired('a');
    const { client, botId, token } = committingClient(sim, lease);
    const keys = commitKeys(lease, botId);
    const inStreamWhenDelivered: boolean[] = [];
    client.messages$.subscribe((message) => {
      void redis.client.xRange(keys.events, '-', '+').then((entries) => inStreamWhenDelivered.push((entries ?? []).some((entry) => entry.message.id === message.id)));
    });
    await lastValueFrom(client.login$);
    const peer = sim.userId(1);
    for (let i = 0; i < 40; i++) sim.inject({ kind: 'text', from: peer, text: String(i) });
    await waitForStream(keys.events, 40);
    await sleep(300);

    const entries = (await redis.client.xRange(keys.events, '-', '+')) ?? [];
    const texts = entries.map((entry) => (JSON.parse(entry.message.message!) as { text: string }).text);
    expect(texts).toEqual(Array.from({ length: 40 }, (_, i) => String(i)));
    expect(new Set(entries.map((entry) => entry.message.id)).size).toBe(40);
    expect(entries.every((entry) => entry.message.account === botId && entry.message.chat === peer)).toBe(true);
    expect(JSON.stringify(entries)).not.toContain(token);
    expect(JSON.parse((await redis.client.get(keys.state))!)).toMatchObject({ cursor: expect.stringMatching(/.+/) as unknown });
    expect(inStreamWhenDelivered).toHaveLength(40);
    expect(inStreamWhenDelivered.every(Boolean)).toBe(true);
  }, 15_000);

  it('stops with CommitFailedError, delivering and appending nothing, once another process took the shard', async () => {
    sim = await startFastIlinkSim();
    const lease = await acquired('a');
    const { client, botId } = committingClient(sim, lease);
    const delivered: IlinkMessage[] = [];
    client.messages$.subscribe((message) => delivered.push(message));
    await lastValueFrom(client.login$);
    await releaseLease(redis.client, lease);
    await acquired('b');
    const loggedOut = firstValueFrom(client.state$.pipe(filter((state): state is Extract<IlinkClientState, { status: 'logged-out' }> => state.status === 'logged-out'), timeout(10_000)));
    sim.inject({ kind: 'text', from: sim.userId(1), text: 'lost?' });

    const { reason } = await loggedOut;
    const error = reason.type === 'failed' ? reason.error : undefined;
    expect(error).toBeInstanceOf(CommitFailedError);
    expect((error as CommitFailedError).cause).toBeInstanceOf(FencedOutError);
    expect(delivered).toEqual([]);
    expect(await redis.client.exists(commitKeys(lease, botId).events)).toBe(0);
    // The message waits on the server for whoever holds the shard now.
    expect(sim.bot(botId)?.acknowledged).toBeLessThan(sim.bot(botId)?.queued ?? 0);
  }, 15_000);
});

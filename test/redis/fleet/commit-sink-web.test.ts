import { filter, firstValueFrom, lastValueFrom, timeout } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { CommitFailedError } from '../../../src/errors/commit-failed-error.js';
import type { WxMessage } from '../../../src/model/message.js';
import { FencedOutError } from '../../../src/redis/fenced-out-error.js';
import { commitKeys, redisCommitSink } from '../../../src/redis/fleet/commit-sink.js';
import { acquireLease, type Lease, releaseLease } from '../../../src/redis/fleet/lease.js';
import type { ClientState } from '../../../src/web/client/types.js';
import type { SavedSession } from '../../../src/web/session/saved-session.js';
import { clientFor, login, startFastSim } from '../../client/helpers.js';
import { perTest } from '../../support/per-test.js';
import { sleep, useRedis } from './use-redis.js';

const redis = useRedis();
const after = perTest();

async function acquired(holder: string): Promise<Lease> {
  const result = await acquireLease(redis.client, { shard: 5, holder, ttlMs: 10_000 });
  if (!result.acquired) throw new Error(`${holder} did not get the shard`);
  return result.lease;
}

async function committingClient(lease: Lease, batchSize?: number) {
  const sim = after.closeAfter(await startFastSim(batchSize === undefined ? {} : { batchSize }), (s) => s.close());
  const sink = redisCommitSink<WxMessage, SavedSession>(redis.client, { lease, encodeState: (state) => JSON.stringify({ syncKey: state.syncKey }) });
  const client = clientFor(sim, { sink });
  after.closeAfter(client, (c) => lastValueFrom(c.close(), { defaultValue: undefined }));
  await login(client);
  return { sim, client, account: client.user!.UserName };
}

describe('the Web client with a commit sink', () => {
  it('appends every message once, before delivering it, and saves the new sync key with it', async () => {
    const lease = await acquired('a');
    const { sim, client, account } = await committingClient(lease, 3);
    const keys = commitKeys(lease, account);
    const checks: Promise<boolean>[] = [];
    client.messages$.subscribe((message) => {
      checks.push(redis.client.xRange(keys.events, '-', '+').then((entries) => (entries ?? []).some((entry) => entry.message.id === message.id)));
    });
    const friend = sim.world().friends()[0]!;
    for (let i = 0; i < 12; i++) sim.inject({ from: friend.id, text: `t${i}` });
    for (let tries = 0; (await redis.client.xLen(keys.events)) < 13 && tries < 200; tries++) await sleep(25);
    await sleep(300);

    const all = (await redis.client.xRange(keys.events, '-', '+')) ?? [];
    expect(new Set(all.map((entry) => entry.message.id)).size).toBe(all.length);
    expect(all.every((entry) => entry.message.account === account)).toBe(true);
    const injected = all.filter((entry) => /^t\d+$/.test((JSON.parse(entry.message.message!) as { text?: string }).text ?? ''));
    const texts = injected.map((entry) => (JSON.parse(entry.message.message!) as { text: string }).text);
    expect(new Set(injected.map((entry) => entry.message.chat)).size).toBe(1);
    expect(texts).toEqual(Array.from({ length: 12 }, (_, i) => `t${i}`));
    expect(checks).toHaveLength(all.length);
    expect((await Promise.all(checks)).every(Boolean)).toBe(true);
    const saved = JSON.parse((await redis.client.get(keys.state))!) as { syncKey: { List: { Key: number; Val: number }[] } };
    expect(saved.syncKey.List.length).toBeGreaterThan(0);
  }, 15_000);

  it('ends the session with CommitFailedError, delivering and appending nothing, once another process took the shard', async () => {
    const lease = await acquired('a');
    const { sim, client, account } = await committingClient(lease);
    const delivered: WxMessage[] = [];
    client.messages$.subscribe((message) => delivered.push(message));
    await releaseLease(redis.client, lease);
    await acquired('b');
    const loggedOut = firstValueFrom(client.state$.pipe(filter((state): state is Extract<ClientState, { status: 'logged-out' }> => state.status === 'logged-out'), timeout(10_000)));
    sim.inject({ from: sim.world().friends()[0]!.id, text: 'lost?' });

    const { reason } = await loggedOut;
    const error = reason.type === 'failed' ? reason.error : undefined;
    expect(error).toBeInstanceOf(CommitFailedError);
    expect((error as CommitFailedError).cause).toBeInstanceOf(FencedOutError);
    // What the first sync after login committed before the takeover may be there; the text sent after it may not.
    const lost = (text: string) => text.includes('lost?');
    expect(delivered.filter((m) => m.kind === 'text' && lost(m.text))).toEqual([]);
    const entries = (await redis.client.xRange(commitKeys(lease, account).events, '-', '+')) ?? [];
    expect(entries.filter((entry) => lost(JSON.stringify(entry.message)))).toEqual([]);
  }, 15_000);
});

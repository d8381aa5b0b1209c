import { filter, firstValueFrom, lastValueFrom, timeout } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { CommitFailedError } from '../../../src/errors/commit-failed-error.js';
import { FencedOutError } from '../../../src/redis/fenced-out-error.js';
import type { WxMessage } from '../../../src/model/message.js';
import { commitKeys, redisCommitSink } from '../../../src/redis/fleet/commit-sink.js';
import { consumeEvents } from '../../../src/redis/fleet/event-consumer.js';
import { acquireLease, type Lease, renewLease } from '../../../src/redis/fleet/lease.js';
import type { Simulator } from '../../../src/testing/index.js';
import type { WeChatClient } from '../../../src/web/client/client.js';
import type { ClientState } from '../../../src/web/client/types.js';
import type { SessionStore } from '../../../src/web/session/session-store.js';
import { MemorySessionStore } from '../../../src/web/session/memory-session-store.js';
import type { SavedSession } from '../../../src/web/session/saved-session.js';
import { clientFor, login, startFastSim } from '../../client/helpers.js';
import { perTest } from '../../support/per-test.js';
import { sleep, useRedis } from './use-redis.js';

// Every write Redis acknowledged is fsynced first, so a SIGKILL of the server loses none of them.
const redis = useRedis({ appendonly: true, appendfsync: 'always' });
const after = perTest();

const SHARD = 5;
const LEASE_TTL_MS = 1_500;
const CHATS = 3;
const TEXT = /^c\d #\d+$/;

/** Polls `done` every 25 ms; throws naming `what` when it is still false after `ms`. */
async function until(what: string, done: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  for (const deadline = Date.now() + ms; !(await done()); await sleep(25)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
}

/** A text every `everyMs` from each of `CHATS` friends in turn, numbered per chat, until stopped. */
function steadyTexts(sim: Simulator, everyMs: number) {
  const friends = sim.world().friends().slice(0, CHATS);
  const sent = Array.from({ length: CHATS }, () => 0);
  let count = 0;
  const timer = setInterval(() => {
    const chat = count++ % CHATS;
    sim.inject({ from: friends[chat]!.id, text: `c${chat} #${sent[chat]!++}` });
  }, everyMs);
  after.closeAfter(timer, clearInterval);
  return { sent: () => count, perChat: () => [...sent], stop: () => clearInterval(timer) };
}

/** A Web client committing through a Redis sink under `lease`, counting what each commit appended. */
function committingClient(sim: Simulator, lease: Lease, options: { store?: SessionStore; beforeCommit?: () => void } = {}) {
  const sink = redisCommitSink<WxMessage, SavedSession>(redis.client, { lease, encodeState: (state) => JSON.stringify(state) });
  const appended: number[] = [];
  const client = clientFor(sim, {
    ...(options.store === undefined ? {} : { store: options.store }),
    sink: {
      commit: async (batch) => {
        options.beforeCommit?.();
        appended.push(await sink.commitCounted(batch));
      },
    },
  });
  after.closeAfter(client, (c) => lastValueFrom(c.close(), { defaultValue: undefined }));
  const delivered: string[] = [];
  after.subscriptions.add(client.messages$.subscribe((message) => delivered.push(message.id)));
  return { client, appended, delivered, committed: () => appended.reduce((a, b) => a + b, 0) };
}

function loggedOut(client: WeChatClient) {
  return firstValueFrom(client.state$.pipe(filter((state): state is Extract<ClientState, { status: 'logged-out' }> => state.status === 'logged-out'), timeout(10_000)));
}

/** Takes the shard as soon as it is free (an earlier holding may have to expire first) and renews it until stopped. */
async function hold(holder: string): Promise<{ lease: Lease; stopRenewing(): void }> {
  let lease: Lease | undefined;
  await until(`${holder} to get shard ${SHARD}`, async () => {
    const result = await acquireLease(redis.client, { shard: SHARD, holder, ttlMs: LEASE_TTL_MS });
    lease = result.acquired ? result.lease : undefined;
    return result.acquired;
  });
  const renewing = setInterval(() => void renewLease(redis.client, lease!, LEASE_TTL_MS).catch(() => undefined), LEASE_TTL_MS / 5);
  after.closeAfter(renewing, clearInterval);
  return { lease: lease!, stopRenewing: () => clearInterval(renewing) };
}

const streamOf = async (key: string) => (await redis.client.xRange(key, '-', '+')) ?? [];

/** A worker of the shard's stream with its own connections, noting each handling and any delivery after an ack. */
async function startWorker() {
  const acked = new Set<string>();
  const handled = new Map<string, number>();
  const redeliveredAfterAck: string[] = [];
  const connection = await redis.connect();
  after.subscriptions.add(
    consumeEvents(connection, {
      group: 'app',
      consumer: 'w1',
      shards: [SHARD],
      claimIdleMs: 1_000,
      blockMs: 100,
      handler: (event) => {
        if (acked.has(event.id)) redeliveredAfterAck.push(event.id);
        handled.set(event.id, (handled.get(event.id) ?? 0) + 1);
      },
    }).subscribe((event) => {
      if (event.type === 'handled') acked.add(event.id);
    }),
  );
  return { acked, handled, redeliveredAfterAck };
}

/**
 * `between-commits`: Redis dies while texts flow; the commits sent meanwhile wait for it and run once it is back.
 * `mid-commit`: Redis freezes just as a commit is sent, then dies with it unread on its socket.
 */
type Crash = 'between-commits' | 'mid-commit';

async function crashAndResume(crash: Crash) {
  const sim = after.closeAfter(await startFastSim({ batchSize: 4, replayAcknowledged: true }), (s) => s.close());
  const worker = await startWorker();

  // The first poller holds the shard, renewing it until Redis dies under it.
  const holdingA = await hold('a');
  const leaseA = holdingA.lease;
  let frozen = false;
  const first = committingClient(sim, leaseA, {
    beforeCommit: () => {
      if (crash !== 'mid-commit' || frozen || first.committed() < 20) return;
      frozen = true;
      redis.server.pause();
    },
  });
  await login(first.client);
  const account = first.client.user!.UserName;
  const keys = commitKeys(leaseA, account);
  const firstEnded = loggedOut(first.client);

  const texts = steadyTexts(sim, 15);
  await until('the first poller to commit 20 messages', () => (crash === 'mid-commit' ? frozen : first.committed() >= 20));
  const committedByFirst = first.committed();
  // Its keeper would count the lease lost while Redis is unreachable: the renewals stop with the crash.
  holdingA.stopRenewing();
  await redis.server.restart('SIGKILL', async () => {
    const sentAtCrash = texts.sent();
    await until('texts sent while Redis is down', () => texts.sent() >= sentAtCrash + 20);
  });

  // Its commit in flight at the crash fails, or a later one once its lease ran out: either way it stops.
  const { reason } = await firstEnded;
  const failure = reason.type === 'failed' ? reason.error : undefined;
  expect(failure).toBeInstanceOf(CommitFailedError);
  const committedBefore = new Set((await streamOf(keys.events)).map((entry) => entry.message.id));
  // It delivered only what it committed.
  expect(first.delivered.filter((id) => !committedBefore.has(id))).toEqual([]);

  // The supervisor: a new holding once the old one expired, and a new client from the last committed state.
  const { lease: leaseB } = await hold('b');
  expect(leaseB.token).toBeGreaterThan(leaseA.token);
  const saved = await redis.client.get(keys.state);
  expect(saved).not.toBeNull();
  const second = committingClient(sim, leaseB, { store: new MemorySessionStore(JSON.parse(saved!) as SavedSession) });
  const steps = await login(second.client);
  expect(steps).toMatchObject([{ type: 'logged-in', resumed: true }]);

  await until('the second poller to commit 20 messages', () => second.committed() >= 20);
  texts.stop();
  const expected = texts.perChat().flatMap((count, chat) => Array.from({ length: count }, (_, i) => `c${chat} #${i}`));
  const textOf = (json: string | undefined) => (JSON.parse(json ?? '{}') as { text?: string }).text ?? '';
  await until('every text in the stream', async () => (await streamOf(keys.events)).filter((entry) => TEXT.test(textOf(entry.message.message))).length >= expected.length);
  const entries = await streamOf(keys.events);
  // An ack whose answer the crash swallowed counts too: handled, and no longer pending.
  await until('the worker to handle every entry', async () => entries.every((entry) => worker.handled.has(entry.id)) && (await redis.client.xPending(keys.events, 'app')).pending === 0);

  // Nothing lost, nothing twice, in order per chat.
  expect(new Set(entries.map((entry) => entry.message.id)).size).toBe(entries.length);
  const streamTexts = entries.map((entry) => textOf(entry.message.message)).filter((text) => TEXT.test(text));
  expect([...streamTexts].sort()).toEqual([...expected].sort());
  for (let chat = 0; chat < CHATS; chat++) {
    expect(streamTexts.filter((text) => text.startsWith(`c${chat} `))).toEqual(expected.filter((text) => text.startsWith(`c${chat} `)));
  }
  // The resumed session neither received again nor appended anything committed before it.
  expect(second.delivered.filter((id) => committedBefore.has(id))).toEqual([]);
  expect(second.committed()).toBe(entries.length - committedBefore.size);
  // The worker: none delivered again once its ack was confirmed.
  expect(worker.redeliveredAfterAck).toEqual([]);
  return { failure: failure as CommitFailedError, committedByFirst, committedBefore: committedBefore.size };
}

describe('the event stream across a Redis crash (kill -9) and restart', () => {
  it('texts flowing: the first poller stops at its first failed commit, the next resumes from its last commit, nothing lost or twice', async () => {
    await crashAndResume('between-commits');
  }, 30_000);

  it('a commit in flight: it fails with the connection, unwritten, and its batch comes again to the next poller', async () => {
    const { failure, committedByFirst, committedBefore } = await crashAndResume('mid-commit');
    expect(failure.cause).not.toBeInstanceOf(FencedOutError);
    expect(committedBefore).toBe(committedByFirst);
  }, 30_000);
});

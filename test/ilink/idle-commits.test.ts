import { randomBytes } from 'node:crypto';
import { lastValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { IlinkClient } from '../../src/ilink/client/client.js';
import { EMPTY_COMMIT_INTERVAL_MS } from '../../src/ilink/client/lifecycle.js';
import type { IlinkMessage } from '../../src/ilink/protocol/messages/ilink-message.js';
import type { IlinkSavedSession } from '../../src/ilink/session/saved-session.js';
import { ilinkMemoryStore } from '../../src/ilink/session/stores.js';
import type { CommitBatch } from '../../src/session/commit-sink.js';
import type { IlinkSimulator } from '../../src/testing/index.js';
import { ilinkClientFor, startFastIlinkSim } from './helpers.js';

let sim: IlinkSimulator | undefined;
let client: IlinkClient | undefined;
afterEach(async () => {
  if (client !== undefined) await lastValueFrom(client.close(), { defaultValue: undefined });
  await sim?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('an iLink client with a commit sink, idle', () => {
  it('commits empty answers once per interval, and every answer with messages at once', async () => {
    sim = await startFastIlinkSim({ updatesHoldMs: 50 });
    let clock = Date.now();
    const env = { now: () => clock, randomBytes: (size: number) => randomBytes(size), random: () => 0 };
    const batches: CommitBatch<IlinkMessage, IlinkSavedSession>[] = [];
    const bot = sim.createBot();
    const saved: IlinkSavedSession = { protocol: 'ilink', version: 1, bot, cursor: '', contextTokens: {}, recentMessageIds: [], savedAt: 0 };
    client = ilinkClientFor(sim, { env, store: ilinkMemoryStore(saved), sink: { commit: async (batch) => void batches.push(batch) } });
    client.messages$.subscribe();
    await lastValueFrom(client.login$);
    await sleep(600); // about ten empty long polls: the session loaded from the store is saved already
    expect(batches.map((batch) => batch.messages.length)).toEqual([]);

    sim.inject({ kind: 'text', from: sim.userId(1), text: 'wake up', botId: bot.botId });
    for (let i = 0; i < 100 && batches.length < 1; i++) await sleep(20);
    expect(batches.map((batch) => batch.messages.length)).toEqual([1]);

    clock += EMPTY_COMMIT_INTERVAL_MS;
    for (let i = 0; i < 100 && batches.length < 2; i++) await sleep(20);
    expect(batches.map((batch) => batch.messages.length)).toEqual([1, 0]);
    expect(batches[1]!.state.cursor).not.toBe(batches[0]!.state.cursor);
  });
});

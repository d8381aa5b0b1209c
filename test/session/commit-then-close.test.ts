import { filter, firstValueFrom, lastValueFrom, timeout } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { IlinkMessage } from '../../src/ilink/protocol/messages/ilink-message.js';
import type { IlinkSavedSession } from '../../src/ilink/session/saved-session.js';
import { ilinkMemoryStore } from '../../src/ilink/session/stores.js';
import type { WxMessage } from '../../src/model/message.js';
import type { CommitBatch, CommitSink } from '../../src/session/commit-sink.js';
import { MemorySessionStore } from '../../src/web/session/memory-session-store.js';
import type { SavedSession } from '../../src/web/session/saved-session.js';
import { clientFor, login, startFastSim } from '../client/helpers.js';
import { collect, ilinkClientFor, startFastIlinkSim, textOf } from '../ilink/helpers.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A sink whose commits of a batch with messages wait until the test settles them; empty ones pass at once. */
class HeldSink<TMessage, TState> implements CommitSink<TMessage, TState> {
  readonly held: Array<{ readonly batch: CommitBatch<TMessage, TState>; readonly fail: (error: Error) => void }> = [];

  commit(batch: CommitBatch<TMessage, TState>): Promise<void> {
    if (batch.messages.length === 0) return Promise.resolve();
    return new Promise((_, reject) => this.held.push({ batch, fail: reject }));
  }

  async firstHeld(): Promise<CommitBatch<TMessage, TState>> {
    for (let i = 0; i < 200 && this.held.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    if (this.held.length === 0) throw new Error('no commit came');
    return this.held[0]!.batch;
  }
}

const passing = <TMessage, TState>(): CommitSink<TMessage, TState> => ({ commit: () => Promise.resolve() });

describe('a client closed while a commit is out, which then fails', () => {
  it('iLink: saves the session as committed, so the next run gets the message', async () => {
    const sim = await startFastIlinkSim();
    cleanups.push(() => sim.close());
    const bot = sim.createBot();
    const store = ilinkMemoryStore({ protocol: 'ilink', version: 1, bot, cursor: '', contextTokens: {}, recentMessageIds: [], savedAt: 0 });
    const sink = new HeldSink<IlinkMessage, IlinkSavedSession>();
    const first = ilinkClientFor(sim, { store, sink });
    first.messages$.subscribe();
    await lastValueFrom(first.login$);
    sim.inject({ kind: 'text', from: sim.userId(1), text: 'only once', botId: bot.botId });
    const batch = await sink.firstHeld();
    const closed = lastValueFrom(first.close(), { defaultValue: undefined });
    sink.held[0]!.fail(new Error('Redis went away'));
    await closed;

    const saved = await store.load();
    expect(saved?.recentMessageIds).not.toContain(batch.messages[0]!.id);
    expect(saved?.cursor).not.toBe(batch.state.cursor);
    const second = ilinkClientFor(sim, { store, sink: passing() });
    cleanups.push(() => lastValueFrom(second.close(), { defaultValue: undefined }));
    const got = collect(second.messages$, 1);
    await lastValueFrom(second.login$);
    expect((await got).map(textOf)).toEqual(['only once']);
  }, 20_000);

  it('Web: saves the session as committed, so the next run gets the message', async () => {
    const sim = await startFastSim();
    cleanups.push(() => sim.close());
    const store = new MemorySessionStore();
    const sink = new HeldSink<WxMessage, SavedSession>();
    const first = clientFor(sim, { store, sink });
    first.messages$.subscribe();
    await login(first);
    const friend = sim.world().friends()[0]!;
    sim.inject({ from: friend.id, text: 'only once' });
    const batch = await sink.firstHeld();
    const closed = lastValueFrom(first.close(), { defaultValue: undefined });
    sink.held[0]!.fail(new Error('Redis went away'));
    await closed;

    const saved = await store.load();
    const id = batch.messages.find((message) => message.kind === 'text')!.id;
    expect(saved?.recentMessageIds).not.toContain(id);
    const second = clientFor(sim, { store, sink: passing() });
    cleanups.push(() => lastValueFrom(second.close(), { defaultValue: undefined }));
    const got = firstValueFrom(second.messages$.pipe(filter((message) => message.kind === 'text' && message.text === 'only once'), timeout(10_000)));
    await login(second);
    expect((await got).id).toBe(id);
  }, 20_000);
});

describe('a client with a commit sink', () => {
  it('iLink: saves through its store only at login, never after a batch (the commit saved it)', async () => {
    const sim = await startFastIlinkSim({ updatesHoldMs: 50 });
    cleanups.push(() => sim.close());
    const bot = sim.createBot();
    const inner = ilinkMemoryStore({ protocol: 'ilink', version: 1, bot, cursor: '', contextTokens: {}, recentMessageIds: [], savedAt: 0 });
    let saves = 0;
    const store = { ...inner, load: () => inner.load(), clear: () => inner.clear(), save: (state: IlinkSavedSession) => (saves++, inner.save(state)) };
    const client = ilinkClientFor(sim, { store, sink: passing() });
    cleanups.push(() => lastValueFrom(client.close(), { defaultValue: undefined }));
    client.messages$.subscribe();
    const got = collect(client.messages$, 1);
    await lastValueFrom(client.login$);
    sim.inject({ kind: 'text', from: sim.userId(1), text: 'hello', botId: bot.botId });
    await got;
    await new Promise((resolve) => setTimeout(resolve, 400)); // several empty long polls
    expect(saves).toBe(1);
  }, 20_000);
});

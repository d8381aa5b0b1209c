import { filter, lastValueFrom, type Subscription } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { IlinkClient } from '../../src/ilink/client/client.js';
import type { IlinkMessage } from '../../src/ilink/protocol/messages/ilink-message.js';
import type { IlinkSavedSession } from '../../src/ilink/session/saved-session.js';
import { ilinkMemoryStore } from '../../src/ilink/session/stores.js';
import type { IlinkSimulator } from '../../src/testing/index.js';
import { collect, ilinkClientFor, qrLogin, startFastIlinkSim, textOf } from './helpers.js';

let sim: IlinkSimulator | undefined;
let clients: IlinkClient[] = [];
afterEach(async () => {
  for (const client of clients) await lastValueFrom(client.close(), { defaultValue: undefined });
  clients = [];
  await sim?.close();
  sim = undefined;
});

const texts = (client: IlinkClient) => client.messages$.pipe(filter((m) => m.kind === 'text'));

/** Per chat, the texts in arrival order. */
function byChat(messages: readonly IlinkMessage[]): Map<string, string[]> {
  const chats = new Map<string, string[]>();
  for (const m of messages) chats.set(m.chat, [...(chats.get(m.chat) ?? []), textOf(m) ?? '']);
  return chats;
}

describe('delivery', () => {
  it('delivers 10,000 messages exactly once and in order per chat, duplicates dropped', async () => {
    sim = await startFastIlinkSim({ batchSize: 200, duplicateRate: 0.05 });
    const client = ilinkClientFor(sim);
    clients.push(client);
    await qrLogin(client, sim);
    const received = collect(texts(client), 10_000, 60_000);
    const peers = [1, 2, 3, 4].map((i) => sim!.userId(i));
    for (let i = 0; i < 2500; i++) for (const peer of peers) sim.inject({ kind: 'text', from: peer, text: `${peer}:${i}` });
    const messages = await received;
    expect(new Set(messages.map((m) => m.id)).size).toBe(10_000);
    const chats = byChat(messages);
    for (const peer of peers) expect(chats.get(peer)).toEqual(Array.from({ length: 2500 }, (_, i) => `${peer}:${i}`));
  }, 60_000);

  it('after a hard kill, a client resumed from the last save loses nothing and repeats at most one batch', async () => {
    const batchSize = 20;
    sim = await startFastIlinkSim({ batchSize });
    const store = ilinkMemoryStore();
    const first = ilinkClientFor(sim, { store });
    await qrLogin(first, sim);
    const peer = sim.userId(1);
    const before: IlinkMessage[] = [];
    let killed: IlinkSavedSession | undefined;
    const total = 300;
    const kill = new Promise<void>((resolve) => {
      const subscription: Subscription = texts(first).subscribe((message) => {
        before.push(message);
        if (before.length < 150) return;
        // What a killed process leaves behind: the last completed save. Nothing more runs in it.
        void store.load().then((saved) => {
          killed = saved;
          resolve();
        });
        subscription.unsubscribe();
      });
    });
    for (let i = 0; i < total; i++) sim.inject({ kind: 'text', from: peer, text: String(i) });
    await kill;
    const second = ilinkClientFor(sim, { store: ilinkMemoryStore(killed) });
    clients.push(second);
    const after: IlinkMessage[] = [];
    const done = new Promise<void>((resolve) => {
      second.messages$.subscribe((message) => {
        after.push(message);
        if (new Set([...before, ...after].map(textOf)).size === total) resolve();
      });
    });
    expect((await lastValueFrom(second.login$)).type).toBe('logged-in');
    await done;
    const repeated = after.filter((m) => before.some((b) => b.id === m.id));
    expect(repeated.length).toBeLessThanOrEqual(batchSize);
    expect(after.map(textOf)).toEqual(Array.from({ length: after.length }, (_, i) => String(total - after.length + i)));
  }, 30_000);

  it('a close in the middle of a batch (from a handler) resumes with neither a gap nor a repeat', async () => {
    sim = await startFastIlinkSim({ batchSize: 50 });
    const store = ilinkMemoryStore();
    const first = ilinkClientFor(sim, { store });
    await qrLogin(first, sim);
    const peer = sim.userId(1);
    const before: string[] = [];
    const closed = new Promise<void>((resolve) => {
      texts(first).subscribe((message) => {
        before.push(textOf(message)!);
        if (before.length === 25) void lastValueFrom(first.close(), { defaultValue: undefined }).then(resolve);
      });
    });
    for (let i = 0; i < 100; i++) sim.inject({ kind: 'text', from: peer, text: String(i) });
    await closed;
    const second = ilinkClientFor(sim, { store });
    clients.push(second);
    const rest = collect(texts(second), 100 - before.length);
    await lastValueFrom(second.login$);
    expect([...before, ...(await rest).map((m) => textOf(m)!)]).toEqual(Array.from({ length: 100 }, (_, i) => String(i)));
  });
});

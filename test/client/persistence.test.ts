import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filter, firstValueFrom, lastValueFrom, take, timeout } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { perTest } from '../support/per-test.js';
import type { WxEvent } from '../../src/model/events.js';
import { SessionStoreError } from '../../src/errors/session-store-error.js';
import { createKyTransport } from '../../src/http/ky-transport.js';
import { createUndiciTransport } from '../../src/http/undici-transport.js';
import { FileSessionStore } from '../../src/web/session/file-session-store.js';
import { MemorySessionStore } from '../../src/web/session/memory-session-store.js';
import type { SavedSession } from '../../src/web/session/saved-session.js';
import { clientFor, collect, login, startFastSim, textOf } from './helpers.js';

const after = perTest();
const fastSim = async (options: Parameters<typeof startFastSim>[0] = {}) => after.closeAfter(await startFastSim(options), (s) => s.close());

/** A store that remembers every session it was given. */
class RecordingStore extends MemorySessionStore {
  readonly saves: SavedSession[] = [];
  override save(session: SavedSession): Promise<void> {
    this.saves.push(session);
    return super.save(session);
  }
}

describe('the session is saved after every batch', () => {
  it('each delivered batch is in a save before the next batch is delivered', async () => {
    const sim = await fastSim({ batchSize: 2 });
    const store = new RecordingStore();
    const client = clientFor(sim, { store });
    await login(client);
    const friend = sim.world().friends()[0]!;
    const texts = ['a', 'b', 'c', 'd', 'e', 'f'];
    const checked: string[] = [];
    const done = collect(client.messages$.pipe(filter((m) => m.kind === 'text')), texts.length, 10_000, (m) => {
      // Every earlier text of another batch is already saved when this one is delivered.
      const saved = new Set(store.saves.at(-1)?.recentMessageIds ?? []);
      checked.push(`${textOf(m)}:${[...texts.slice(0, texts.indexOf(textOf(m)))].filter((t) => !saved.has(idOf.get(t) ?? '')).length}`);
    });
    const idOf = new Map<string, string>();
    const injected = texts.map((text) => ({ text, id: sim.inject({ from: friend.id, text }).msgIds[0]! }));
    for (const { text, id } of injected) idOf.set(text, id);
    await done;
    // Two events per batch: at most the other text of the same batch is unsaved when a text is delivered.
    const unsaved = checked.map((c) => Number(c.split(':')[1]));
    expect(unsaved).toHaveLength(texts.length);
    expect(Math.max(...unsaved)).toBeLessThanOrEqual(1);
    await lastValueFrom(client.close(), { defaultValue: undefined });
  });

  it('a failed save is a store-problem event; messages keep coming and the next batch saves again', async () => {
    const sim = await fastSim();
    let failNext = false;
    const store = new RecordingStore();
    const save = store.save.bind(store);
    store.save = (session) => (failNext ? ((failNext = false), Promise.reject(new SessionStoreError('save', 'disk full', { path: '/x' }))) : save(session));
    const client = clientFor(sim, { store });
    const problems: WxEvent[] = [];
    after.subscriptions.add(client.events$.pipe(filter((e) => e.type === 'store-problem')).subscribe((e) => problems.push(e)));
    await login(client);
    const friend = sim.world().friends()[0]!;
    failNext = true;
    const first = firstValueFrom(client.messages$.pipe(filter((m) => textOf(m) === 'one'), timeout(5000)));
    sim.inject({ from: friend.id, text: 'one' });
    await first;
    const second = firstValueFrom(client.messages$.pipe(filter((m) => textOf(m) === 'two'), timeout(5000)));
    sim.inject({ from: friend.id, text: 'two' });
    const two = await second;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(problems).toMatchObject([{ type: 'store-problem', error: { operation: 'save', reason: 'disk full' } }]);
    expect(store.saves.at(-1)?.recentMessageIds).toContain(two.id);
    await lastValueFrom(client.close(), { defaultValue: undefined });
  });
});

describe('a transport of your own', () => {
  const cookieNames = (saved: SavedSession | undefined): string[] =>
    ((JSON.parse(JSON.stringify(saved?.cookies ?? {})) as { cookies?: { key: string }[] }).cookies ?? []).map((c) => c.key);

  for (const [name, make] of [
    ['undici', createUndiciTransport],
    ['ky', createKyTransport],
  ] as const) {
    it(`${name}: its cookies are saved with the session and put back into a new one of its kind to resume`, async () => {
      const sim = await fastSim();
      const store = new RecordingStore();
      const first = after.closeAfter(make(), (t) => t.close());
      const client = clientFor(sim, { store, transport: first });
      await login(client);
      await lastValueFrom(client.close(), { defaultValue: undefined });
      // The session's cookies are the transport's: the push host refuses a jar without wxsid and wxuin (1102).
      expect(cookieNames(store.saves.at(-1))).toEqual(expect.arrayContaining(['wxsid', 'wxuin', 'webwx_data_ticket']));

      // Another process: a fresh transport with an empty jar, the same store.
      const second = after.closeAfter(make(), (t) => t.close());
      const resumed = clientFor(sim, { store, transport: second, relogin: false });
      const steps = await login(resumed);
      expect(steps).toMatchObject([{ type: 'logged-in', resumed: true }]);
      expect(second.jar.get('wxsid', sim.origin)).toBeDefined();
      const text = firstValueFrom(resumed.messages$.pipe(filter((m) => textOf(m) === 'after resume'), timeout(5000)));
      sim.inject({ from: sim.world().friends()[0]!.id, text: 'after resume' });
      await text;
      await lastValueFrom(resumed.logout(), { defaultValue: undefined });
      // Logging out drops the cookies of the jar the session used.
      expect(second.jar.get('wxsid', sim.origin)).toBeUndefined();
    });
  }
});

describe('a session that ended', () => {
  it('frees the store before it says logged-out, so a bot may log in again from that handler', async () => {
    const sim = await fastSim();
    const dir = after.closeAfter(await mkdtemp(join(tmpdir(), 'wechat-rx-relogin-')), (d) => rm(d, { recursive: true, force: true }));
    // A file store: its lock is released by removing a file, which takes a turn of the event loop.
    const store = new FileSessionStore(join(dir, 'session.json'));
    const client = clientFor(sim, { store, relogin: false });
    const events = client.events$.subscribe();
    after.closeAfter(client, (c) => lastValueFrom(c.close(), { defaultValue: undefined }));
    after.closeAfter(events, (s) => s.unsubscribe());
    await login(client);
    const again = new Promise<unknown>((resolve) => {
      client.state$.pipe(filter((s) => s.status === 'logged-out' && s.reason.type === 'session-ended'), take(1)).subscribe(() => {
        client.login$.subscribe({ error: resolve, complete: () => resolve('logged in') });
      });
    });
    sim.phone.kick({ code: 1101 });
    expect(await again).toBe('logged in');
    expect(client.user).toBeDefined();
  });
});

describe('a push login after a kick', () => {
  it('keeps the ids the session before it delivered, so a message the server sends again reaches the bot once', async () => {
    const sim = await fastSim();
    const store = new MemorySessionStore();
    const client = clientFor(sim, { store });
    after.closeAfter(client, (c) => lastValueFrom(c.close(), { defaultValue: undefined }));
    const texts = collect(client.messages$.pipe(filter((m) => m.kind === 'text')), 2);
    await login(client);
    const friend = sim.world().friends()[0]!;
    const before = sim.inject({ from: friend.id, text: 'before the kick' }).msgIds[0]!;
    await firstValueFrom(client.messages$.pipe(filter((m) => m.kind === 'text'), timeout(10_000)));
    sim.phone.kick({ code: 1101 });
    await firstValueFrom(client.state$.pipe(filter((s) => s.status === 'reconnecting'), timeout(10_000)));
    await firstValueFrom(client.state$.pipe(filter((s) => s.status === 'online'), timeout(10_000)));
    const afterward = sim.inject({ from: sim.world().friends()[0]!.id, text: 'after the kick' }).msgIds[0]!;
    await texts;
    await lastValueFrom(client.close(), { defaultValue: undefined });
    expect((await store.load())?.recentMessageIds).toEqual(expect.arrayContaining([before, afterward]));
  });
});

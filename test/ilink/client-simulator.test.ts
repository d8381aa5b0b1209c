import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { filter, firstValueFrom, lastValueFrom, tap, timeout, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { echoBot } from '../../examples/echo-bot.js';
import type { IlinkClient } from '../../src/ilink/client/client.js';
import type { IlinkClientState } from '../../src/ilink/client/types.js';
import { MissingContextTokenError } from '../../src/ilink/errors/missing-context-token-error.js';
import { SendRefusedError } from '../../src/ilink/errors/send-refused-error.js';
import type { IlinkSavedSession } from '../../src/ilink/session/saved-session.js';
import { ilinkMemoryStore } from '../../src/ilink/session/stores.js';
import type { IlinkSimulator, IlinkSimulatorOptions } from '../../src/testing/index.js';
import { collect, ilinkClientFor, nextEvent, qrLogin, startFastIlinkSim, textOf } from './helpers.js';

let sim: IlinkSimulator | undefined;
let clients: IlinkClient[] = [];
let dir: string | undefined;
afterEach(async () => {
  for (const client of clients) await lastValueFrom(client.close(), { defaultValue: undefined });
  clients = [];
  await sim?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  sim = dir = undefined;
});

function track(client: IlinkClient): IlinkClient {
  clients.push(client);
  return client;
}

/** A client with a store, logged in, that has received `texts` from one peer; the messages stream is left again. */
async function onlineAfter(
  texts: readonly string[],
  options: IlinkSimulatorOptions = {},
): Promise<{ server: IlinkSimulator; client: IlinkClient; store: ReturnType<typeof ilinkMemoryStore>; peer: string }> {
  const server = (sim = await startFastIlinkSim(options));
  const store = ilinkMemoryStore();
  const client = track(ilinkClientFor(server, { store }));
  await qrLogin(client, server);
  const peer = server.userId(1);
  const received = collect(client.messages$, texts.length);
  for (const text of texts) server.inject({ kind: 'text', from: peer, text });
  await received;
  return { server, client, store, peer };
}

const stateOf = (client: IlinkClient, status: IlinkClientState['status']) =>
  firstValueFrom(client.state$.pipe(filter((state) => state.status === status), timeout(10_000)));

describe('connectIlink against the simulator', () => {
  it('logs in by QR (scan, confirm), resumes from the store without a scan, sends notifystart and notifystop', async () => {
    sim = await startFastIlinkSim();
    const store = ilinkMemoryStore();
    const first = track(ilinkClientFor(sim, { store }));
    const states: string[] = [];
    first.state$.subscribe((state) => states.push(state.status));
    const steps = await qrLogin(first, sim);
    const bot = sim.bot()!;
    expect(steps).toEqual([
      { type: 'qr', qrUrl: expect.stringMatching(/^https?:\/\//), attempt: 1 },
      { type: 'scanned' },
      { type: 'logged-in', botId: bot.botId, userId: sim.userId(0), resumed: false },
    ]);
    expect(states).toEqual(['logged-out', 'waiting-for-scan', 'scanned', 'online']);
    expect(sim.bot()?.online).toBe(true);
    await lastValueFrom(first.close(), { defaultValue: undefined });
    expect(sim.bot()?.online).toBe(false);
    const saved = (await store.load()) as IlinkSavedSession;
    expect(saved).toMatchObject({ protocol: 'ilink', version: 1, bot: { botId: bot.botId, userId: sim.userId(0), baseUrl: sim.origin } });

    const qrFetches = sim.stats().requests['get_bot_qrcode'];
    const second = track(ilinkClientFor(sim, { store }));
    expect(await lastValueFrom(second.login$.pipe(toArray()))).toEqual([{ type: 'logged-in', botId: bot.botId, userId: sim.userId(0), resumed: true }]);
    expect(sim.stats().requests['get_bot_qrcode']).toBe(qrFetches);
    expect(sim.bot()?.online).toBe(true);
    // Subscribing to login$ again once online answers at once.
    expect(await lastValueFrom(second.login$)).toMatchObject({ type: 'logged-in', resumed: true });
  });

  it('answers the pair code and stays on its server through a redirect', async () => {
    sim = await startFastIlinkSim();
    const client = track(ilinkClientFor(sim));
    const steps: string[] = [];
    await lastValueFrom(
      client.login$.pipe(
        tap((step) => {
          steps.push(step.type === 'verify-code' ? `verify-code${step.wrong ? ' (wrong)' : ''}` : step.type);
          if (step.type === 'qr') {
            sim!.requireVerifyCode('424242');
            setTimeout(() => sim!.scan(), 5);
          }
          if (step.type === 'verify-code') step.submit(step.wrong ? '424242' : '000000');
          if (step.type === 'scanned') {
            setTimeout(() => sim!.redirect(), 5);
            setTimeout(() => sim!.confirm(), 60);
          }
        }),
        timeout(10_000),
      ),
    );
    expect(steps).toEqual(['qr', 'verify-code', 'verify-code (wrong)', 'scanned', 'logged-in']);
    expect(new Set(sim.requests().map((r) => r.listener))).toEqual(new Set(['main']));
  });

  it('takes a file path as its store: one client at a time, resumed by the next', async () => {
    sim = await startFastIlinkSim();
    dir = await mkdtemp(join(tmpdir(), 'wechat-rx-ilink-store-'));
    const path = join(dir, 'session.json');
    const first = track(ilinkClientFor(sim, { store: path }));
    await qrLogin(first, sim);
    const rival = track(ilinkClientFor(sim, { store: path }));
    await expect(lastValueFrom(rival.login$)).rejects.toMatchObject({ name: 'SessionLockedError' });
    await lastValueFrom(first.close(), { defaultValue: undefined });
    const next = track(ilinkClientFor(sim, { store: path }));
    expect(await lastValueFrom(next.login$)).toMatchObject({ type: 'logged-in', resumed: true });
  });

  it('a session the store cannot read fails the login, or with onBadSession: login is reported and replaced by a QR login', async () => {
    sim = await startFastIlinkSim();
    const broken = { load: () => Promise.reject(new Error('corrupt')), save: () => Promise.resolve(), clear: () => Promise.resolve() };
    await expect(lastValueFrom(track(ilinkClientFor(sim, { store: broken })).login$)).rejects.toMatchObject({ name: 'SessionStoreError' });
    const client = track(ilinkClientFor(sim, { store: broken, onBadSession: 'login' }));
    const problem = nextEvent(client, 'store-problem');
    expect((await qrLogin(client, sim)).map((step) => step.type)).toEqual(['qr', 'scanned', 'logged-in']);
    expect((await problem).error).toMatchObject({ name: 'SessionStoreError', operation: 'load' });
  });

  it('a saved session whose token died falls back to a QR login without offering the dead token', async () => {
    sim = await startFastIlinkSim();
    const dead = sim.createBot();
    sim.killToken(dead.token);
    const store = ilinkMemoryStore({ protocol: 'ilink', version: 1, bot: dead, cursor: '', contextTokens: {}, recentMessageIds: [], savedAt: 0 });
    const client = track(ilinkClientFor(sim, { store }));
    const steps = await qrLogin(client, sim);
    expect(steps.map((s) => s.type)).toEqual(['qr', 'scanned', 'logged-in']);
    const qrRequests = sim.requests().filter((r) => r.endpoint === 'get_bot_qrcode');
    expect(JSON.stringify(qrRequests)).not.toContain(dead.token);
    expect((await store.load())?.bot.botId).toBe(sim.bot()?.botId);
  });

  it('receives a text once (a duplicate dropped) and answers it with the peer’s context token', async () => {
    sim = await startFastIlinkSim();
    const client = track(ilinkClientFor(sim));
    await qrLogin(client, sim);
    const received = collect(client.messages$, 2);
    const peer = sim.userId(1);
    const injected = sim.inject({ kind: 'text', from: peer, text: 'hello bot', duplicate: true });
    sim.inject({ kind: 'text', from: peer, text: 'second' });
    const [hello, second] = await received;
    expect(hello).toMatchObject({ kind: 'text', text: 'hello bot', id: injected.messageId, chat: peer, from: peer, isSelf: false, isGroup: false });
    expect(textOf(second!)).toBe('second');
    const result = await lastValueFrom(client.send(peer, 'hi back'));
    expect(result).toMatchObject({ chat: peer, confirmed: true, localId: expect.stringMatching(/^wechat-rx:\d+-[0-9a-f]{8}$/) });
    expect(result.msgId).toMatch(/^\d+$/);
    expect(sim.sent().at(-1)).toMatchObject({ to: peer, text: 'hi back', outcome: 'delivered', messageId: result.msgId });
  });

  it('splits a long text into messages of at most 2000 characters, in order; an unconfirmed send says so', async () => {
    sim = await startFastIlinkSim({ overlongText: 'refuse' });
    const client = track(ilinkClientFor(sim));
    await qrLogin(client, sim);
    const peer = sim.userId(1);
    const arrived = collect(client.messages$, 1);
    sim.inject({ kind: 'text', from: peer, text: 'long please' });
    await arrived;
    const long = Array.from({ length: 60 }, (_, i) => `line ${i} ${'x'.repeat(70)}`).join('\n');
    const results = await lastValueFrom(client.send(peer, long).pipe(toArray()));
    expect(results).toHaveLength(3);
    const texts = sim.sent().slice(-3).map((s) => s.text ?? '');
    expect(texts.join('')).toBe(long);
    expect(Math.max(...texts.map((t) => t.length))).toBeLessThanOrEqual(2000);
    sim.block(peer);
    expect(await lastValueFrom(client.send(peer, 'into the void'))).toMatchObject({ msgId: '', confirmed: false });
  });

  it('refuses a send to a peer who never wrote (nothing sent) and fails fast on ret -2', async () => {
    sim = await startFastIlinkSim({ contextTokenLifetimeMs: 100 });
    const client = track(ilinkClientFor(sim));
    await qrLogin(client, sim);
    const stranger = sim.userId(2);
    const before = sim.sent().length;
    await expect(lastValueFrom(client.send(stranger, 'hello?'))).rejects.toThrow(MissingContextTokenError);
    await expect(lastValueFrom(client.send(stranger, 'hello?'))).rejects.toThrow(new RegExp(stranger));
    expect(sim.sent()).toHaveLength(before);

    const peer = sim.userId(1);
    const arrived = collect(client.messages$, 1);
    sim.inject({ kind: 'text', from: peer, text: 'hi' });
    await arrived;
    await new Promise((resolve) => setTimeout(resolve, 150));
    const error = await lastValueFrom(client.send(peer, 'too late')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendRefusedError);
    expect(error).toMatchObject({ peer, retcode: -2 });
    expect(sim.sent().filter((s) => s.to === peer)).toHaveLength(1);
  });

  it('ends the session on -14: a session-ended event, state logged-out, the saved session cleared', async () => {
    sim = await startFastIlinkSim();
    const store = ilinkMemoryStore();
    const client = track(ilinkClientFor(sim, { store }));
    await qrLogin(client, sim);
    const ended = nextEvent(client, 'session-ended');
    sim.killToken();
    expect(await ended).toMatchObject({ type: 'session-ended', retcode: -14 });
    expect(await stateOf(client, 'logged-out')).toMatchObject({ reason: { type: 'session-ended', retcode: -14 } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await store.load()).toBeUndefined();
    await expect(lastValueFrom(client.send(sim.userId(0), 'x'))).rejects.toThrow(/needs an online client/);
    // The next login$ is a new QR binding.
    expect((await qrLogin(client, sim)).map((step) => step.type)).toEqual(['qr', 'scanned', 'logged-in']);
  });

  it.each<[string, (client: IlinkClient, peer: string) => Promise<unknown>]>([
    ['a send', (client, peer) => lastValueFrom(client.send(peer, 'scheduled notice'))],
    ['typing', (client, peer) => lastValueFrom(client.typing(peer, true), { defaultValue: undefined })],
    ['a file', (client, peer) => lastValueFrom(client.sendFile(peer, Buffer.from('report'), { name: 'r.txt' }))],
  ])('ends the session on -14 to %s while nothing polls: state logged-out, the saved session cleared', async (_name, operation) => {
    const { server, client, store, peer } = await onlineAfter(['hello']);
    // No subscriber left: the receive loop has stopped, so only the operation can learn that the token died.
    const polls = server.stats().requests['getupdates'] ?? 0;
    server.killToken();
    await expect(operation(client, peer)).rejects.toMatchObject({ name: 'SessionEndedError', retcode: -14 });
    expect(await stateOf(client, 'logged-out')).toMatchObject({ reason: { type: 'session-ended', retcode: -14 } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await store.load()).toBeUndefined();
    expect(server.stats().requests['getupdates'] ?? 0).toBe(polls);
    await expect(lastValueFrom(client.send(peer, 'x'))).rejects.toThrow(/needs an online client/);
  });

  it('replies with the peer’s latest context token, and a resumed client with the one it saved', async () => {
    const { server, client: first, store, peer } = await onlineAfter(['one', 'two'], { contextTokenCheck: 'latest' });
    // The simulator names how the token it got compares ('valid': the latest; the first one would be 'stale').
    await lastValueFrom(first.send(peer, 'reply'));
    expect(server.sent().at(-1)).toMatchObject({ to: peer, contextToken: 'valid', outcome: 'delivered' });
    await lastValueFrom(first.close(), { defaultValue: undefined });

    // A new run that only sends (nothing polls): the token comes from the saved session.
    const second = track(ilinkClientFor(server, { store }));
    expect((await lastValueFrom(second.login$)).type).toBe('logged-in');
    await lastValueFrom(second.send(peer, 'after a restart'));
    expect(server.sent().at(-1)).toMatchObject({ to: peer, text: 'after a restart', contextToken: 'valid', outcome: 'delivered' });
  });

  it('runs the echo example bot unchanged', async () => {
    sim = await startFastIlinkSim();
    const client = track(ilinkClientFor(sim));
    await qrLogin(client, sim);
    const peer = sim.userId(1);
    const replies = firstValueFrom(echoBot(client).pipe(timeout(10_000)));
    sim.inject({ kind: 'text', from: peer, text: 'echo me' });
    expect(await replies).toMatchObject({ chat: peer, confirmed: true });
    expect(sim.sent().at(-1)).toMatchObject({ to: peer, text: 'echo me', contextToken: 'valid' });
  });

  it('holds a generating message until it finishes, and keeps unknown items as kind unknown', async () => {
    sim = await startFastIlinkSim();
    const client = track(ilinkClientFor(sim));
    await qrLogin(client, sim);
    const received = collect(client.messages$, 2);
    sim.inject({ kind: 'generating', text: 'the whole answer', partialText: 'the who' });
    sim.inject({ kind: 'unknown', itemType: 42, item: { future_item: { x: 1 } } });
    const [generated, unknown] = await received;
    expect(generated).toMatchObject({ kind: 'text', text: 'the whole answer', ilink: { messageState: 2 } });
    expect(unknown).toMatchObject({ kind: 'unknown', msgType: 42 });
  });

  it('round-trips media: an image, a file and a video sent through the CDN, received media downloaded and decrypted', async () => {
    sim = await startFastIlinkSim({ enforceClientHeaders: true });
    const client = track(ilinkClientFor(sim, { botAgent: 'MediaTest/1.0 (ci)' }));
    await qrLogin(client, sim);
    expect(sim.requests().at(-1)?.baseInfo).toEqual({ channelVersion: '2.4.3', botAgent: 'MediaTest/1.0 (ci) wechat-rx/0.1' });
    const peer = sim.userId(1);
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256));
    const received = collect(client.messages$, 3);
    sim.inject({ kind: 'image', from: peer, data: bytes });
    sim.inject({ kind: 'file', from: peer, data: 'file body', fileName: 'notes.txt', fullUrl: true });
    sim.inject({ kind: 'voice', from: peer, data: 'silk bytes', transcript: 'hello there' });
    const [image, file, voice] = await received;
    expect(voice).toMatchObject({ kind: 'voice', transcript: 'hello there' });

    const progress: number[] = [];
    const sentImage = await lastValueFrom(client.sendImage(peer, bytes, { onProgress: ({ loaded }) => progress.push(loaded) }));
    expect(sentImage).toMatchObject({ chat: peer, confirmed: true, size: bytes.length });
    expect(progress.at(-1)).toBe(Math.ceil((bytes.length + 1) / 16) * 16);
    const sentFile = await lastValueFrom(client.sendFile(peer, Buffer.from('report body'), { name: 'report.txt' }));
    expect(sentFile).toMatchObject({ name: 'report.txt', size: 11 });
    await lastValueFrom(client.sendVideo(peer, Buffer.from('not really mp4')));
    const media = sim.sent().slice(-3);
    expect(media.map((s) => s.items[0]?.['type'])).toEqual([2, 4, 5]);
    expect(media.map((s) => s.media.map((m) => [m.verdict, m.keyEncoding]))).toEqual(Array(3).fill([['ok', 'hex']]));
    expect(media.map((s) => s.contextToken)).toEqual(Array(3).fill('valid'));

    dir = await mkdtemp(join(tmpdir(), 'wechat-rx-ilink-'));
    const saved = await lastValueFrom(client.download(image as Extract<typeof image, { kind: 'image' }>, { to: join(dir, 'image.bin') }));
    expect(saved).toMatchObject({ type: 'saved', size: bytes.length });
    expect(await readFile(saved.path)).toEqual(bytes);
    const intoDir = await lastValueFrom(client.download(file as Extract<typeof file, { kind: 'file' }>, { to: dir }));
    expect(intoDir).toMatchObject({ type: 'saved', path: join(dir, 'notes.txt') });
    const streamed = await lastValueFrom(client.download(voice as Extract<typeof voice, { kind: 'voice' }>));
    expect(streamed.type).toBe('stream');
    const chunks: Buffer[] = [];
    for await (const chunk of (streamed as { stream: Readable }).stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('silk bytes');
    // Every request of the session carried the headers of docs/ilink-protocol.md §2 (fresh X-WECHAT-UIN included).
    expect(sim.requests().flatMap((r) => r.problems.map((problem) => `${r.endpoint}: ${problem}`))).toEqual([]);
    expect(new Set(sim.requests().map((r) => r.endpoint))).toEqual(new Set(['get_bot_qrcode', 'get_qrcode_status', 'notifystart', 'getupdates', 'sendmessage', 'getuploadurl', 'upload', 'download']));
  });

  it('uploads to upload_full_url when getuploadurl gives only that', async () => {
    sim = await startFastIlinkSim({ uploadUrlAnswer: 'full-url' });
    const client = track(ilinkClientFor(sim));
    await qrLogin(client, sim);
    const peer = sim.userId(1);
    const arrived = collect(client.messages$, 1);
    sim.inject({ kind: 'text', from: peer, text: 'send me a file' });
    await arrived;
    expect(await lastValueFrom(client.sendFile(peer, Buffer.from('contents'), { name: 'c.txt' }))).toMatchObject({ name: 'c.txt', confirmed: true });
    expect(sim.sent().at(-1)?.media.map((m) => m.verdict)).toEqual(['ok']);
  });

  it('shows typing with a ticket fetched once', async () => {
    sim = await startFastIlinkSim();
    const client = track(ilinkClientFor(sim));
    await qrLogin(client, sim);
    const peer = sim.userId(1);
    const arrived = collect(client.messages$, 1);
    sim.inject({ kind: 'text', from: peer, text: 'hi' });
    await arrived;
    await lastValueFrom(client.typing(peer, true), { defaultValue: undefined });
    await lastValueFrom(client.typing(peer, false), { defaultValue: undefined });
    expect(sim.typing().map((t) => [t.userId, t.status, t.ticket])).toEqual([
      [peer, 1, 'valid'],
      [peer, 2, 'valid'],
    ]);
    expect(sim.stats().requests['getconfig']).toBe(1);
  });

  it('close during a QR login ends it with ClientClosedError', async () => {
    sim = await startFastIlinkSim();
    const client = ilinkClientFor(sim);
    const steps = lastValueFrom(client.login$.pipe(tap((step) => step.type === 'qr' && void lastValueFrom(client.close(), { defaultValue: undefined }))));
    await expect(steps).rejects.toMatchObject({ name: 'ClientClosedError', endedBy: 'close' });
    expect(await lastValueFrom(client.state$)).toEqual({ status: 'logged-out', reason: { type: 'closed' } });
  });

  it('after logout, the store is empty, every stream completes, and no socket is left', async () => {
    const sockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'Timeout');
    // The test runner keeps timers of its own: only what this test opened counts.
    const before = sockets().length;
    sim = await startFastIlinkSim();
    const store = ilinkMemoryStore();
    const client = ilinkClientFor(sim, { store });
    await qrLogin(client, sim);
    const events = lastValueFrom(client.events$.pipe(toArray()));
    const states = lastValueFrom(client.state$.pipe(toArray()));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await lastValueFrom(client.logout(), { defaultValue: undefined });
    await expect(events).resolves.toEqual([]);
    expect((await states).at(-1)).toEqual({ status: 'logged-out', reason: { type: 'logout' } });
    expect(await store.load()).toBeUndefined();
    await expect(lastValueFrom(client.login$)).rejects.toThrow(/ended by logout/);
    await sim.close();
    sim = undefined;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sockets().length - before).toBeLessThanOrEqual(0);
  });
});

/**
 * Every fault kind of the iLink simulator on every endpoint the client uses, and what the client does about it
 * (docs/ilink-protocol.md §3.2, §4.2, §7.3, §7.4, §8–§10): retried where the reference retries, a typed error where it
 * does not, never a crash, and the client still works afterwards (nothing received is lost: see the getupdates rows).
 */
import { randomBytes } from 'node:crypto';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filter, firstValueFrom, lastValueFrom, type Subscription, timeout } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { IlinkClient } from '../../src/ilink/client/client.js';
import type { IlinkClientOptions } from '../../src/ilink/client/options.js';
import type { IlinkEvent } from '../../src/ilink/client/types.js';
import type { IlinkMessage } from '../../src/ilink/protocol/messages/ilink-message.js';
import { ilinkMemoryStore } from '../../src/ilink/session/stores.js';
import type { IlinkEndpoint, IlinkFaultSpec, IlinkSimulator, IlinkSimulatorOptions } from '../../src/testing/index.js';
import { collect, ilinkClientFor, qrLogin, startFastIlinkSim, textOf } from './helpers.js';

/** The client's timeout for an endpoint under test, and a delay fault that outlasts it. */
const CLIENT_TIMEOUT_MS = 400;
const PAST_TIMEOUT_MS = 1200;

const FAULTS = {
  'HTTP 500': { kind: 'http', value: 500 },
  'HTTP 524': { kind: 'http', value: 524 },
  reset: { kind: 'reset' },
  delay: { kind: 'delay', value: 50 },
  'delay past the timeout': { kind: 'delay', value: PAST_TIMEOUT_MS },
  'non-JSON body': { kind: 'garbage' },
  'ret -1': { kind: 'retcode', value: -1 },
} as const satisfies Record<string, Omit<IlinkFaultSpec, 'endpoint'>>;
type FaultName = keyof typeof FAULTS;

/** What one faulted operation came to: `ok` or the error's name, and how many requests reached the endpoint. */
interface Outcome {
  readonly result: string;
  readonly requests: number;
}

const ok = (requests = 1): Outcome => ({ result: 'ok', requests });
const failed = (result: string, requests = 1): Outcome => ({ result, requests });
const nameOf = (error: unknown): string => (error instanceof Error ? error.name : `not an Error: ${String(error)}`);
const settle = (work: Promise<unknown>): Promise<string> => work.then(() => 'ok', nameOf);

const environment = { now: () => Date.now(), randomBytes: (size: number) => randomBytes(size), random: () => 0 };
/** Every endpoint with a client timeout gets the short one, so "past the timeout" needs no long wait. */
const SHORT_TIMEOUTS = { sendmessage: CLIENT_TIMEOUT_MS, getuploadurl: CLIENT_TIMEOUT_MS, getconfig: CLIENT_TIMEOUT_MS, sendtyping: CLIENT_TIMEOUT_MS };

interface Online {
  sim: IlinkSimulator;
  client: IlinkClient;
  /** A user who wrote to the bot. */
  peer: string;
  /** Every event since the login. */
  events: IlinkEvent[];
  /** A temp folder for downloads. */
  dir: string;
  subscription: Subscription;
}

/**
 * One simulator and one logged-in client for a group of rows, with a peer who wrote (so sends have a context token)
 * and every event kept. Faults are cleared after each row.
 */
function onlineFixture(simOptions: IlinkSimulatorOptions = {}, clientOptions: IlinkClientOptions = {}): Online {
  // Filled in before the group's first row.
  const f = {} as Online;
  beforeAll(async () => {
    f.events = [];
    f.sim = await startFastIlinkSim(simOptions);
    f.client = ilinkClientFor(f.sim, { env: environment, timeouts: SHORT_TIMEOUTS, ...clientOptions });
    f.subscription = f.client.events$.subscribe((event) => f.events.push(event));
    await qrLogin(f.client, f.sim);
    f.peer = f.sim.userId(1);
    const hello = collect(f.client.messages$, 1);
    f.sim.inject({ kind: 'text', from: f.peer, text: 'hello' });
    await hello;
    f.dir = await mkdtemp(join(tmpdir(), 'wechat-rx-ilink-faults-'));
  });
  afterEach(() => void f.sim.clearFaults());
  afterAll(async () => {
    f.subscription.unsubscribe();
    await lastValueFrom(f.client.close(), { defaultValue: undefined });
    await f.sim.close();
    await rm(f.dir, { recursive: true, force: true });
  });
  return f;
}

/** Runs `operation` with `fault` scripted on `endpoint`, counting the requests that reached it. */
async function faulted(sim: IlinkSimulator, endpoint: IlinkEndpoint, fault: FaultName, operation: () => Promise<unknown>, times = 1): Promise<Outcome> {
  const count = () => sim.stats().requests[endpoint] ?? 0;
  const before = count();
  sim.fault({ endpoint, times, ...FAULTS[fault] });
  const result = await settle(operation());
  return { result, requests: count() - before };
}

describe('getupdates: every failure is an event and a back-off, then the loop goes on; nothing is lost', () => {
  const f = onlineFixture({ updatesHoldMs: 100 }, { timeouts: { getupdates: CLIENT_TIMEOUT_MS } });
  let serial = 0;
  it.each<[FaultName, IlinkEvent['type'] | undefined]>([
    ['HTTP 500', 'network-problem'],
    ['HTTP 524', 'network-problem'],
    ['reset', 'network-problem'],
    ['delay', undefined],
    // A poll that outlasts the client's timeout is an empty answer, not a failure (docs/ilink-protocol.md §5.1).
    ['delay past the timeout', undefined],
    ['non-JSON body', 'decode-problem'],
    ['ret -1', 'retcode-problem'],
  ])('%s → event %s; the messages around it delivered once, in order', async (fault, problem) => {
    const from = f.events.length;
    const texts = [1, 2, 3].map((i) => `${fault} ${serial}.${i}`);
    serial++;
    const polls = () => f.sim.stats().requests['getupdates'] ?? 0;
    const arrived = collect(f.client.messages$, 3);
    f.sim.fault({ endpoint: 'getupdates', ...FAULTS[fault] });
    // The fault hits the first poll to arrive from now on (the one held now, if any, has passed it already).
    const before = polls();
    f.sim.inject({ kind: 'text', from: f.peer, text: texts[0]! });
    f.sim.inject({ kind: 'text', from: f.peer, text: texts[1]! });
    await waitFor(() => polls() > before);
    if (problem !== undefined) await waitFor(() => f.events.slice(from).some((e) => e.type === problem));
    f.sim.inject({ kind: 'text', from: f.peer, text: texts[2]! });
    expect((await arrived).map(textOf)).toEqual(texts);
    const seen = f.events.slice(from);
    expect(seen.filter((e) => e.type === 'message').map((e) => textOf((e as { message: IlinkMessage }).message))).toEqual(texts);
    expect(seen.filter((e) => e.type !== 'message').map((e) => e.type)).toEqual(problem === undefined ? [] : [problem]);
  });
});

describe('sendmessage: never retried (docs/ilink-protocol.md §10); a typed error, and the next send works', () => {
  const f = onlineFixture();
  const send = () => lastValueFrom(f.client.send(f.peer, 'a reply'));
  it.each<[FaultName, Outcome]>([
    ['HTTP 500', failed('NetworkError')],
    ['HTTP 524', failed('NetworkError')],
    ['reset', failed('NetworkError')],
    ['delay', ok()],
    ['delay past the timeout', failed('TimeoutError')],
    ['non-JSON body', failed('DecodeError')],
    ['ret -1', failed('IlinkRetcodeError')],
  ])('%s → %o', async (fault, expected) => {
    const delivered = f.sim.sent().filter((s) => s.outcome === 'delivered').length;
    expect(await faulted(f.sim, 'sendmessage', fault, send)).toEqual(expected);
    expect(f.sim.sent().filter((s) => s.outcome === 'delivered').length).toBe(delivered + (expected.result === 'ok' ? 1 : 0));
    expect(await settle(send())).toBe('ok');
  });

  // A -14 ends the session (test/ilink/client-simulator.test.ts), so it comes last: nothing after it needs this client.
  it('ret -2 → SendRefusedError naming the peer; errcode -14 alone → SessionEndedError, never a success (§13)', async () => {
    f.sim.fault({ endpoint: 'sendmessage', kind: 'retcode', value: -2, errmsg: 'rate limited' });
    await expect(send()).rejects.toMatchObject({ name: 'SendRefusedError', peer: f.peer, retcode: -2 });
    expect(await settle(send())).toBe('ok');
    f.sim.fault({ endpoint: 'sendmessage', kind: 'retcode', value: -14, field: 'errcode', errmsg: 'session timeout' });
    await expect(send()).rejects.toMatchObject({ name: 'SessionEndedError', retcode: -14 });
  });
});

describe('getuploadurl: a typed error, nothing uploaded or sent; the next media send works', () => {
  const f = onlineFixture();
  const sendFile = () => lastValueFrom(f.client.sendFile(f.peer, Buffer.from('contents'), { name: 'c.txt' }));
  it.each<[FaultName, Outcome]>([
    ['HTTP 500', failed('NetworkError')],
    ['HTTP 524', failed('NetworkError')],
    ['reset', failed('NetworkError')],
    ['delay', ok()],
    ['delay past the timeout', failed('TimeoutError')],
    ['non-JSON body', failed('DecodeError')],
    ['ret -1', failed('IlinkRetcodeError')],
  ])('%s → %o', async (fault, expected) => {
    const uploads = f.sim.stats().requests['upload'] ?? 0;
    const sends = f.sim.sent().length;
    expect(await faulted(f.sim, 'getuploadurl', fault, sendFile)).toEqual(expected);
    const succeeded = expected.result === 'ok' ? 1 : 0;
    expect([(f.sim.stats().requests['upload'] ?? 0) - uploads, f.sim.sent().length - sends]).toEqual([succeeded, succeeded]);
    expect(await settle(sendFile())).toBe('ok');
  });
});

describe('CDN upload: a 4xx fails at once, anything else is tried again, 3 attempts in all (docs/ilink-protocol.md §7.3)', () => {
  const f = onlineFixture();
  const sendFile = () => lastValueFrom(f.client.sendFile(f.peer, Buffer.from('contents'), { name: 'c.txt' }));
  // The CDN answers no JSON (the simulator refuses a retcode fault there) and the client sets no CDN timeout (docs/ilink-protocol.md §10).
  it.each<[string, FaultName | 'HTTP 400', number, Outcome]>([
    ['HTTP 500 once', 'HTTP 500', 1, ok(2)],
    ['HTTP 524 once', 'HTTP 524', 1, ok(2)],
    ['HTTP 500 three times', 'HTTP 500', 3, failed('CdnError', 3)],
    ['HTTP 400', 'HTTP 400', 1, failed('CdnError', 1)],
    ['reset once', 'reset', 1, ok(2)],
    ['reset three times', 'reset', 3, failed('NetworkError', 3)],
    ['delay', 'delay', 1, ok(1)],
    ['200 without x-encrypted-param (non-JSON body)', 'non-JSON body', 1, ok(2)],
  ])('%s → %o', async (_label, fault, times, expected) => {
    const sends = f.sim.sent().length;
    const count = () => f.sim.stats().requests['upload'] ?? 0;
    const before = count();
    f.sim.fault({ endpoint: 'upload', times, ...(fault === 'HTTP 400' ? { kind: 'http', value: 400 } : FAULTS[fault]) });
    const result = await settle(sendFile());
    expect({ result, requests: count() - before }).toEqual(expected);
    expect(f.sim.sent().length - sends).toBe(result === 'ok' ? 1 : 0);
    if (result === 'ok') expect(f.sim.sent().at(-1)?.media.map((m) => m.verdict)).toEqual(['ok']);
    expect(await settle(sendFile())).toBe('ok');
  });

  it('a retcode fault cannot be scripted on the CDN', () => {
    expect(() => f.sim.fault({ endpoint: 'upload', kind: 'retcode' })).toThrow(/no JSON/);
  });
});

describe('CDN download: not retried (docs/ilink-protocol.md §7.4); a typed error, no partial file; the next download works', () => {
  const f = onlineFixture();
  let file: Extract<IlinkMessage, { kind: 'file' }>;
  let serial = 0;
  beforeAll(async () => {
    const arrived = firstValueFrom(f.client.messages$.pipe(filter((m): m is Extract<IlinkMessage, { kind: 'file' }> => m.kind === 'file'), timeout(10_000)));
    f.sim.inject({ kind: 'file', from: f.peer, data: randomBytes(100_000), fileName: 'data.bin' });
    file = await arrived;
  });
  const download = (to: string) => lastValueFrom(f.client.download(file, { to }));
  it.each<[FaultName, Outcome]>([
    ['HTTP 500', failed('CdnError')],
    ['HTTP 524', failed('CdnError')],
    ['reset', failed('NetworkError')],
    ['delay', ok()],
    ['non-JSON body', failed('CdnError')],
  ])('%s → %o', async (fault, expected) => {
    const to = join(f.dir, `copy-${++serial}.bin`);
    expect(await faulted(f.sim, 'download', fault, () => download(to))).toEqual(expected);
    if (expected.result !== 'ok') await expect(access(to)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await download(join(f.dir, `again-${serial}.bin`))).toMatchObject({ type: 'saved', size: 100_000 });
  });
});

describe('typing: a failed getconfig caches no ticket (asked again next time); a failed sendtyping is a typed error, and a refused one drops its ticket', () => {
  const table: [FaultName, Outcome][] = [
    ['HTTP 500', failed('NetworkError')],
    ['HTTP 524', failed('NetworkError')],
    ['reset', failed('NetworkError')],
    ['delay', ok()],
    ['delay past the timeout', failed('TimeoutError')],
    ['non-JSON body', failed('DecodeError')],
    ['ret -1', failed('IlinkRetcodeError')],
  ];

  describe('getconfig', () => {
    const f = onlineFixture();
    let user = 10;
    it.each(table)('%s → %o', async (fault, expected) => {
      // A user the bot has not asked a ticket for: the first typing call must fetch one.
      const peer = f.sim.userId(++user);
      const hello = collect(f.client.messages$, 1);
      f.sim.inject({ kind: 'text', from: peer, text: 'hi' });
      await hello;
      const typing = () => lastValueFrom(f.client.typing(peer, true), { defaultValue: undefined });
      expect(await faulted(f.sim, 'getconfig', fault, typing)).toEqual(expected);
      const configs = f.sim.stats().requests['getconfig'] ?? 0;
      expect(await settle(typing())).toBe('ok');
      expect((f.sim.stats().requests['getconfig'] ?? 0) - configs).toBe(expected.result === 'ok' ? 0 : 1);
    });
  });

  describe('sendtyping', () => {
    const f = onlineFixture();
    it.each(table)('%s → %o', async (fault, expected) => {
      const typing = () => lastValueFrom(f.client.typing(f.peer, true), { defaultValue: undefined });
      expect(await faulted(f.sim, 'sendtyping', fault, typing)).toEqual(expected);
      expect(await settle(typing())).toBe('ok');
      // A refusal (the last row) drops the ticket: the call after it fetched a new one.
      expect(f.sim.stats().requests['getconfig']).toBe(expected.result === 'IlinkRetcodeError' ? 2 : 1);
    });
  });
});

describe('QR login: get_bot_qrcode is tried again (3 attempts), a failed status poll reads as wait (docs/ilink-protocol.md §4.2)', () => {
  let sim: IlinkSimulator;
  const clients: IlinkClient[] = [];
  beforeAll(async () => {
    sim = await startFastIlinkSim({ qrHoldMs: 50 });
  });
  afterEach(async () => {
    sim.clearFaults();
    for (const client of clients.splice(0)) await lastValueFrom(client.close(), { defaultValue: undefined });
  });
  afterAll(() => sim.close());
  const login = () => {
    const client = ilinkClientFor(sim, { env: environment, timeouts: { get_bot_qrcode: CLIENT_TIMEOUT_MS, get_qrcode_status: CLIENT_TIMEOUT_MS } });
    clients.push(client);
    return qrLogin(client, sim);
  };

  it.each<[FaultName, Outcome]>([
    ['HTTP 500', ok(2)],
    ['HTTP 524', ok(2)],
    ['reset', ok(2)],
    ['delay', ok(1)],
    ['delay past the timeout', ok(2)],
    ['non-JSON body', ok(2)],
    ['ret -1', failed('IlinkRetcodeError')],
  ])('get_bot_qrcode %s → %o', async (fault, expected) => {
    expect(await faulted(sim, 'get_bot_qrcode', fault, login)).toEqual(expected);
    const state = await firstValueFrom(clients.at(-1)!.state$);
    expect(state.status === 'logged-out' ? state.reason.type : state.status).toBe(expected.result === 'ok' ? 'online' : 'failed');
  });

  it('get_bot_qrcode failing three times in a row fails the login with the last error', async () => {
    expect(await faulted(sim, 'get_bot_qrcode', 'HTTP 500', login, 3)).toEqual(failed('NetworkError', 3));
  });

  it.each<[FaultName, string]>([
    ['HTTP 500', 'ok'],
    ['HTTP 524', 'ok'],
    ['reset', 'ok'],
    ['delay', 'ok'],
    ['delay past the timeout', 'ok'],
    ['non-JSON body', 'ok'],
    ['ret -1', 'IlinkRetcodeError'],
  ])('get_qrcode_status %s → %s', async (fault, expected) => {
    const outcome = await faulted(sim, 'get_qrcode_status', fault, login);
    expect(outcome.result).toBe(expected);
    // A poll read as wait is followed by another.
    if (expected === 'ok' && fault !== 'delay') expect(outcome.requests).toBeGreaterThanOrEqual(2);
  });
});

describe('notifystart and notifystop: a failure is reported and ignored (docs/ilink-protocol.md §9)', () => {
  let sim: IlinkSimulator;
  beforeAll(async () => {
    sim = await startFastIlinkSim();
  });
  afterEach(() => void sim.clearFaults());
  afterAll(() => sim.close());
  const savedSession = () => ({ protocol: 'ilink' as const, version: 1 as const, bot: sim.createBot(), cursor: '', contextTokens: {}, recentMessageIds: [], savedAt: 0 });
  const faults: FaultName[] = ['HTTP 500', 'HTTP 524', 'reset', 'delay', 'delay past the timeout', 'non-JSON body', 'ret -1'];
  const short = { timeouts: { notifystart: CLIENT_TIMEOUT_MS, notifystop: CLIENT_TIMEOUT_MS } };

  it.each(faults)('notifystart %s: the saved session is resumed all the same', async (fault) => {
    const client = ilinkClientFor(sim, { store: ilinkMemoryStore(savedSession()), ...short });
    try {
      const outcome = await faulted(sim, 'notifystart', fault, () => lastValueFrom(client.login$.pipe(timeout(5000))));
      expect(outcome).toEqual(ok());
      expect(await lastValueFrom(client.login$)).toMatchObject({ type: 'logged-in', resumed: true });
    } finally {
      await lastValueFrom(client.close(), { defaultValue: undefined });
    }
  });

  it.each(faults)('notifystop %s: close completes and the session is saved', async (fault) => {
    const store = ilinkMemoryStore(savedSession());
    const client = ilinkClientFor(sim, { store, ...short });
    await lastValueFrom(client.login$);
    expect(await faulted(sim, 'notifystop', fault, () => lastValueFrom(client.close(), { defaultValue: undefined }))).toEqual(ok());
    expect(await store.load()).toMatchObject({ protocol: 'ilink' });
  });
});

async function waitFor(condition: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

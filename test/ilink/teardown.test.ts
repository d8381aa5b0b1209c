/**
 * Teardown with no handle left, for every way a client can be in when it is closed: logging in, waiting
 * for a pair code, holding a long poll, uploading, holding an unread download stream, backing off after failures,
 * after -14, paused after -14, and after every login subscriber left. `close()` completes promptly and leaves no
 * socket to the simulator, no timer and no file handle of its own.
 */
import { Socket } from 'node:net';
import { filter, firstValueFrom, lastValueFrom, timeout } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { IlinkClient } from '../../src/ilink/client/client.js';
import type { IlinkClientOptions } from '../../src/ilink/client/options.js';
import type { IlinkClientState } from '../../src/ilink/client/types.js';
import type { IlinkMessage } from '../../src/ilink/protocol/messages/ilink-message.js';
import type { IlinkSimulator } from '../../src/testing/index.js';
import { collect, ilinkClientFor, nextEvent, qrLogin, startFastIlinkSim } from './helpers.js';

let sim: IlinkSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const stateOf = (client: IlinkClient, status: IlinkClientState['status']) => firstValueFrom(client.state$.pipe(filter((s) => s.status === status), timeout(10_000)));

/** Resource kinds and how many of each are open (timers, sockets, servers, file handles …). */
function resources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

/** What is open now and was not at `baseline`. */
function leftOver(baseline: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...resources()].filter(([kind, count]) => count > (baseline.get(kind) ?? 0)).map(([kind, count]) => [kind, count - (baseline.get(kind) ?? 0)]));
}

/** The client's sockets to the simulator (the simulator's own sockets have its port as their local port). */
function clientSockets(server: IlinkSimulator): Socket[] {
  const ports = new Set([new URL(server.origin).port, server.redirectHost.split(':').at(-1)].map(Number));
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  return handles.filter((h): h is Socket => h instanceof Socket && ports.has(h.remotePort ?? -1));
}

async function online(options: IlinkClientOptions = {}): Promise<{ client: IlinkClient; peer: string }> {
  const client = ilinkClientFor(sim!, options);
  await qrLogin(client, sim!);
  const peer = sim!.userId(1);
  const hello = collect(client.messages$, 1);
  sim!.inject({ kind: 'text', from: peer, text: 'hello' });
  await hello;
  return { client, peer };
}

/** Puts a client in some state and hands it back, with anything it started that must settle once it is closed. */
type WayOut = () => Promise<{ readonly client: IlinkClient; readonly settles?: Promise<unknown> }>;

const settled = (work: Promise<unknown>): Promise<string> =>
  work.then(
    () => 'ok',
    (error: unknown) => (error instanceof Error ? error.name : String(error)),
  );

const WAYS_OUT: [string, WayOut][] = [
  [
    'during a QR login (status poll held)',
    async () => {
      const client = ilinkClientFor(sim!);
      const login = lastValueFrom(client.login$);
      await stateOf(client, 'waiting-for-scan');
      await sleep(30);
      return { client, settles: expect(login).rejects.toMatchObject({ name: 'ClientClosedError' }) };
    },
  ],
  [
    'while the phone asks for a pair code (nothing in flight)',
    async () => {
      const client = ilinkClientFor(sim!);
      const asked = new Promise<void>((resolve) => {
        client.login$.subscribe({
          next: (step) => {
            if (step.type === 'qr') {
              sim!.requireVerifyCode('123456');
              sim!.scan();
            }
            if (step.type === 'verify-code') resolve();
          },
          error: () => undefined,
        });
      });
      await asked;
      return { client };
    },
  ],
  [
    'during a held getupdates poll',
    async () => {
      const { client } = await online();
      const events = lastValueFrom(client.events$, { defaultValue: undefined });
      await sleep(50);
      expect(sim!.stats().held).toBeGreaterThan(0);
      return { client, settles: events };
    },
  ],
  [
    'during a CDN upload (held by the CDN)',
    async () => {
      const { client, peer } = await online();
      sim!.fault({ endpoint: 'upload', kind: 'delay', value: 60_000 });
      const upload = settled(lastValueFrom(client.sendFile(peer, Buffer.alloc(2_000_000, 7), { name: 'big.bin' })));
      await sleep(100);
      return { client, settles: expect(upload).resolves.toBe('NetworkError') };
    },
  ],
  [
    'holding a download stream nobody reads',
    async () => {
      const { client, peer } = await online();
      const arrived = firstValueFrom(client.messages$.pipe(filter((m): m is Extract<IlinkMessage, { kind: 'file' }> => m.kind === 'file')));
      sim!.inject({ kind: 'file', from: peer, data: Buffer.alloc(8_000_000, 3), fileName: 'big.bin' });
      const download = await lastValueFrom(client.download(await arrived));
      if (download.type !== 'stream') throw new Error(`a download without \`to\` gave ${download.type}`);
      // Cut by close(): it errors, then closes.
      const cut = new Promise<void>((resolve) => {
        download.stream.once('error', () => undefined);
        download.stream.once('close', resolve);
      });
      return { client, settles: cut };
    },
  ],
  [
    'backing off after failed polls (a long pause under way)',
    async () => {
      const { client } = await online({ pollRetry: { failuresBeforePause: 1, delayMs: 60_000, pauseMs: 60_000 } });
      const problem = nextEvent(client, 'network-problem');
      sim!.fault({ endpoint: 'getupdates', kind: 'http', value: 500 });
      sim!.inject({ kind: 'text', text: 'wake the poll' });
      await problem;
      return { client };
    },
  ],
  [
    'after -14 ended the session',
    async () => {
      const { client } = await online();
      const ended = nextEvent(client, 'session-ended');
      sim!.killToken();
      await ended;
      await stateOf(client, 'logged-out');
      return { client };
    },
  ],
  [
    'paused after -14 (onSessionEnded: retryAfterMs)',
    async () => {
      const { client } = await online({ onSessionEnded: { retryAfterMs: 3_600_000 } });
      const events = lastValueFrom(client.events$, { defaultValue: undefined });
      sim!.killToken();
      await stateOf(client, 'paused');
      return { client, settles: events };
    },
  ],
  [
    'after every login subscriber left mid-login',
    async () => {
      const client = ilinkClientFor(sim!);
      const subscription = client.login$.subscribe({ error: () => undefined });
      await stateOf(client, 'waiting-for-scan');
      subscription.unsubscribe();
      await stateOf(client, 'logged-out');
      return { client };
    },
  ],
];

describe('close() leaves no handle behind', () => {
  it.each(WAYS_OUT)('%s', async (_, wayOut) => {
    const baseline = resources();
    sim = await startFastIlinkSim();
    const { client, settles } = await wayOut();
    const started = Date.now();
    await lastValueFrom(client.close().pipe(timeout(5000)), { defaultValue: undefined });
    expect(Date.now() - started).toBeLessThan(2000);
    await settles;
    expect(await lastValueFrom(client.state$)).toEqual({ status: 'logged-out', reason: { type: 'closed' } });
    await sleep(20);
    // Before the simulator closes (which would end the client's sockets for it).
    expect(clientSockets(sim).map((s) => `${s.localPort} → ${s.remotePort}`)).toEqual([]);
    await sim.close();
    sim = undefined;
    await sleep(20);
    expect(leftOver(baseline)).toEqual({});
  });
});

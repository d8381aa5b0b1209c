/**
 * Drop and resume with nothing lost: the long poll breaks in every way the simulator can break it while
 * messages keep arriving, and the bot goes away mid-stream — closed, or its process killed — and a new one resumes
 * from the same session file. Every message is delivered, in order per chat, with at most one batch repeated.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { lastValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { IlinkClient } from '../../src/ilink/client/client.js';
import { ilinkFileStore } from '../../src/ilink/session/stores.js';
import type { IlinkBotCredentials, IlinkFaultSpec, IlinkSimulator } from '../../src/testing/index.js';
import { ilinkClientFor, startFastIlinkSim, textOf } from './helpers.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CHILD = join(ROOT, 'test', 'ilink', 'fixtures', 'ilink-child.ts');

const BATCH = 10;
const PEERS = 3;
/** The client's getupdates timeout here (the child uses the same): a delay fault past it is a poll given up. */
const POLL_TIMEOUT_MS = 300;
/** Every fault kind that breaks a poll, in turn (a retcode is not a broken connection: see fault-table.test.ts). */
const BREAKS: readonly Omit<IlinkFaultSpec, 'endpoint'>[] = [
  { kind: 'reset' },
  { kind: 'http', value: 500 },
  { kind: 'http', value: 524 },
  { kind: 'delay', value: 50 },
  { kind: 'delay', value: POLL_TIMEOUT_MS * 2 },
  { kind: 'garbage' },
];

let sim: IlinkSimulator | undefined;
let dir: string | undefined;
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await sim?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  sim = dir = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await sleep(5);
  }
}

/** A session file holding a bot bound without a QR login. */
async function sessionFile(bot: IlinkBotCredentials): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), 'wechat-rx-ilink-resume-'));
  const path = join(dir, 'session.json');
  await ilinkFileStore(path).save({ protocol: 'ilink', version: 1, bot, cursor: '', contextTokens: {}, recentMessageIds: [], savedAt: 0 });
  return path;
}

/**
 * Injects `total` texts (`<i>`, from the peers in turn) a few at a time, with a poll-breaking fault every 25
 * messages; at the half it awaits `halfway` while the messages keep coming. Resolves with each chat's texts in order.
 */
async function produce(server: IlinkSimulator, total: number, halfway: () => Promise<void>): Promise<Map<string, string[]>> {
  const peers = Array.from({ length: PEERS }, (_, i) => server.userId(i + 1));
  const sent = new Map(peers.map((peer) => [peer, [] as string[]]));
  let pending: Promise<void> | undefined;
  for (let i = 0; i < total; i++) {
    const peer = peers[i % PEERS]!;
    server.inject({ kind: 'text', from: peer, text: String(i) });
    sent.get(peer)!.push(String(i));
    if (i % 25 === 0) server.fault({ endpoint: 'getupdates', ...BREAKS[(i / 25) % BREAKS.length]! });
    if (i === total / 2) pending = halfway();
    if (i % 5 === 4) await sleep(4);
  }
  await pending;
  return sent;
}

/**
 * Checks what the runs delivered (each a list of `<chat> <text>` lines, in delivery order) against what was sent:
 * every message at least once, each run in order per chat, and at most one batch delivered twice.
 */
function expectDelivered(runs: readonly (readonly string[])[], sent: Map<string, string[]>): void {
  for (const run of runs) {
    for (const [chat, texts] of sent) {
      const order = run.filter((line) => line.startsWith(`${chat} `)).map((line) => texts.indexOf(line.slice(chat.length + 1)));
      expect(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
    }
  }
  const all = runs.flat();
  const unique = new Set(all);
  expect([...sent].flatMap(([chat, texts]) => texts.map((text) => `${chat} ${text}`)).filter((line) => !unique.has(line))).toEqual([]);
  expect(all.length - unique.size).toBeLessThanOrEqual(BATCH);
}

/** Records a client's texts as `<chat> <text>` lines. */
function record(client: IlinkClient, lines: string[]): void {
  const subscription = client.messages$.subscribe((message) => {
    if (message.kind === 'text') lines.push(`${message.chat} ${textOf(message)}`);
  });
  cleanups.push(() => subscription.unsubscribe());
}

const options = { batchSize: BATCH, updatesHoldMs: 100 };
const clientOptions = { timeouts: { getupdates: POLL_TIMEOUT_MS } };

describe('drop and resume', () => {
  it('polls broken every way while messages arrive, a close mid-stream, a new client on the same file: nothing lost', async () => {
    sim = await startFastIlinkSim(options);
    const path = await sessionFile(sim.createBot());
    const total = 600;
    const first = ilinkClientFor(sim, { store: path, ...clientOptions });
    cleanups.push(() => lastValueFrom(first.close(), { defaultValue: undefined }));
    const before: string[] = [];
    const after: string[] = [];
    record(first, before);
    await lastValueFrom(first.login$);
    const problems: string[] = [];
    const watching = first.events$.subscribe((event) => event.type !== 'message' && problems.push(event.type));
    cleanups.push(() => watching.unsubscribe());
    let second: IlinkClient | undefined;

    const sent = await produce(sim, total, async () => {
      await waitFor(() => before.length >= total / 4);
      await lastValueFrom(first.close(), { defaultValue: undefined });
      second = ilinkClientFor(sim!, { store: path, ...clientOptions });
      cleanups.push(() => lastValueFrom(second!.close(), { defaultValue: undefined }));
      record(second, after);
      expect(await lastValueFrom(second.login$)).toMatchObject({ type: 'logged-in', resumed: true });
    });
    await waitFor(() => new Set([...before, ...after]).size === total);
    expect(new Set(problems)).toEqual(new Set(['network-problem', 'decode-problem']));
    expect(after.length).toBeGreaterThan(0);
    expectDelivered([before, after], sent);
  }, 20_000);

  it('a bot process killed (SIGKILL) mid-stream, resumed from its session file by another: nothing lost, at most one batch again', async () => {
    sim = await startFastIlinkSim(options);
    const path = await sessionFile(sim.createBot());
    const total = 400;
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, sim.origin, path], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = once(child, 'exit');
    cleanups.push(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    });
    const lines: string[] = [];
    const output = createInterface({ input: child.stdout });
    output.on('line', (line) => lines.push(line));
    const drained = once(output, 'close');
    await waitFor(() => lines.includes('online'));
    const after: string[] = [];

    const sent = await produce(sim, total, async () => {
      await waitFor(() => lines.length > total / 4);
      child.kill('SIGKILL');
      await Promise.all([exited, drained]);
      const next = ilinkClientFor(sim!, { store: path, ...clientOptions });
      cleanups.push(() => lastValueFrom(next.close(), { defaultValue: undefined }));
      record(next, after);
      // The dead process's lock is taken over at once (same host, its pid gone).
      expect(await lastValueFrom(next.login$)).toMatchObject({ type: 'logged-in', resumed: true });
    });
    const before = lines.filter((line) => line !== 'online');
    await waitFor(() => new Set([...before, ...after]).size === total);
    expect(child.signalCode).toBe('SIGKILL');
    expectDelivered([before, after], sent);
  }, 20_000);
});

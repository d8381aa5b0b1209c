import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { commitKeys } from '../../../src/redis/fleet/commit-sink.js';
import type { IlinkSimulator } from '../../../src/testing/index.js';
import { startFastIlinkSim } from '../../ilink/helpers.js';
import { sleep, useRedis } from './use-redis.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const redis = useRedis();
let sim: IlinkSimulator | undefined;
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children.length = 0;
  await sim?.close();
  sim = undefined;
});

type Line = { holding?: string[]; appended?: number; ids?: string[] };

/** Starts a poller process; `lines` collects what it prints. */
function poller(simulator: IlinkSimulator, bot: object, holdAt: number): { child: ChildProcess; lines: Line[]; next(test: (line: Line) => boolean): Promise<Line> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(HERE, 'fixtures', 'ilink-poller.ts'), redis.server.url, simulator.origin, JSON.stringify(bot), String(holdAt)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.push(child);
  const lines: Line[] = [];
  const waiters: { test: (line: Line) => boolean; resolve: (line: Line) => void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (text) => {
    const line = JSON.parse(text) as Line;
    lines.push(line);
    for (const waiter of waiters.filter((w) => w.test(line))) waiter.resolve(line);
  });
  return {
    child,
    lines,
    next: (test) =>
      new Promise((resolve, reject) => {
        const found = lines.find(test);
        if (found !== undefined) return resolve(found);
        waiters.push({ test, resolve });
        setTimeout(() => reject(new Error(`no such line; got ${JSON.stringify(lines)}`)), 12_000);
      }),
  };
}

describe('the commit rule across a killed poller', () => {
  it('loses nothing and appends nothing twice when a poller is killed between its request and its commit', async () => {
    sim = await startFastIlinkSim({ batchSize: 5 });
    const bot = sim.createBot();
    const peer = sim.userId(1);
    for (let i = 0; i < 30; i++) sim.inject({ kind: 'text', from: peer, text: String(i) });

    const first = poller(sim, bot, 3);
    const held = await first.next((line) => line.holding !== undefined);
    first.child.kill('SIGKILL');
    const committedBefore = first.lines.flatMap((line) => line.ids ?? []);
    expect(committedBefore).toHaveLength(10);
    expect(held.holding).toHaveLength(5);

    // The next poller takes the shard once the dead one's lease runs out, and resumes from the last commit.
    const second = poller(sim, bot, 0);
    const key = commitKeys({ shard: 2, namespace: 'wx' }, bot.botId).events;
    for (let tries = 0; (await redis.client.xLen(key)) < 30 && tries < 300; tries++) await sleep(25);
    await sleep(200);

    const entries = (await redis.client.xRange(key, '-', '+')) ?? [];
    const texts = entries.map((entry) => (JSON.parse(entry.message.message!) as { text: string }).text);
    expect(texts).toEqual(Array.from({ length: 30 }, (_, i) => String(i)));
    // The held batch came again, to the second poller: the only messages received twice.
    const receivedAgain = second.lines.flatMap((line) => line.ids ?? []).filter((id) => held.holding!.includes(id));
    expect(receivedAgain).toEqual(held.holding);
    expect(second.lines.flatMap((line) => line.ids ?? []).filter((id) => committedBefore.includes(id))).toEqual([]);
    second.child.stdin!.end();
  }, 19_000);
});

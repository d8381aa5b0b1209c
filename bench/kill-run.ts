/**
 * The delivery guarantee under hard kills: a sustained stream of texts into the simulator while the bot that
 * receives them (`kill-child.ts`, a wechat-rx client on a `FileSessionStore`) is killed with SIGKILL at random
 * moments and started again on the same session file. Every text is unique, so the parent can count, per kill,
 * what the restarted bot delivered again (duplicates) and, at the end, what no bot ever delivered (lost).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Simulator } from '../src/testing/index.js';

const HERE = dirname(fileURLToPath(import.meta.url));

export interface KillRunOptions {
  /** A simulator with `autoConfirm` whose `batchSize` is the size of one webwxsync batch. */
  readonly sim: Simulator;
  /** Texts per second into the stream. */
  readonly rate: number;
  /** How many times the bot is killed while the stream flows. */
  readonly kills: number;
  /** The bot lives this long (ms, drawn uniformly) between its start and its kill. */
  readonly lifeMs: readonly [number, number];
  /** Load wechat-rx from `dist` (as shipped) or `src` (through tsx). */
  readonly from: 'dist' | 'src';
  /** Randomness for the kill moments. @default Math.random */
  readonly random?: () => number;
}

export interface KillRunResult {
  readonly injected: number;
  readonly lost: number;
  /** Texts delivered again by the bot started after each kill. */
  readonly duplicatesPerKill: readonly number[];
  /** Milliseconds each session save took (write, fsync, rename), over every bot of the run. */
  readonly saveMs: readonly number[];
}

interface Bot {
  readonly proc: ChildProcess;
  readonly online: Promise<void>;
  readonly exited: Promise<void>;
}

/** Starts a bot; `onText` and `onSave` see each line it prints. */
function startBot(origin: string, session: string, from: 'dist' | 'src', onText: (text: string) => void, onSave: (ms: number) => void): Bot {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(HERE, 'kill-child.ts'), origin, session, from], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: Object.assign({}, process.env, { NODE_OPTIONS: '' }),
  });
  const errors: string[] = [];
  createInterface({ input: proc.stderr! }).on('line', (line) => errors.push(line));
  let markOnline: () => void = () => undefined;
  let failOnline: (error: Error) => void = () => undefined;
  const online = new Promise<void>((resolve, reject) => {
    markOnline = resolve;
    failOnline = reject;
  });
  createInterface({ input: proc.stdout! }).on('line', (line) => {
    const message = JSON.parse(line) as { type: string; text?: string; ms?: number; message?: string };
    if (message.type === 'm') onText(message.text ?? '');
    else if (message.type === 'save') onSave(message.ms ?? 0);
    else if (message.type === 'online') markOnline();
    else if (message.type === 'error') failOnline(new Error(`bot failed: ${message.message ?? ''}`));
  });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  void exited.then(() => failOnline(new Error(`bot exited before it was online\n${errors.slice(-20).join('\n')}`)));
  return { proc, online, exited };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runKillScenario(options: KillRunOptions): Promise<KillRunResult> {
  const random = options.random ?? Math.random;
  const dir = await mkdtemp(join(tmpdir(), 'wechat-rx-kill-'));
  const session = join(dir, 'session.json');
  const deliveries = new Map<string, number>();
  const duplicatesPerKill: number[] = [];
  const saveMs: number[] = [];
  let generation = 0;
  const onText = (text: string) => {
    const seen = deliveries.get(text) ?? 0;
    deliveries.set(text, seen + 1);
    if (seen > 0 && generation > 0) duplicatesPerKill[generation - 1] = (duplicatesPerKill[generation - 1] ?? 0) + 1;
  };
  const onSave = (ms: number) => void saveMs.push(ms);

  let injected = 0;
  let stream: ReturnType<typeof setInterval> | undefined;
  let bot: Bot | undefined;
  try {
    bot = startBot(options.sim.origin, session, options.from, onText, onSave);
    await bot.online;
    const friends = options.sim.world().friends();
    const started = performance.now();
    // A steady stream from one friend at a time: every 10 ms, the texts the rate owes by now.
    stream = setInterval(() => {
      const due = Math.floor(((performance.now() - started) / 1000) * options.rate);
      for (; injected < due; injected++) options.sim.inject({ from: friends[injected % friends.length]!.id, text: `t${injected}` });
    }, 10);
    for (let kill = 0; kill < options.kills; kill++) {
      const [min, max] = options.lifeMs;
      await sleep(min + random() * (max - min));
      bot.proc.kill('SIGKILL');
      await bot.exited;
      generation++;
      duplicatesPerKill[kill] = 0;
      bot = startBot(options.sim.origin, session, options.from, onText, onSave);
      await bot.online;
    }
    await sleep(options.lifeMs[0]);
    clearInterval(stream);
    stream = undefined;
    // The last bot takes in what is left, then stops on its own terms.
    const deadline = Date.now() + 30_000;
    while (deliveries.size < injected && Date.now() < deadline) await sleep(50);
    bot.proc.kill('SIGTERM');
    await bot.exited;
  } finally {
    if (stream !== undefined) clearInterval(stream);
    bot?.proc.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
  let lost = 0;
  for (let n = 0; n < injected; n++) if (!deliveries.has(`t${n}`)) lost++;
  return { injected, lost, duplicatesPerKill, saveMs };
}

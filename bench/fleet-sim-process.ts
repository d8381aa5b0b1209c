/**
 * An iLink simulator process of the fleet benchmark (bench/fleet.ts), holding `bots` bots bound without a QR login
 * (`createBot`, what a confirmed login binds), each to its own simulated user. Takes `{index, seed, bots, holdMs}`
 * as one JSON argument (`holdMs`: how long an empty `getupdates` is held); prints `{"type":"listening","origin","rss"}`
 * (RSS before any bot) and then `{"type":"bots","bots":[credentials…]}`.
 *
 * Commands on stdin: `{"cmd":"traffic","rate":n}` injects n texts a second from here (a 10 ms timer injecting what
 * the rate owes by then), each to a random bot from one of three users of that bot, the text
 * `f<index>.<seq>.<epoch ms>` with `seq` counting from 0 in this process, so the orchestrator can tell which
 * texts were lost or delivered twice; `{"cmd":"stop-traffic"}` stops it and answers `traffic-stopped` with the
 * count; `{"cmd":"stats"}` answers the count so far, CPU, RSS and the polls held now; `{"cmd":"acknowledged","seqs"}`
 * answers which of those texts a client acknowledged (presented a cursor past them). Stops when stdin closes.
 */
import { createInterface } from 'node:readline';
import { startIlinkSimulator } from '../src/testing/index.js';
import { epochMs } from './procs.js';

interface SimConfig {
  readonly index: number;
  readonly seed: number;
  readonly bots: number;
  readonly holdMs: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as SimConfig;
const sim = await startIlinkSimulator({ port: 0, seed: config.seed, updatesHoldMs: config.holdMs });
const emit = (message: Readonly<Record<string, unknown>>): void => void process.stdout.write(`${JSON.stringify(message)}\n`);
emit({ type: 'listening', origin: sim.origin, rss: process.memoryUsage().rss });

/** Bot owners come first; the users who write to the bots are others, three per bot. */
const bots = Array.from({ length: config.bots }, (_, i) => sim.createBot({ userId: sim.userId(1 + i) }));
const writers = Array.from({ length: 64 }, (_, i) => sim.userId(1 + config.bots + i));
emit({ type: 'bots', bots });

let injected = 0;
let traffic: ReturnType<typeof setInterval> | undefined;
/** For each text (by its seq), the bot it went to and its place in that bot's queue. */
const placed: Array<{ readonly bot: number; readonly seq: number; readonly messageId: string; readonly at: number }> = [];

function startTraffic(rate: number): void {
  clearInterval(traffic);
  const started = performance.now();
  const base = injected;
  traffic = setInterval(() => {
    const due = base + Math.floor(((performance.now() - started) / 1000) * rate);
    for (; injected < due; injected++) {
      const bot = Math.floor(Math.random() * bots.length);
      const from = writers[(bot + Math.floor(Math.random() * 3)) % writers.length]!;
      const at = Math.round(epochMs());
      const { seq, messageId } = sim.inject({ kind: 'text', text: `f${config.index}.${injected}.${at}`, from, botId: bots[bot]!.botId });
      placed.push({ bot, seq, messageId, at });
    }
  }, 10);
}

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  clearInterval(traffic);
  void sim.close().then(() => process.exit(0));
};

createInterface({ input: process.stdin })
  .on('line', (line) => {
    const command = JSON.parse(line) as { cmd: string; rate?: number; seqs?: readonly number[] };
    if (command.cmd === 'traffic') startTraffic(command.rate ?? 0);
    else if (command.cmd === 'stop-traffic') {
      clearInterval(traffic);
      traffic = undefined;
      emit({ type: 'traffic-stopped', injected });
    } else if (command.cmd === 'acknowledged') {
      // Which of these texts a poller acknowledged (a cursor past them): those the server will never send again.
      const seqs = (command.seqs ?? []).filter((n) => {
        const at = placed[n];
        return at !== undefined && (sim.bot(bots[at.bot]!.botId)?.acknowledged ?? 0) >= at.seq;
      });
      // Where each one went, for the report of a text that was lost.
      const where = seqs.slice(0, 20).map((n) => ({ seq: n, botId: bots[placed[n]!.bot]!.botId, messageId: placed[n]!.messageId, position: placed[n]!.seq, at: placed[n]!.at }));
      emit({ type: 'acknowledged', seqs, where });
    } else if (command.cmd === 'stats') {
      const cpu = process.cpuUsage();
      emit({ type: 'stats', injected, cpuUs: cpu.user + cpu.system, rss: process.memoryUsage().rss, held: sim.stats().held });
    }
  })
  .on('close', stop);
process.once('SIGTERM', stop);

/**
 * `wechat-rx demo` (`npm start`): the embedded simulator, a scripted phone that scans the login QR, and the sample
 * bot answering simulated friends and groups; a live log prints each event in and each reply out on its own line.
 * Ends by itself after the scene (`--duration`, seconds) or on Ctrl-C, with exit code 0.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { filter, firstValueFrom, lastValueFrom, map, type Observable, Subscription, tap } from 'rxjs';
import { createErrorChannel } from '../../operators/error-channel.js';
import { createClient, type WeChatClient } from '../client/client.js';
import type { WxEvent } from '../client/types.js';
import type { FileMessage, WxMessage } from '../protocol/message/types.js';
import { startSimulator, type Simulator } from '../testing/simulator/index.js';
import { demoBot } from './demo-bot.js';
import { loggingSender } from './logging-sender.js';
import { describeMessage } from './describe.js';
import { type Io, Printer, parseCommand, stopOnSignals, terminalQr } from './terminal.js';
import { transferBar } from './progress.js';

const USAGE = 'usage: wechat-rx demo [--duration SECONDS] [--json] [--seed N]\n';

export interface DemoArgs {
  readonly durationMs: number;
  readonly json: boolean;
  readonly seed: number;
}

export function parseDemoArgs(argv: readonly string[]): DemoArgs | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      duration: { type: 'string' },
      json: { type: 'boolean' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) return 'help';
  const duration = Number(values.duration ?? '12');
  const seed = Number(values.seed ?? '7');
  if (!Number.isFinite(duration) || duration < 3 || duration > 3600) throw new TypeError('--duration must be 3–3600 seconds');
  if (!Number.isSafeInteger(seed)) throw new TypeError('--seed must be an integer');
  return { durationMs: duration * 1000, json: values.json === true, seed };
}

/** One step of the scene: at `at` seconds after login, make the simulated world do something. */
interface SceneStep {
  readonly at: number;
  readonly run: (sim: Simulator) => void;
}

/** The scene: a friend chats, a group member @-mentions you, a file arrives, a message is recalled, someone joins. */
function scene(sim: Simulator): SceneStep[] {
  const world = sim.world();
  const [alice, carol] = world.friends();
  const group = [...world.groups.values()][0];
  const bob = group?.members.find((m) => m.id !== world.self.id);
  if (alice === undefined || carol === undefined || group === undefined || bob === undefined) throw new Error('demo world too small');
  const dave = group.members.find((m) => m.id !== world.self.id && m.id !== bob.id) ?? bob;
  let mistake = '';
  return [
    { at: 0.5, run: (s) => void s.inject({ from: alice.id, text: 'Hi bot, nice to meet you!' }) },
    { at: 1.3, run: (s) => void s.inject({ from: alice.id, text: 'ping' }) },
    { at: 2, run: (s) => void s.inject({ from: dave.id, group: group.id, text: 'morning, everyone' }) },
    { at: 3, run: (s) => void s.inject({ from: bob.id, group: group.id, text: 'are you around?', mentions: [world.self.id] }) },
    { at: 4, run: (s) => void s.inject({ from: carol.id, kind: 'file', text: 'quarterly-report.pdf', size: 700 * 1024 }) },
    { at: 5.2, run: (s) => (mistake = s.inject({ from: alice.id, text: 'oops, that was meant for someone else' }).msgIds[0] ?? '') },
    { at: 6.2, run: (s) => void s.inject({ from: alice.id, kind: 'recall', recalledId: mistake }) },
    { at: 7.2, run: (s) => void s.inject({ group: group.id, kind: 'join' }) },
    { at: 8, run: (s) => void s.inject({ from: alice.id, text: 'help' }) },
  ];
}
const SCENE_SECONDS = 8.5;

export async function runDemo(argv: readonly string[], io: Io = process): Promise<number> {
  const args = parseCommand(parseDemoArgs, argv, USAGE, io);
  if (typeof args === 'number') return args;
  const print = new Printer(io, args.json);
  const sim = await startSimulator({ seed: args.seed, loginHoldMs: 2000, syncHoldMs: 5000, world: { friends: 6, groups: 2, groupSize: 8 } });
  const client = createClient({ server: sim.origin, sendRate: { intervalMs: 250, burst: 4 } });
  const downloads = await mkdtemp(join(tmpdir(), 'wechat-rx-demo-'));
  const subscriptions = new Subscription();
  const timers: NodeJS.Timeout[] = [];
  const signal = stopOnSignals();

  try {
    print.line('info', `simulator on ${sim.origin}; logging in (desktop mode)`);
    subscriptions.add(client.events$.subscribe((event) => printEvent(print, event)));
    await firstValueFrom(
      client.login$.pipe(
        tap((step) => {
          if (step.type === 'uuid') void showQr(print, io, args.json, step.qrUrl).then(() => scanLater(sim, timers));
          if (step.type === 'scanned') print.line('info', 'the phone scanned the QR code');
          if (step.type === 'confirmed') print.line('info', 'the phone confirmed the login');
        }),
        filter((step) => step.type === 'logged-in'),
      ),
    );
    print.line('info', `online as ${client.user?.NickName ?? 'me'}; the bot is listening`);
    const errors = createErrorChannel();
    subscriptions.add(errors.errors$.subscribe((error) => print.line('warn', error.message)));
    const bot$ = demoBot(loggingSender(client, print), {
      saveFile: (message) => saveFile(client, message, downloads, io, args.json),
      onRecall: (notice) =>
        print.line('in', `${notice.senderName ?? notice.from} recalled ${notice.original ? describeMessage(notice.original) : 'a message'}`),
      onError: errors.report,
    });
    subscriptions.add(bot$.subscribe());
    const scale = Math.min(1, (args.durationMs / 1000 - 1.5) / SCENE_SECONDS);
    for (const step of scene(sim)) timers.push(setTimeout(() => step.run(sim), step.at * scale * 1000));
    timers.push(setTimeout(() => signal.stop(0), args.durationMs));
    await signal.stopped;
    print.line('info', 'the scene is over: logging out');
    return 0;
  } catch (error) {
    print.line('error', error instanceof Error ? error.message : String(error));
    return 1;
  } finally {
    signal.release();
    for (const timer of timers) clearTimeout(timer);
    subscriptions.unsubscribe();
    await lastValueFrom(client.logout(), { defaultValue: undefined }).catch(() => undefined);
    await sim.close();
    await rm(downloads, { recursive: true, force: true });
  }
}

async function showQr(print: Printer, io: Io, json: boolean, qrUrl: string): Promise<void> {
  print.line('info', `scan to log in: ${qrUrl}`);
  if (!json && io.stdout.isTTY === true) io.stdout.write(await terminalQr(qrUrl));
}

/** The scripted phone: scans a moment after the QR shows, then confirms. */
function scanLater(sim: Simulator, timers: NodeJS.Timeout[]): void {
  timers.push(setTimeout(() => sim.phone.scan(), 600));
  timers.push(setTimeout(() => sim.phone.confirm(), 1200));
}

function printEvent(print: Printer, event: WxEvent): void {
  switch (event.type) {
    case 'message':
      if (!event.message.isSelf && event.message.kind !== 'status-notify' && event.message.kind !== 'recall') {
        print.line('in', inLine(event.message), { message: { kind: event.message.kind, chat: event.message.chatName } });
      }
      return;
    case 'session-ended':
      print.line('warn', `session ended: ${event.reason}`);
      return;
    case 'decode-problem':
    case 'network-problem':
      print.line('warn', event.error.message);
      return;
    default:
      return;
  }
}

function inLine(message: WxMessage): string {
  if (message.kind === 'system') return `${message.chatName ?? message.chat}: ${describeMessage(message)}`;
  const who = message.senderName ?? message.from;
  const where = message.isGroup ? ` in ${message.chatName ?? 'a group'}` : '';
  return `${who}${where}: ${describeMessage(message)}`;
}

function saveFile(client: WeChatClient, message: FileMessage, dir: string, io: Io, json: boolean): Observable<{ path: string; size: number }> {
  const bar = transferBar(io, json, `download ${message.fileName}`, message.size);
  return client.download(message, { to: dir }).pipe(
    tap((event) => event.type === 'progress' && bar.update(event.loaded, event.total)),
    filter((event) => event.type === 'saved'),
    map((event) => ({ path: event.path, size: event.size })),
    tap({ finalize: () => bar.stop() }),
  );
}

/**
 * `wechat-rx demo` (`npm start`): the embedded simulator, a scripted phone that scans the login QR, and the sample
 * bot answering simulated friends and groups; a live log prints each event in and each reply out on its own line.
 * Ends by itself after the scene (`--duration`, seconds) or on Ctrl-C, with exit code 0. `--ilink` runs the same
 * bot on the iLink simulator (demo-ilink.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Command, Option } from 'commander';
import { filter, lastValueFrom, map, type Observable, Subscription, tap } from 'rxjs';
import { createErrorChannel } from '../../operators/error-channel.js';
import { createClient, type WeChatClient } from '../web/client/client.js';
import type { WxEvent } from '../model/events.js';
import type { FileMessage, WxMessage } from '../model/message.js';
import { startSimulator, type Simulator } from '../testing/simulator/index.js';
import { cliCommand } from './command.js';
import { demoBot } from './demo-bot.js';
import { runIlinkDemo } from './demo-ilink.js';
import { playScene, type SceneStep, showSimulatorQr } from './demo-parts.js';
import { loggingSender } from './logging-sender.js';
import { describeMessage } from './describe.js';
import { integerFrom, numberFrom } from './option-values.js';
import { stopOnSignals, untilStopped } from './stop-signal.js';
import { type Io, Printer } from './terminal.js';
import { transferBar } from './progress.js';

export interface DemoArgs {
  readonly duration: number;
  readonly json?: boolean;
  readonly seed: number;
  /** Keep the simulator and its playground open after the scene, until Ctrl-C. */
  readonly ui?: boolean;
}

export function demoCommand(io: Io, done: (code: number) => void): Command {
  return cliCommand('demo', io)
    .description('the sample bot against the embedded simulator, with a scripted phone (npm start)')
    .usage('[--ilink] [--duration SECONDS | --ui] [--json] [--seed N]')
    .option('--ilink', 'run it on the iLink simulator: a bot that people write to directly')
    .addOption(new Option('--ui', 'keep the playground (the chat page the demo prints) open after the scene, until Ctrl-C').conflicts(['ilink', 'duration']))
    .option('--duration <seconds>', 'how long the scene runs, 3-3600', numberFrom(3, 3600), 12)
    .option('--json', 'one JSON object per line instead of the readable log')
    .option('--seed <n>', 'the seed of the simulated world', integerFrom(0), 7)
    .action(async (args: DemoArgs & { readonly ilink?: boolean }) => done(await (args.ilink === true ? runIlinkDemo(args, io) : runDemo(args, io))));
}

/** The scene: a friend chats, a group member @-mentions you, a file arrives, a message is recalled, someone joins. */
function scene(sim: Simulator): SceneStep<Simulator>[] {
  const world = sim.world();
  const [alice, carol] = world.friends();
  const group = world.groups()[0];
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

export async function runDemo(args: DemoArgs, io: Io = process): Promise<number> {
  const print = new Printer(io, args.json === true);
  const sim = await startSimulator({ seed: args.seed, loginHoldMs: 2000, syncHoldMs: 5000, world: { friends: 6, groups: 2, groupSize: 8 }, ui: true });
  const client = createClient({ server: sim.origin, sendRate: { intervalMs: 250, burst: 4 } });
  const downloads = await mkdtemp(join(tmpdir(), 'wechat-rx-demo-'));
  const subscriptions = new Subscription();
  const timers: NodeJS.Timeout[] = [];
  const signal = stopOnSignals(io);

  try {
    print.line('info', `simulator on ${sim.origin}; logging in (desktop mode)`);
    print.line('info', `playground: ${sim.playgroundUrl ?? ''} (talk to the bot in a browser${args.ui === true ? '; open until Ctrl-C' : ''})`);
    subscriptions.add(client.events$.subscribe((event) => printEvent(print, event)));
    const login = await untilStopped(
      client.login$.pipe(
        tap((step) => {
          if (step.type === 'uuid') void showSimulatorQr(print, io, step.qrUrl).then(() => scanLater(sim, timers));
          if (step.type === 'scanned') print.line('info', 'the simulated phone scanned the QR code');
          if (step.type === 'confirmed') print.line('info', 'the simulated phone confirmed the login');
        }),
      ),
      signal,
    );
    if (login.type !== 'completed') return 0;
    print.line('info', `online as ${client.user?.NickName ?? 'me'}; the bot is listening`);
    const errors = createErrorChannel();
    subscriptions.add(errors.errors$.subscribe((error) => print.line('warn', error.message)));
    const bot$ = demoBot(loggingSender(client, print, (chat) => client.contacts.get(chat)?.name ?? chat), {
      saveFile: (message) => saveFile(client, message, downloads, io, args.json === true),
      onRecall: (notice) =>
        print.line('in', `${notice.senderName ?? notice.from} recalled ${notice.original ? describeMessage(notice.original) : 'a message'}`),
      onError: errors.report,
    });
    subscriptions.add(bot$.subscribe());
    await playScene(sim, scene(sim), { sceneSeconds: SCENE_SECONDS, durationS: args.ui === true ? undefined : args.duration }, signal, timers, print);
    return 0;
  } finally {
    signal.release();
    for (const timer of timers) clearTimeout(timer);
    subscriptions.unsubscribe();
    await lastValueFrom(client.logout(), { defaultValue: undefined }).catch(() => undefined);
    await sim.close();
    await rm(downloads, { recursive: true, force: true });
  }
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

/** An incoming message as the demo's log shows it: who, where, what. */
export function inLine(message: WxMessage): string {
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

/**
 * `wechat-rx demo --ilink` (`npm start -- --ilink`): the demo bot of `wechat-rx demo`, the same function, on the
 * embedded iLink simulator. Its phone binds the bot, then a few people write to it directly (iLink has no groups):
 * texts, a file, a picture, a voice message with WeChat's transcript, a quote. The live log prints each message in
 * and each reply out; the demo ends by itself after the scene (`--duration`) or on Ctrl-C, with exit code 0.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, map, Subscription, tap } from 'rxjs';
import { createErrorChannel } from '../../operators/error-channel.js';
import { connectIlink } from '../ilink/client/client.js';
import type { IlinkEvent } from '../ilink/client/types.js';
import { startIlinkSimulator, type IlinkSimulator } from '../testing/ilink-simulator/index.js';
import { demoBot } from './demo-bot.js';
import { playScene, type SceneStep, showSimulatorQr } from './demo-parts.js';
import { describeMessage } from './describe.js';
import { explainFailure } from './explain.js';
import { loggingSender } from './logging-sender.js';
import { stopOnSignals, untilStopped } from './stop-signal.js';
import { type Io, Printer } from './terminal.js';

export interface IlinkDemoArgs {
  readonly duration: number;
  readonly json?: boolean;
  readonly seed: number;
}

/** The people of the scene: simulated WeChat users 1 to 3 (user 0 is the owner, who scans). */
const PEOPLE = ['Alice', 'Bob', 'Carol'] as const;

/** A 1×1 PNG: the picture Bob sends. */
const PICTURE = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** The scene: a chat with Alice, Bob asks for help, Carol sends a report, a picture, a voice message, a quote. */
function scene(sim: IlinkSimulator): SceneStep<IlinkSimulator>[] {
  const [alice, bob, carol] = PEOPLE.map((_, i) => sim.userId(i + 1)) as [string, string, string];
  const report = Buffer.alloc(48 * 1024, '%PDF-1.4 quarterly report\n');
  return [
    { at: 0.5, run: (s) => void s.inject({ kind: 'text', from: alice, text: 'Hi bot, nice to meet you!' }) },
    { at: 1.3, run: (s) => void s.inject({ kind: 'text', from: alice, text: 'ping' }) },
    { at: 2.2, run: (s) => void s.inject({ kind: 'text', from: bob, text: 'help' }) },
    { at: 3.2, run: (s) => void s.inject({ kind: 'file', from: carol, fileName: 'quarterly-report.pdf', data: report }) },
    { at: 4.4, run: (s) => void s.inject({ kind: 'image', from: bob, data: PICTURE }) },
    { at: 5.4, run: (s) => void s.inject({ kind: 'voice', from: carol, data: Buffer.alloc(3000, 1), transcript: 'see you at noon', playtimeMs: 2000 }) },
    { at: 6.4, run: (s) => void s.inject({ kind: 'quote', from: alice, text: 'yes, that one', quotedText: 'Saved quarterly-report.pdf' }) },
  ];
}
const SCENE_SECONDS = 7;

export async function runIlinkDemo(args: IlinkDemoArgs, io: Io = process): Promise<number> {
  const print = new Printer(io, args.json === true);
  const sim = await startIlinkSimulator({ seed: args.seed, qrHoldMs: 2000, updatesHoldMs: 5000 });
  const names = new Map(PEOPLE.map((name, i) => [sim.userId(i + 1), name]));
  const nameOf = (id: string): string => names.get(id) ?? id;
  const client = connectIlink({ server: sim.origin, sendIntervalMs: 250, qrPollIntervalMs: 200 });
  const downloads = await mkdtemp(join(tmpdir(), 'wechat-rx-demo-'));
  const subscriptions = new Subscription();
  const timers: NodeJS.Timeout[] = [];
  const signal = stopOnSignals(io);

  try {
    print.line('info', `iLink simulator on ${sim.origin}; binding a bot`);
    subscriptions.add(client.events$.subscribe((event) => printEvent(print, event, nameOf)));
    let botId = '';
    const login = await untilStopped(
      client.login$.pipe(
        tap((step) => {
          if (step.type === 'qr') void showSimulatorQr(print, io, step.qrUrl).then(() => timers.push(setTimeout(() => sim.scan(), 600)));
          if (step.type === 'scanned') {
            print.line('info', 'the simulated phone scanned the QR code');
            timers.push(setTimeout(() => sim.confirm(), 600));
          }
          if (step.type === 'logged-in') {
            botId = step.botId;
            print.line('info', 'the simulated phone confirmed the binding');
          }
        }),
      ),
      signal,
    );
    if (login.type !== 'completed') return 0;
    print.line('info', `online as bot ${botId}; the bot is listening`);
    const errors = createErrorChannel();
    subscriptions.add(errors.errors$.subscribe((error) => print.line('warn', error.message)));
    const bot$ = demoBot(loggingSender(client, print, nameOf), {
      saveFile: (message) => client.download(message, { to: downloads }).pipe(map((saved) => ({ path: saved.path, size: saved.size }))),
      // iLink has no recalls: this hook never runs here.
      onRecall: () => undefined,
      onError: errors.report,
    });
    subscriptions.add(bot$.subscribe());
    await playScene(sim, scene(sim), { sceneSeconds: SCENE_SECONDS, durationS: args.duration }, signal, timers, print);
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

function printEvent(print: Printer, event: IlinkEvent, nameOf: (id: string) => string): void {
  if (event.type !== 'message') {
    print.line('warn', event.type === 'session-ended' ? `session ended: ${explainFailure(event.error)}` : explainFailure(event.error));
    return;
  }
  const message = event.message;
  if (message.isSelf) return;
  print.line('in', `${nameOf(message.from)}: ${describeMessage(message)}`, { message: { kind: message.kind, chat: nameOf(message.chat) } });
}

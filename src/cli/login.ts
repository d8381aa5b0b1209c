/**
 * `wechat-rx login`: a real Web WeChat login. The QR shows in the terminal and is saved as a PNG; desktop mode is on
 * by default; `--session FILE` keeps the session so the next run resumes without a scan. Incoming messages are
 * printed (one line each, or JSON with `--json`); `--download DIR` saves incoming files with a progress bar.
 * `--ilink` binds an iLink bot instead (login-ilink.ts).
 */
import { type Command, Option } from 'commander';
import { catchError, EMPTY, filter, lastValueFrom, mergeMap, Subscription, tap } from 'rxjs';
import { createClient, type WeChatClient } from '../web/client/client.js';
import type { ClientOptions } from '../web/client/options.js';
import type { WxMessage } from '../model/message.js';
import { FileSessionStore } from '../web/session/file-session-store.js';
import { cliCommand } from './command.js';
import { describeMessage } from './describe.js';
import { explainFailure } from './explain.js';
import { DEFAULT_ILINK_SESSION, runIlinkLogin } from './login-ilink.js';
import { absolutePath, serverUrl } from './option-values.js';
import { checkQrFile, checkSessionFile, ensureDownloadFolder } from './paths.js';
import { transferBar } from './progress.js';
import { removeLoginQr, showLoginQr } from './qr.js';
import { cancelledExitCode, stopOnSignals, untilStopped } from './stop-signal.js';
import { type Io, Printer } from './terminal.js';

export interface LoginArgs {
  readonly session?: string;
  readonly qr: string;
  readonly download?: string;
  readonly json?: boolean;
  readonly desktop: boolean;
  readonly server?: string;
}

/** `--server URL`, as `login` and `send` document it. */
export const SERVER_HELP =
  'send every request to this origin instead of the WeChat hosts (a `wechat-rx sim`); a session saved against one server and used with another talks only to the new one';

export function loginCommand(io: Io, done: (code: number) => void): Command {
  return cliCommand('login', io)
    .description('log in to an account (or with --ilink, bind an iLink bot): QR code in the terminal, then the incoming messages')
    .usage('[--ilink] [--session FILE] [--qr FILE] [--download DIR] [--json] [--no-desktop] [--server URL]')
    .option('--ilink', `bind a bot on Tencent's iLink bot protocol instead of a web login (the session defaults to ./${DEFAULT_ILINK_SESSION})`)
    .option('--session <file>', 'keep the session in FILE (mode 0600) and resume from it without scanning', absolutePath)
    .addOption(qrOption().conflicts('ilink'))
    .option('--download <dir>', 'save incoming files, images, voice and video to DIR (created if missing)', absolutePath)
    .option('--json', 'one JSON object per line instead of the readable log')
    .addOption(new Option('--no-desktop', 'use the classic web login instead of the desktop (UOS) variant').conflicts('ilink'))
    .option('--server <url>', SERVER_HELP, serverUrl)
    .action(async (args: LoginArgs & { readonly ilink?: boolean }) => done(await (args.ilink === true ? runIlinkLogin(args, io) : runLogin(args, io))));
}

/** `--qr FILE` of `login` and `send`. */
export function qrOption(): Option {
  return new Option('--qr <file>', 'where to save the QR code as PNG').argParser(absolutePath).default(absolutePath('wechat-rx-qr.png'), './wechat-rx-qr.png');
}

export async function runLogin(args: LoginArgs, io: Io = process): Promise<number> {
  const hadSession = args.session !== undefined && (await checkSessionFile(args.session));
  await checkQrFile(args.qr);
  if (args.download !== undefined) await ensureDownloadFolder(args.download);
  const print = new Printer(io, args.json === true);
  const options: ClientOptions = {
    desktop: args.desktop,
    ...(args.server === undefined ? {} : { server: args.server }),
    ...(args.session === undefined ? {} : { store: new FileSessionStore(args.session) }),
  };
  const client = createClient(options);
  const subscriptions = new Subscription();
  const signal = stopOnSignals(io);
  let qrShown = false;
  let interrupted = false;

  try {
    subscriptions.add(
      client.state$.subscribe((state) => {
        if (state.status === 'reconnecting') {
          interrupted = true;
          print.line('warn', `session interrupted, trying push login: ${explainFailure(state.error)}`);
        }
        if (state.status === 'online' && interrupted) {
          interrupted = false;
          print.line('info', 'back online');
        }
        // The server ended the session, or the push login after it failed: either way login is over.
        if (state.status === 'logged-out' && (state.reason.type === 'session-ended' || state.reason.type === 'failed')) signal.fail(state.reason.error);
      }),
    );
    subscriptions.add(client.messages$.pipe(filter((m) => m.kind !== 'status-notify')).subscribe((m) => print.line('in', lineOf(m), { message: m.kind })));
    if (args.download !== undefined) subscriptions.add(saveDownloads(client, args.download, print, io, args.json === true));

    const login = await untilStopped(
      client.login$.pipe(
        mergeMap(async (step) => {
          if (step.type === 'uuid') {
            if (!qrShown && hadSession) print.hint(`the session in ${args.session ?? ''} was not accepted any more: log in again`);
            qrShown = true;
            await showLoginQr(step.qrUrl, args.qr, io, print);
          } else if (step.type === 'qr-expired') print.line('info', 'the QR code expired; here is a new one');
          else if (step.type === 'scanned') print.line('info', 'scanned: confirm the login on your phone');
          else if (step.type === 'confirmed') {
            print.line('info', 'confirmed: starting the session');
            if (qrShown) await removeLoginQr(args.qr);
          }
          else print.line('info', `online as ${step.user.NickName ?? step.user.UserName}${step.resumed ? ' (resumed)' : ''}; Ctrl-C to stop`);
        }),
      ),
      signal,
    );
    if (login.type === 'signal') {
      print.hint(`login cancelled (${login.signal === 'SIGINT' ? 'Ctrl-C' : 'SIGTERM'}): not logged in`);
      return cancelledExitCode(login.signal);
    }
    // Once online, Ctrl-C (or SIGTERM, or a closed stdout) is the normal way to stop.
    const stop = login.type === 'completed' ? await signal.stopped : login;
    if (stop.type === 'failed') throw stop.error;
    return 0;
  } finally {
    signal.release();
    subscriptions.unsubscribe();
    if (qrShown) await removeLoginQr(args.qr);
    // With a session file, stopping keeps the session for the next run; without one there is nothing to resume.
    const end$ = args.session === undefined ? client.logout() : client.close();
    await lastValueFrom(end$, { defaultValue: undefined }).catch(() => undefined);
  }
}

/** Saves incoming files, images, voice and video into `folder`, two at a time, each with a progress bar. */
function saveDownloads(client: WeChatClient, folder: string, print: Printer, io: Io, json: boolean): Subscription {
  return client.messages$
    .pipe(
      filter((m) => !m.isSelf && ['file', 'image', 'voice', 'video'].includes(m.kind)),
      mergeMap((m) => {
        const bar = transferBar(io, json, `download ${m.kind}`, m.kind === 'file' ? m.size : 0);
        return client.download(m as Parameters<typeof client.download>[0], { to: folder }).pipe(
          tap((event) => {
            if (event.type === 'progress') bar.update(event.loaded, event.total);
            if (event.type === 'saved') print.line('info', `saved ${event.path} (${event.size} bytes)`);
          }),
          tap({ finalize: () => bar.stop() }),
          catchError((error: unknown) => {
            print.line('warn', explainFailure(error));
            return EMPTY;
          }),
        );
      }, 2),
    )
    .subscribe();
}

function lineOf(message: WxMessage): string {
  const who = message.isSelf ? 'me' : (message.senderName ?? message.from);
  const where = message.isGroup ? ` in ${message.chatName ?? message.chat}` : '';
  return `${who}${where}: ${describeMessage(message)}`;
}

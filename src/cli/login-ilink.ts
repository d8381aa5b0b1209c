/**
 * `wechat-rx login --ilink`: binds a bot on Tencent's iLink bot protocol. The QR shows in the terminal, each step of
 * the binding is said in words (a pair code the phone shows is typed on the terminal), the session is kept in a file
 * so the next run resumes without a scan, and incoming messages are printed (`--download DIR` saves their media).
 */
import { catchError, concatMap, EMPTY, filter, lastValueFrom, mergeMap, Subscription, tap } from 'rxjs';
import { connectIlink, type IlinkClient } from '../ilink/client/client.js';
import type { IlinkEvent, IlinkLoginStep } from '../ilink/client/types.js';
import type { IlinkDownloadable } from '../ilink/client/media-ops.js';
import type { IlinkMessage } from '../ilink/protocol/messages/ilink-message.js';
import { MAX_QR_CODES } from '../ilink/protocol/login-status.js';
import { ilinkFileStore } from '../ilink/session/stores.js';
import type { WxMessage } from '../model/message.js';
import { describeMessage } from './describe.js';
import { explainFailure } from './explain.js';
import { absolutePath } from './option-values.js';
import { PairCodePrompt } from './pair-code.js';
import { checkSessionFile, ensureDownloadFolder } from './paths.js';
import { showTerminalQr } from './qr.js';
import { cancelledExitCode, stopOnSignals, untilStopped } from './stop-signal.js';
import { type Io, Printer } from './terminal.js';

/** Where `--ilink` keeps the session without `--session`: a file of its own, never the Web login's. */
export const DEFAULT_ILINK_SESSION = 'wechat-rx-ilink-session.json';

export interface IlinkLoginArgs {
  readonly session?: string;
  readonly download?: string;
  readonly json?: boolean;
  readonly server?: string;
}

const MEDIA_KINDS: ReadonlySet<string> = new Set(['image', 'voice', 'video', 'file']);

export async function runIlinkLogin(args: IlinkLoginArgs, io: Io = process): Promise<number> {
  const session = args.session ?? absolutePath(DEFAULT_ILINK_SESSION);
  const hadSession = await checkSessionFile(session);
  if (args.download !== undefined) await ensureDownloadFolder(args.download);
  const print = new Printer(io, args.json === true);
  const client = connectIlink({ store: ilinkFileStore(session), ...(args.server === undefined ? {} : { server: args.server }) });
  const subscriptions = new Subscription();
  const signal = stopOnSignals(io);
  const pairCode = new PairCodePrompt(io, print);

  try {
    subscriptions.add(
      client.state$.subscribe((state) => {
        if (state.status === 'logged-out' && state.reason.type === 'session-ended') signal.fail(state.reason.error);
      }),
    );
    subscriptions.add(client.events$.subscribe((event) => printEvent(print, event)));
    if (args.download !== undefined) subscriptions.add(saveDownloads(client, args.download, print));

    let lastQr = 0;
    const login = await untilStopped(
      client.login$.pipe(
        concatMap(async (step) => {
          if (step.type === 'qr' && lastQr === 0 && hadSession) {
            print.hint(`the session in ${session} was not accepted any more (the bot was bound again elsewhere, or its token expired): scan again`);
          }
          if (step.type === 'qr') lastQr = step.attempt;
          if (step.type === 'verify-code') await pairCode.answer(step);
          else await announce(step, { io, print, session, lastQr });
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
    pairCode.close();
    signal.release();
    subscriptions.unsubscribe();
    // The session stays in its file for the next run (a dead token has already been forgotten by the client).
    await lastValueFrom(client.close(), { defaultValue: undefined }).catch(() => undefined);
  }
}

interface Announcer {
  readonly io: Io;
  readonly print: Printer;
  readonly session: string;
  /** The number of the QR code shown last (1 to `MAX_QR_CODES`). */
  readonly lastQr: number;
}

/** Says a login step in words (the pair code is asked for elsewhere). */
async function announce(step: Exclude<IlinkLoginStep, { type: 'verify-code' }>, { io, print, session, lastQr }: Announcer): Promise<void> {
  switch (step.type) {
    case 'qr':
      await showTerminalQr(step.qrUrl, io, print, `scan the QR code with WeChat on your phone to bind the bot (code ${step.attempt} of ${MAX_QR_CODES})`);
      return;
    case 'scanned':
      print.line('info', 'scanned: confirm on your phone');
      return;
    case 'verify-code-blocked':
      print.line('warn', `too many wrong pair codes${lastQr < MAX_QR_CODES ? ': here is a new QR code' : ''}`);
      return;
    case 'redirected':
      print.line('info', `the login moved to ${step.host}; still waiting for the confirmation`);
      return;
    case 'expired':
      print.line('info', `the QR code expired${lastQr < MAX_QR_CODES ? '; here is a new one' : ''}`);
      return;
    case 'logged-in':
      print.line(
        'info',
        `online as bot ${step.botId} of ${step.userId}${step.resumed ? ' (resumed)' : ''}, session kept in ${session}; Ctrl-C to stop`,
        { botId: step.botId, userId: step.userId, resumed: step.resumed },
      );
  }
}

function printEvent(print: Printer, event: IlinkEvent): void {
  switch (event.type) {
    case 'message':
      print.line('in', lineOf(event.message), { message: event.message.kind });
      return;
    case 'session-ended':
      // Said once, in words, when the command stops on it.
      return;
    default:
      print.line('warn', explainFailure(event.error));
  }
}

function lineOf(message: WxMessage): string {
  return `${message.isSelf ? 'me' : (message.senderName ?? message.from)}: ${describeMessage(message)}`;
}

/** Saves incoming pictures, voice, video and files into `folder` (decrypted), two at a time. */
function saveDownloads(client: IlinkClient, folder: string, print: Printer): Subscription {
  return client.messages$
    .pipe(
      filter((m): m is IlinkMessage & IlinkDownloadable => !m.isSelf && MEDIA_KINDS.has(m.kind)),
      mergeMap(
        (m) =>
          client.download(m, { to: folder }).pipe(
            tap((saved) => print.line('info', `saved ${saved.path} (${saved.size} bytes)`)),
            catchError((error: unknown) => {
              print.line('warn', explainFailure(error));
              return EMPTY;
            }),
          ),
        2,
      ),
    )
    .subscribe();
}

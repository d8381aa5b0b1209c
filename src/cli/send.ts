/**
 * `wechat-rx send`: sends a text or a file from a saved session (`wechat-rx login --session FILE`), with a progress
 * bar for the upload, then keeps the session for the next command. Without a usable session it shows the login QR
 * first, like `login`. `--ilink` sends from a saved iLink bot instead (send-ilink.ts).
 */
import { basename } from 'node:path';
import type { Command } from 'commander';
import { concat, defer, filter, firstValueFrom, ignoreElements, mergeMap, type Observable, switchMap, tap, lastValueFrom } from 'rxjs';
import { createClient, type WeChatClient } from '../web/client/client.js';
import type { SendResult } from '../model/events.js';
import { UnknownChatError } from '../errors/unknown-chat-error.js';
import { checkMediaSource } from '../web/media/source.js';
import { FileSessionStore } from '../web/session/file-session-store.js';
import { cliCommand, USAGE_EXIT_CODE } from './command.js';
import { qrOption, SERVER_HELP } from './login.js';
import { absolutePath, serverUrl } from './option-values.js';
import { checkQrFile, checkSessionFile } from './paths.js';
import { transferBar } from './progress.js';
import { removeLoginQr, showLoginQr } from './qr.js';
import { runIlinkSend } from './send-ilink.js';
import { cancelledExitCode, stopOnSignals, untilStopped } from './stop-signal.js';
import { type Io, Printer } from './terminal.js';

export interface SendArgs {
  readonly session: string;
  readonly to: string;
  readonly text?: string;
  readonly file?: string;
  readonly qr: string;
  readonly json?: boolean;
  readonly server?: string;
}

export function sendCommand(io: Io, done: (code: number) => void): Command {
  return cliCommand('send', io)
    .description('send a text or a file (with a progress bar) from a saved session (--ilink: from an iLink bot)')
    .usage('[--ilink] --session FILE --to NAME (--text TEXT | --file PATH) [--qr FILE] [--json] [--server URL]')
    .option('--ilink', 'send from the iLink bot saved by `wechat-rx login --ilink --session FILE`')
    .requiredOption('--session <file>', 'the session saved by `wechat-rx login --session FILE` (a QR login if it is missing or expired)', absolutePath)
    .requiredOption('--to <name>', 'a contact or group: remark, nickname, alias, group name, or a UserName / filehelper; with --ilink the user id (…@im.wechat)')
    .option('--text <text>', 'the text to send')
    .option('--file <path>', 'the file to send', absolutePath)
    .addOption(qrOption().conflicts('ilink'))
    .option('--json', 'one JSON object per line instead of the readable log')
    .option('--server <url>', SERVER_HELP, serverUrl)
    .action(async (args: SendArgs & { readonly ilink?: boolean }, command: Command) => {
      if ((args.text === undefined) === (args.file === undefined)) command.error('error: give exactly one of --text and --file', { exitCode: USAGE_EXIT_CODE });
      // Checked before any login: an empty value found after the QR scan would cost the user a scan for nothing.
      if (args.text !== undefined && args.text.trim() === '') command.error('error: --text is empty: give the text to send', { exitCode: USAGE_EXIT_CODE });
      if (args.to.trim() === '') command.error('error: --to is empty: name a contact or group', { exitCode: USAGE_EXIT_CODE });
      done(await (args.ilink === true ? runIlinkSend(args, io) : runSend(args, io)));
    });
}

export async function runSend(args: SendArgs, io: Io = process): Promise<number> {
  // Every path is checked before the login, so a typo costs no QR scan.
  const hadSession = await checkSessionFile(args.session);
  if (args.file !== undefined) await checkMediaSource(args.file);
  await checkQrFile(args.qr);
  const print = new Printer(io, args.json === true);
  const client = createClient({ store: new FileSessionStore(args.session), ...(args.server === undefined ? {} : { server: args.server }) });
  // Its point is the side effect: a reader that goes away (`| head`) does not cancel it.
  const signal = stopOnSignals(io, { whenOutputCloses: false });
  let result: SendResult | undefined;
  let qrShown = false;
  try {
    const login$ = client.login$.pipe(
      mergeMap(async (step) => {
        if (step.type !== 'uuid') return;
        if (!qrShown) {
          print.hint(
            hadSession
              ? `the session in ${args.session} was not accepted any more: log in again`
              : `no session in ${args.session} yet: log in (the session is then kept there for the next send)`,
          );
        }
        qrShown = true;
        await showLoginQr(step.qrUrl, args.qr, io, print);
      }),
      ignoreElements(),
    );
    const send$ = defer(() => chatOf(client, args.to)).pipe(
      switchMap((chat) => sendTo$(client, chat, args, io)),
      tap((sent) => (result = sent)),
    );
    const outcome = await untilStopped(concat(login$, send$), signal);
    if (outcome.type === 'signal') {
      print.hint(`send cancelled (${outcome.signal === 'SIGINT' ? 'Ctrl-C' : 'SIGTERM'})`);
      return cancelledExitCode(outcome.signal);
    }
    if (result !== undefined) print.line('out', `to ${args.to}: ${args.text === undefined ? basename(args.file ?? '') : `"${args.text}"`}`, { msgId: result.msgId });
    return 0;
  } finally {
    signal.release();
    if (qrShown) await removeLoginQr(args.qr);
    await lastValueFrom(client.close(), { defaultValue: undefined }).catch(() => undefined);
  }
}

/** The chat for a name: a UserName or fixed account as is, else the best contact match once contacts are loaded. */
async function chatOf(client: WeChatClient, to: string): Promise<string> {
  if (to.startsWith('@') || to === 'filehelper') return to;
  const snapshot = await firstValueFrom(client.contacts$.pipe(filter((s) => s.size > 0)));
  const contact = snapshot.find(to);
  if (contact === undefined) throw new UnknownChatError('send', to);
  return contact.userName;
}

function sendTo$(client: WeChatClient, chat: string, args: SendArgs, io: Io): Observable<SendResult> {
  if (args.file === undefined) return client.send(chat, args.text ?? '');
  const bar = transferBar(io, args.json === true, `upload ${basename(args.file)}`, 0);
  return client.sendFile(chat, args.file, { onProgress: (p) => bar.update(p.loaded, p.total) }).pipe(tap({ finalize: () => bar.stop() }));
}

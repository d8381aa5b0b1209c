/**
 * `wechat-rx send --ilink`: sends a text or a file from the iLink bot saved by `wechat-rx login --ilink`, to a user
 * who wrote to the bot (iLink sends need the context token of that user's latest message, kept in the session file).
 * It never starts a QR login: a new bot could not write to anyone yet.
 */
import { basename } from 'node:path';
import { concat, defer, ignoreElements, lastValueFrom, map, type Observable, tap } from 'rxjs';
import { connectIlink, type IlinkClient } from '../ilink/client/client.js';
import type { IlinkSendResult } from '../ilink/client/types.js';
import { ilinkFileStore } from '../ilink/session/stores.js';
import { checkMediaSource } from '../web/media/source.js';
import { LoginNeededError } from './errors.js';
import { checkSessionFile } from './paths.js';
import { transferBar } from './progress.js';
import { cancelledExitCode, stopOnSignals, untilStopped } from './stop-signal.js';
import { type Io, Printer } from './terminal.js';

export interface IlinkSendArgs {
  readonly session: string;
  readonly to: string;
  readonly text?: string;
  readonly file?: string;
  readonly json?: boolean;
  readonly server?: string;
}

export async function runIlinkSend(args: IlinkSendArgs, io: Io = process): Promise<number> {
  // Every path is checked before anything is sent.
  const loginFirst = `log in with \`wechat-rx login --ilink --session ${args.session}\`, have ${args.to} write to the bot, then send again`;
  if (!(await checkSessionFile(args.session))) throw new LoginNeededError(`no iLink session in ${args.session} yet: ${loginFirst}`);
  if (args.file !== undefined) await checkMediaSource(args.file);
  const print = new Printer(io, args.json === true);
  const client = connectIlink({ store: ilinkFileStore(args.session), ...(args.server === undefined ? {} : { server: args.server }) });
  // Its point is the side effect: a reader that goes away (`| head`) does not cancel it.
  const signal = stopOnSignals(io, { whenOutputCloses: false });
  const results: IlinkSendResult[] = [];
  try {
    const resume$ = client.login$.pipe(
      map((step) => {
        // The saved bot's token was refused (the client has forgotten it and would bind a new bot): stop here.
        if (step.type === 'qr') throw new LoginNeededError(`the bot saved in ${args.session} is no longer accepted (bound again elsewhere, or its token expired): ${loginFirst}`);
      }),
      ignoreElements(),
    );
    const send$ = defer(() => sendTo$(client, args, io)).pipe(tap((result) => results.push(result)));
    const outcome = await untilStopped(concat(resume$, send$), signal);
    if (outcome.type === 'signal') {
      print.hint(`send cancelled (${outcome.signal === 'SIGINT' ? 'Ctrl-C' : 'SIGTERM'})`);
      return cancelledExitCode(outcome.signal);
    }
    const what = args.file === undefined ? `"${args.text ?? ''}"` : basename(args.file);
    print.line('out', `to ${args.to}: ${what}`, { msgId: results.at(-1)?.msgId ?? '' });
    if (results.some((r) => !r.confirmed)) {
      print.line('warn', 'the server accepted the message without a message id: WeChat may not deliver it (users report this for throttled bots)');
    }
    return 0;
  } finally {
    signal.release();
    await lastValueFrom(client.close(), { defaultValue: undefined }).catch(() => undefined);
  }
}

/** A text (several results when it is split) or a file with an upload progress bar. */
function sendTo$(client: IlinkClient, args: IlinkSendArgs, io: Io): Observable<IlinkSendResult> {
  if (args.file === undefined) return client.send(args.to, args.text ?? '');
  const bar = transferBar(io, args.json === true, `upload ${basename(args.file)}`, 0);
  return client.sendFile(args.to, args.file, { onProgress: (p) => bar.update(p.loaded, p.total) }).pipe(tap({ finalize: () => bar.stop() }));
}

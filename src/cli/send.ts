/**
 * `wechat-rx send`: sends a text or a file from a saved session (`wechat-rx login --session FILE` first), with a
 * progress bar for the upload, then keeps the session for the next command.
 */
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { filter, firstValueFrom, lastValueFrom, mergeMap, type Observable } from 'rxjs';
import { createClient, type WeChatClient } from '../client/client.js';
import type { SendResult } from '../client/types.js';
import { FileSessionStore } from '../session/file-session-store.js';
import { explainFailure } from './login.js';
import { transferBar } from './progress.js';
import { type Io, Printer, parseCommand, terminalQr } from './terminal.js';

const USAGE = `usage: wechat-rx send --session FILE --to NAME (--text TEXT | --file PATH) [--json] [--server URL]
  --to NAME   a contact or group: remark, nickname, alias, group name, or a UserName / filehelper
`;

export interface SendArgs {
  readonly session: string;
  readonly to: string;
  readonly content: { readonly text: string } | { readonly file: string };
  readonly json: boolean;
  readonly server?: string;
}

export function parseSendArgs(argv: readonly string[]): SendArgs | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      session: { type: 'string' },
      to: { type: 'string' },
      text: { type: 'string' },
      file: { type: 'string' },
      json: { type: 'boolean' },
      server: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) return 'help';
  if (values.session === undefined || values.to === undefined) throw new TypeError('--session and --to are required');
  if ((values.text === undefined) === (values.file === undefined)) throw new TypeError('give exactly one of --text and --file');
  return {
    session: resolve(values.session),
    to: values.to,
    content: values.text === undefined ? { file: resolve(values.file ?? '') } : { text: values.text },
    json: values.json === true,
    ...(values.server === undefined ? {} : { server: values.server }),
  };
}

export async function runSend(argv: readonly string[], io: Io = process): Promise<number> {
  const args = parseCommand(parseSendArgs, argv, USAGE, io);
  if (typeof args === 'number') return args;
  const print = new Printer(io, args.json);
  const client = createClient({ store: new FileSessionStore(args.session), ...(args.server === undefined ? {} : { server: args.server }) });
  try {
    await lastValueFrom(
      client.login$.pipe(
        mergeMap(async (step) => {
          if (step.type === 'uuid') {
            print.line('info', 'the saved session was not accepted: scan the QR code to log in again');
            if (!args.json) io.stderr.write(await terminalQr(step.qrUrl));
          }
        }),
      ),
      { defaultValue: undefined },
    );
    const chat = await chatOf(client, args.to);
    const result = await lastValueFrom(send$(client, chat, args, io));
    print.line('out', `to ${args.to}: ${'text' in args.content ? `"${args.content.text}"` : basename(args.content.file)}`, { msgId: result.msgId });
    return 0;
  } catch (error) {
    print.line('error', explainFailure(error));
    return 1;
  } finally {
    await lastValueFrom(client.close(), { defaultValue: undefined }).catch(() => undefined);
  }
}

/** The chat for a name: a UserName or fixed account as is, else the best contact match once contacts are loaded. */
async function chatOf(client: WeChatClient, to: string): Promise<string> {
  if (to.startsWith('@') || to === 'filehelper') return to;
  const snapshot = await firstValueFrom(client.contacts$.pipe(filter((s) => s.size > 0)));
  const contact = snapshot.find(to);
  if (contact === undefined) throw new TypeError(`no contact or group matches ${JSON.stringify(to)}`);
  return contact.userName;
}

function send$(client: WeChatClient, chat: string, args: SendArgs, io: Io): Observable<SendResult> {
  if ('text' in args.content) return client.send(chat, args.content.text);
  const bar = transferBar(io, args.json, `upload ${basename(args.content.file)}`, 0);
  return client.sendFile(chat, args.content.file, { onProgress: (p) => bar.update(p.loaded, p.total) }).pipe(
    mergeMap(async (result) => {
      bar.stop();
      return result;
    }),
  );
}

/**
 * `wechat-rx login`: a real Web WeChat login. The QR shows in the terminal and is saved as a PNG; desktop mode is on
 * by default; `--session FILE` keeps the session so the next run resumes without a scan. Incoming messages are
 * printed (one line each, or JSON with `--json`); `--download DIR` saves incoming files with a progress bar.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { filter, lastValueFrom, mergeMap, Subscription, tap } from 'rxjs';
import { createClient } from '../client/client.js';
import type { ClientOptions } from '../client/options.js';
import {
  isLoginRefusedError,
  isQrExpiredError,
  isRateLimitedError,
  isSessionEndedError,
  isUnsafeRedirectError,
} from '../errors/guards.js';
import { describeRetcode } from '../protocol/codes.js';
import type { WxMessage } from '../protocol/message/types.js';
import { FileSessionStore } from '../session/file-session-store.js';
import { describeMessage } from './describe.js';
import { transferBar } from './progress.js';
import { type Io, Printer, saveQrPng, parseCommand, stopOnSignals, terminalQr } from './terminal.js';

const USAGE = `usage: wechat-rx login [--session FILE] [--qr FILE] [--download DIR] [--json] [--no-desktop] [--server URL]
  --session FILE   keep the session in FILE (mode 0600) and resume from it without scanning
  --qr FILE        where to save the QR code as PNG (default: ./wechat-rx-qr.png)
  --download DIR   save incoming files, images, voice and video to DIR
  --json           one JSON object per line instead of the readable log
  --no-desktop     use the classic web login instead of the desktop (UOS) variant
  --server URL     talk to this origin instead of WeChat (the simulator: wechat-rx sim)
`;

export interface LoginArgs {
  readonly session?: string;
  readonly qr: string;
  readonly download?: string;
  readonly json: boolean;
  readonly desktop: boolean;
  readonly server?: string;
}

export function parseLoginArgs(argv: readonly string[]): LoginArgs | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      session: { type: 'string' },
      qr: { type: 'string' },
      download: { type: 'string' },
      json: { type: 'boolean' },
      'no-desktop': { type: 'boolean' },
      server: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) return 'help';
  return {
    qr: resolve(values.qr ?? 'wechat-rx-qr.png'),
    json: values.json === true,
    desktop: values['no-desktop'] !== true,
    ...(values.session === undefined ? {} : { session: resolve(values.session) }),
    ...(values.download === undefined ? {} : { download: resolve(values.download) }),
    ...(values.server === undefined ? {} : { server: values.server }),
  };
}

/** What a user should read for the failures Web WeChat is known for: what happened and what to do. */
export function explainFailure(error: unknown): string {
  if (isLoginRefusedError(error)) {
    return (
      `WeChat refuses web login for this account (${error.ret}: ${error.serverMessage || describeRetcode(error.ret)}). ` +
      'Many accounts registered since 2017 cannot use web WeChat; use the Windows or Mac client instead.'
    );
  }
  if (isSessionEndedError(error)) {
    switch (error.retcode) {
      case 1100:
        return 'Logged out on the phone (1100). Run the command again to log in.';
      case 1101:
        return 'Logged out: this account logged in to web WeChat elsewhere, or the session expired (1101). Log in again.';
      default:
        return (
          'The server ended the session (1102): the cookies are no longer accepted. Since 2025 WeChat kicks many ' +
          'accounts this way seconds after login; waiting before the next attempt sometimes helps.'
        );
    }
  }
  if (isRateLimitedError(error)) return 'WeChat says the account is doing that too often (1205). Wait a few minutes, then try again.';
  if (isQrExpiredError(error)) return 'The QR code expired several times without being scanned. Run the command again when your phone is at hand.';
  if (isUnsafeRedirectError(error)) return error.message;
  return error instanceof Error ? error.message : String(error);
}

export async function runLogin(argv: readonly string[], io: Io = process): Promise<number> {
  const args = parseCommand(parseLoginArgs, argv, USAGE, io);
  if (typeof args === 'number') return args;
  const print = new Printer(io, args.json);
  const options: ClientOptions = {
    desktop: args.desktop,
    ...(args.server === undefined ? {} : { server: args.server }),
    ...(args.session === undefined ? {} : { store: new FileSessionStore(args.session) }),
  };
  const client = createClient(options);
  const subscriptions = new Subscription();
  const signal = stopOnSignals();
  const stop = signal.stop;

  subscriptions.add(
    client.state$.subscribe((state) => {
      if (state.status === 'reconnecting') print.line('warn', `session interrupted, trying push login: ${explainFailure(state.error)}`);
      if (state.status === 'logged-out' && state.reason.type === 'session-ended') {
        print.line('error', explainFailure(state.reason.error));
        stop(1);
      }
    }),
  );
  subscriptions.add(client.messages$.pipe(filter((m) => m.kind !== 'status-notify')).subscribe((m) => print.line('in', lineOf(m), { message: m.kind })));
  const download = args.download;
  if (download !== undefined) {
    subscriptions.add(
      client.messages$
        .pipe(
          filter((m) => !m.isSelf && ['file', 'image', 'voice', 'video'].includes(m.kind)),
          mergeMap((m) => {
            const bar = transferBar(io, args.json, `download ${m.kind}`, m.kind === 'file' ? m.size : 0);
            return client.download(m as Parameters<typeof client.download>[0], { to: download }).pipe(
              tap((event) => {
                if (event.type === 'progress') bar.update(event.loaded, event.total);
                if (event.type === 'saved') print.line('info', `saved ${event.path} (${event.size} bytes)`);
              }),
              tap({ finalize: () => bar.stop(), error: (error: unknown) => print.line('warn', explainFailure(error)) }),
            );
          }, 2),
        )
        .subscribe({ error: () => undefined }),
    );
  }

  try {
    await lastValueFrom(
      client.login$.pipe(
        mergeMap(async (step) => {
          if (step.type === 'uuid') {
            await saveQrPng(step.qrUrl, args.qr);
            if (!args.json) io.stderr.write(await terminalQr(step.qrUrl));
            print.line('info', `scan the QR code with WeChat on your phone (also saved as ${args.qr})`);
          } else if (step.type === 'qr-expired') print.line('info', 'the QR code expired; here is a new one');
          else if (step.type === 'scanned') print.line('info', 'scanned: confirm the login on your phone');
          else if (step.type === 'confirmed') print.line('info', 'confirmed: starting the session');
          else print.line('info', `online as ${step.user.NickName ?? step.user.UserName}${step.resumed ? ' (resumed)' : ''}; Ctrl-C to stop`);
        }),
      ),
    );
  } catch (error) {
    print.line('error', explainFailure(error));
    stop(1);
  }
  const code = await signal.stopped;
  signal.release();
  subscriptions.unsubscribe();
  // With a session file, stopping keeps the session for the next run; without one there is nothing to resume.
  const end$ = args.session === undefined ? client.logout() : client.close();
  await lastValueFrom(end$, { defaultValue: undefined }).catch(() => undefined);
  return code;
}

function lineOf(message: WxMessage): string {
  const who = message.isSelf ? 'me' : (message.senderName ?? message.from);
  const where = message.isGroup ? ` in ${message.chatName ?? message.chat}` : '';
  return `${who}${where}: ${describeMessage(message)}`;
}

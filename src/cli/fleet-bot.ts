/**
 * The bot of `wechat-rx demo`, unchanged, on every account of a fleet (through `fleet.runBot`), with the live log of
 * the demo: each message in and each reply out, named by account.
 */
import { EMPTY, ignoreElements, merge, type Observable, tap } from 'rxjs';
import type { ErrorSink } from '../../operators/error-channel.js';
import type { FleetMessage } from '../fleet/fleet-worker.js';
import type { BotClient } from '../model/bot-client.js';
import type { WxMessage } from '../model/message.js';
import { demoBot } from './demo-bot.js';
import { inLine } from './demo.js';
import { describeMessage } from './describe.js';
import type { Printer } from './terminal.js';

export function fleetDemoBot(print: Printer, onError: ErrorSink): (client: BotClient) => Observable<unknown> {
  return (client) => {
    // The client of one account: its messages carry the account's name, and name the chats the replies go to.
    let account = '';
    const chatNames = new Map<string, string>();
    const shown$ = client.messages$.pipe(
      tap((message) => {
        account = (message as Partial<FleetMessage>).account ?? account;
        const name = message.chatName ?? (message.isGroup ? undefined : message.senderName);
        if (name !== undefined) chatNames.set(message.chat, name);
        if (shows(message)) print.line('in', `${account}: ${inLine(message)}`, { message: { account, kind: message.kind, chat: message.chatName } });
      }),
      ignoreElements(),
    );
    const sender: BotClient = {
      messages$: client.messages$,
      send: (chat, text) => client.send(chat, text).pipe(tap(() => print.line('out', `${account} to ${chatNames.get(chat) ?? chat}: "${text}"`))),
    };
    const bot$ = demoBot(sender, {
      // A worker holds no session to download with: the file stays on the server, and the bot sends no receipt.
      saveFile: (message) => {
        print.line('info', `${account}: ${message.fileName} is not downloaded (fleet workers hold no session)`);
        return EMPTY;
      },
      onRecall: (notice) => print.line('in', `${account}: ${notice.senderName ?? notice.from} recalled ${notice.original ? describeMessage(notice.original) : 'a message'}`),
      onError,
    });
    return merge(shown$, bot$);
  };
}

function shows(message: WxMessage): boolean {
  return !message.isSelf && message.kind !== 'status-notify' && message.kind !== 'recall';
}

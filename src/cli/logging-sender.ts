import { type Observable, tap } from 'rxjs';
import type { BotClient, MessageSender } from '../model/bot-client.js';
import type { SendResult } from '../model/events.js';
import type { Printer } from './terminal.js';

/** A client the demo bot runs on: the Web client and the iLink client both fit. */
export type DemoClient = BotClient & Required<Pick<MessageSender, 'sendImage' | 'sendFile'>>;

/**
 * The client as the bot sees it, printing each reply once the server accepted it (`→` lines, the chat named by
 * `nameOf`). The bot talks to this wrapper; everything else goes to the real client.
 */
export function loggingSender(client: DemoClient, print: Printer, nameOf: (chat: string) => string): BotClient & MessageSender {
  const logged = (chat: string, what: string, sent$: Observable<SendResult>): Observable<SendResult> =>
    sent$.pipe(tap(() => print.line('out', `to ${nameOf(chat)}: ${what}`)));
  const markRead = client.markRead?.bind(client);
  return {
    messages$: client.messages$,
    send: (chat, text) => logged(chat, `"${text}"`, client.send(chat, text)),
    sendImage: (chat, source) => logged(chat, 'an image', client.sendImage(chat, source)),
    sendFile: (chat, source, options) => logged(chat, `file ${options?.name ?? ''}`.trim(), client.sendFile(chat, source, options)),
    ...(markRead === undefined ? {} : { markRead }),
  };
}

import { type Observable, tap } from 'rxjs';
import type { BotClient, MessageSender } from '../model/bot-client.js';
import type { WeChatClient } from '../web/client/client.js';
import type { SendResult } from '../model/events.js';
import type { Printer } from './terminal.js';

/**
 * The client as the bot sees it, printing each reply once the server accepted it (`→` lines). The bot talks to
 * this wrapper; everything else goes to the real client.
 */
export function loggingSender(client: WeChatClient, print: Printer): BotClient & MessageSender {
  const nameOf = (chat: string): string => client.contacts.get(chat)?.name ?? chat;
  const logged = (chat: string, what: string, sent$: Observable<SendResult>): Observable<SendResult> =>
    sent$.pipe(tap(() => print.line('out', `to ${nameOf(chat)}: ${what}`)));
  return {
    messages$: client.messages$,
    send: (chat, text) => logged(chat, `"${text}"`, client.send(chat, text)),
    sendImage: (chat, source) => logged(chat, 'an image', client.sendImage(chat, source)),
    sendFile: (chat, source, options) => logged(chat, `file ${options?.name ?? ''}`.trim(), client.sendFile(chat, source, options)),
    markRead: (chat) => client.markRead(chat),
  };
}

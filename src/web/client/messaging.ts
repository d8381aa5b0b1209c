import { defer, map, type Observable, switchMap } from 'rxjs';
import type { SendResult } from '../../model/events.js';
import { webwxstatusnotify } from '../protocol/endpoints/account.js';
import { messageLocalId, webwxsendmsg } from '../protocol/endpoints/send.js';
import { checkText } from './chat-check.js';
import type { OpsContext } from './ops-context.js';

/** Text messages and read marks; part of `WeChatClient`, which documents them. */
interface MessagingOperations {
  send(chat: string, text: string): Observable<SendResult>;
  markRead(chat: string): Observable<void>;
}

export function messagingOperations(ctx: OpsContext): MessagingOperations {
  return {
    send: (chat, text) =>
      defer(() => {
        checkText('send', text);
        // Chosen once, so a retry after 1205 resends the same message rather than a second one.
        const localId = messageLocalId(ctx.env);
        return ctx.knownChat('send', chat).pipe(
          switchMap(() =>
            ctx.invoke(webwxsendmsg, (state) => ({ from: state.user.UserName, to: chat, content: text, localId }), { operation: 'send', limited: true }),
          ),
          map((response) => ({ msgId: response.MsgID, localId: response.LocalID || localId, chat })),
        );
      }),
    markRead: (chat) =>
      ctx.invoke(webwxstatusnotify, (state) => ({ code: 1 as const, self: state.user.UserName, chat }), { operation: 'markRead' }).pipe(map(() => undefined)),
  };
}

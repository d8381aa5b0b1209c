import { readAnswer } from '../envelope.js';
import { idOf } from '../fields.js';
import { baseInfo } from '../headers.js';
import type { OutgoingItem } from '../outgoing.js';
import type { IlinkContext } from './context.js';
import { botPath, endpoint, postJson, SEND_MS } from './descriptor.js';

/** Sending (docs/ilink-protocol.md §7.2). */

export interface SendInput {
  /** The peer (`…@im.wechat`). */
  readonly to: string;
  /** New for every request (docs/ilink-protocol.md §7.2); also the send's `localId`. */
  readonly clientId: string;
  /** The peer's latest context token (docs/ilink-protocol.md §7.1). A credential: never shown. */
  readonly contextToken: string;
  readonly item: OutgoingItem;
}

export interface SendAnswer {
  /**
   * The server's id of the message. Absent on a `ret 0` that is known to go undelivered to some recipients (docs/ilink-protocol.md §7.5):
   * absence is the only signal a client gets.
   */
  readonly messageId?: string;
}

/**
 * docs/ilink-protocol.md §7.2: one message with exactly one item, as a finished bot message (`message_type` 2, `message_state` 2). A `ret -2`
 * is an `IlinkRetcodeError` here; the client turns it into `SendRefusedError` naming the peer and never retries it.
 */
export const sendMessage = endpoint({
  name: 'sendmessage',
  path: botPath('sendmessage'),
  timeoutMs: SEND_MS,
  build: (ctx: IlinkContext, input: SendInput, url) =>
    postJson(ctx, url, {
      msg: {
        from_user_id: '',
        to_user_id: input.to,
        client_id: input.clientId,
        message_type: 2,
        message_state: 2,
        context_token: input.contextToken,
        item_list: [input.item],
      },
      base_info: baseInfo(ctx.identity),
    }),
  decode: (text): SendAnswer => {
    const messageId = idOf(readAnswer('sendmessage', text), 'message_id');
    return messageId === undefined ? {} : { messageId };
  },
});

import type { WxMessage } from '../../../model/message.js';

/**
 * Where an iLink message came from: the `WeixinMessage` fields (docs/ilink-protocol.md §6.1) that are no credential.
 * The context token and every AES key and CDN parameter stay inside the client (replies and `download` use them).
 */
export interface IlinkMessageSource {
  /** `message_id` as exact decimal text (it exceeds 2^53); absent when the server sent none. */
  readonly messageId?: string;
  readonly seq?: number;
  readonly clientId?: string;
  readonly sessionId?: string;
  readonly groupId?: string;
  /** `message_type`: 0 none, 1 user, 2 bot. */
  readonly messageType: number;
  /**
   * `message_state`: 0 new, 2 finished — or 1 (generating) for a message the client held until its `FINISH` never
   * came (see `connectIlink`).
   */
  readonly messageState: number;
  readonly createTimeMs?: number;
  readonly updateTimeMs?: number;
  /** `run_id` of a generation run (bot messages). */
  readonly runId?: string;
  /** `item_list`, every item as sent but without credentials (unknown item types included). */
  readonly items: readonly unknown[];
}

/**
 * A message of the shared model (`WxMessage`) that arrived over iLink, with its origin in `ilink`. `raw` is a
 * Web-shaped view (`MsgId`, `FromUserName`, `ToUserName`, the Web `MsgType` of its kind, `Content`, `CreateTime` in
 * seconds) so code written for the Web client reads it unchanged.
 */
export type IlinkMessage = WxMessage & { readonly ilink: IlinkMessageSource };

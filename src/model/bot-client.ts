import type { Observable } from 'rxjs';
import type { SendResult } from './events.js';
import type { MediaSource } from './media-source.js';
import type { WxMessage } from './message.js';


/**
 * What the action operators need from a client: `WeChatClient` and the test client fit it. The methods beyond
 * `send` are optional so a minimal fake works too; an action that needs one the client lacks reports an
 * `ActionError` instead of sending.
 */
export interface MessageSender {
  send(chat: string, text: string): Observable<SendResult>;
  sendImage?(chat: string, source: MediaSource): Observable<SendResult>;
  sendFile?(chat: string, source: MediaSource, options?: { readonly name?: string }): Observable<SendResult>;
  /** Re-sends a received message (media by its server id) to another chat. */
  forward?(chat: string, message: WxMessage): Observable<SendResult>;
  markRead?(chat: string): Observable<void>;
}

/** A client a bot function can run on: incoming messages plus sending. `WeChatClient` and the test client fit it. */
export interface BotClient extends MessageSender {
  readonly messages$: Observable<WxMessage>;
}

/** The contact fields the filters read: a decoded `Contact` (`name`, `kind`) and a `RawContact` both fit it. */
export interface ContactInfo {
  readonly name?: string;
  readonly kind?: string;
  readonly NickName?: string;
  readonly RemarkName?: string;
  readonly VerifyFlag?: number;
}

/** Looks contacts up by UserName: `client.contacts` fits it, and so does a `Map<string, RawContact>`. */
export interface ContactLookup {
  get(userName: string): ContactInfo | undefined;
}

import type { RawMessage } from './raw/shapes.js';

/**
 * The decoded message model: one discriminated union on `kind`, the same for every transport. Every message has
 * the fields of `MessageBase`; each kind adds what a bot needs without reading XML.
 */
export interface MessageBase {
  /** `MsgId`: an exact decimal string, never a number. */
  readonly id: string;
  /** The conversation: the group's UserName for group messages, the peer's otherwise (also for self-sent ones). */
  readonly chat: string;
  /** The real sender: the member in a group, the logged-in user when self-sent. */
  readonly from: string;
  /** `ToUserName` as sent. */
  readonly to: string;
  readonly isGroup: boolean;
  readonly isSelf: boolean;
  /** Unix time in milliseconds (`CreateTime` × 1000). */
  readonly time: number;
  /**
   * The sender's name as the chat shows it (group alias, else remark, else nickname), filled in by the client from
   * its contact list; absent while the sender is not known yet (`from` keeps the raw UserName).
   */
  readonly senderName?: string;
  /** The chat's name (group topic, else remark, else nickname), filled in like `senderName`. */
  readonly chatName?: string;
  /** The server's object, unchanged (ids as exact strings). */
  readonly raw: RawMessage;
}

export interface TextMessage extends MessageBase {
  readonly kind: 'text';
  /** The text with the group prefix removed, `<br/>` as LF, entities decoded and emoji spans as Unicode. */
  readonly text: string;
  /** The names mentioned with `@name` + U+2005 (or at the very end), in order. */
  readonly mentions: readonly string[];
  /** Whether the logged-in user is among `mentions` (by group display name or nickname). */
  readonly mentionsSelf: boolean;
}

export interface ImageMessage extends MessageBase {
  readonly kind: 'image';
  /** Size of the full image in bytes, when the XML says. */
  readonly size?: number;
  readonly md5?: string;
  /** Thumbnail size as the server reports it. */
  readonly thumbWidth?: number;
  readonly thumbHeight?: number;
}

export interface VoiceMessage extends MessageBase {
  readonly kind: 'voice';
  /** Length in milliseconds. */
  readonly durationMs: number;
  /** WeChat's speech-to-text of the voice, when the transport delivers one (iLink does). */
  readonly transcript?: string;
}

export interface VideoMessage extends MessageBase {
  readonly kind: 'video';
  /** Length in seconds (`PlayLength`). */
  readonly durationSec: number;
  /** True for MsgType 62, the short "micro video". */
  readonly micro: boolean;
  readonly size?: number;
}

export interface EmoticonMessage extends MessageBase {
  readonly kind: 'emoticon';
  readonly md5?: string;
  readonly cdnUrl?: string;
  /** A store sticker (`productid` / `HasProductId`): web cannot download or re-send it. */
  readonly isStoreSticker: boolean;
}

export interface LocationMessage extends MessageBase {
  readonly kind: 'location';
  readonly label: string;
  readonly latitude?: number;
  readonly longitude?: number;
  readonly poiName?: string;
  readonly url?: string;
}

/** A person as XML payloads (cards, friend requests) describe them. `userName` is a real id or a per-login alias. */
export interface PersonInfo {
  readonly userName: string;
  readonly nickName: string;
  readonly alias?: string;
  readonly province?: string;
  readonly city?: string;
  readonly sex?: number;
  readonly signature?: string;
  readonly verifyFlag?: number;
}

export interface CardMessage extends MessageBase {
  readonly kind: 'card';
  readonly card: PersonInfo;
}

export interface FriendRequestMessage extends MessageBase {
  readonly kind: 'friend-request';
  /** The requester; `userName` is the per-login name to pass to webwxverifyuser. */
  readonly requester: PersonInfo;
  /** `RecommendInfo.Ticket` (`v2_…@stranger`), needed to accept. */
  readonly ticket: string;
  readonly scene: number;
  readonly greeting: string;
}

interface AppMessageBase extends MessageBase {
  /** `AppMsgType` (or the XML `<type>` when the field is absent). */
  readonly appType: number;
  readonly title: string;
  readonly description: string;
  readonly url: string;
  /** The decoded `<msg>` XML, kept so nothing is lost. */
  readonly xml: string;
}

export interface LinkMessage extends AppMessageBase {
  readonly kind: 'link';
}
export interface FileMessage extends AppMessageBase {
  readonly kind: 'file';
  readonly fileName: string;
  readonly size: number;
  readonly ext: string;
  /** The `MediaId` to download with webwxgetmedia. */
  readonly mediaId: string;
}
export interface MusicMessage extends AppMessageBase {
  readonly kind: 'music';
  readonly dataUrl?: string;
}
export interface ChatHistoryMessage extends AppMessageBase {
  readonly kind: 'chat-history';
}
export interface MiniProgramMessage extends AppMessageBase {
  readonly kind: 'mini-program';
  readonly appName?: string;
}
export interface TransferMessage extends AppMessageBase {
  readonly kind: 'transfer';
  /** The amount as the server writes it (`￥0.10`). */
  readonly fee?: string;
  readonly transferId?: string;
}
export interface RedPacketMessage extends AppMessageBase {
  readonly kind: 'red-packet';
}
export interface QuoteMessage extends AppMessageBase {
  readonly kind: 'quote';
  readonly quotedId?: string;
  readonly quotedText?: string;
}
export interface RealtimeLocationMessage extends AppMessageBase {
  readonly kind: 'realtime-location';
}
/** An app message of a type without its own kind; `appType` and `xml` say what it is. */
export interface AppMessage extends AppMessageBase {
  readonly kind: 'app';
}

export interface StatusNotifyMessage extends MessageBase {
  readonly kind: 'status-notify';
  readonly code: number;
  /** The chats named in `StatusNotifyUserName` (per-login names). */
  readonly chats: readonly string[];
}

/**
 * What a MsgType 10000 system text says, recognised in its Chinese and English forms. Names are as the text writes
 * them; `byMe` is true when the acting user (inviter, sharer, remover, renamer) is the logged-in user, whose name
 * field then holds the word the text uses (`你`, `You`).
 */
export type SystemEvent =
  | { readonly type: 'friend-added'; readonly name: string; readonly byMe: boolean }
  | { readonly type: 'group-invite'; readonly inviter: string; readonly invitees: readonly string[]; readonly byMe: boolean }
  | { readonly type: 'group-join-qr'; readonly joiner: string; readonly sharer: string; readonly byMe: boolean }
  | { readonly type: 'group-kick'; readonly remover: string; readonly removed: readonly string[]; readonly byMe: boolean }
  | { readonly type: 'group-removed-self'; readonly by: string }
  | { readonly type: 'group-leave'; readonly name: string }
  | { readonly type: 'group-topic'; readonly by: string; readonly topic: string; readonly byMe: boolean }
  | { readonly type: 'red-packet'; readonly direction: 'received' | 'sent' }
  | { readonly type: 'pat'; readonly text: string }
  | { readonly type: 'other' };

export interface SystemMessage extends MessageBase {
  readonly kind: 'system';
  readonly text: string;
  readonly event: SystemEvent;
}

export interface RecallMessage extends MessageBase {
  readonly kind: 'recall';
  /** The `MsgId` of the recalled message (`<msgid>`). */
  readonly recalledId: string;
  /** The client-side `<oldmsgid>`. */
  readonly oldMsgId?: string;
  /** `<replacemsg>`, e.g. `"Alice" 撤回了一条消息`, emoji spans decoded. */
  readonly replaceText: string;
  /** The conversation named in `<session>` (a real id). */
  readonly session?: string;
}

export interface VoipMessage extends MessageBase {
  readonly kind: 'voip';
  readonly msgType: 50 | 52 | 53;
}

export interface PossibleFriendMessage extends MessageBase {
  readonly kind: 'possible-friend';
  readonly person?: PersonInfo;
}

export interface SysNoticeMessage extends MessageBase {
  readonly kind: 'sys-notice';
  readonly text: string;
}

export interface UnknownMessage extends MessageBase {
  readonly kind: 'unknown';
  readonly msgType: number;
  readonly content: string;
}

export type WxMessage =
  | TextMessage
  | ImageMessage
  | VoiceMessage
  | VideoMessage
  | EmoticonMessage
  | LocationMessage
  | CardMessage
  | FriendRequestMessage
  | LinkMessage
  | FileMessage
  | MusicMessage
  | ChatHistoryMessage
  | MiniProgramMessage
  | TransferMessage
  | RedPacketMessage
  | QuoteMessage
  | RealtimeLocationMessage
  | AppMessage
  | StatusNotifyMessage
  | SystemMessage
  | RecallMessage
  | VoipMessage
  | PossibleFriendMessage
  | SysNoticeMessage
  | UnknownMessage;

export type MessageKind = WxMessage['kind'];
/** The message type of one kind: `MessageOfKind<'text'>` is `TextMessage`. */
export type MessageOfKind<K extends MessageKind> = Extract<WxMessage, { kind: K }>;

/** Who is logged in, as the decoder needs it: the per-login UserName, and the names a mention of you may use. */
export interface SelfInfo {
  readonly userName: string;
  readonly nickName?: string;
  /** Your display name in a group (`DisplayName` in its member list), when known. */
  readonly displayNameIn?: (group: string) => string | undefined;
}

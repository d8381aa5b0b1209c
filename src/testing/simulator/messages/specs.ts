/** What a simulated message is: one spec per kind, in stable ids, and what building one needs. */
import type { UserNames } from '../usernames.js';
import type { World } from '../world.js';
import type { MsgIdGenerator } from './ids.js';

export interface FromSpec {
  /** The sender's stable id; the self id means "sent from the phone" (no group prefix, `FromUserName` = self). */
  readonly from: string;
  /** The group's stable id for a group message. */
  readonly group?: string;
  /** The peer's stable id of a private message sent by self (ignored otherwise). */
  readonly to?: string;
  /** `CreateTime` in seconds; default `ctx.nowMs / 1000`. */
  readonly time?: number;
}

export interface TextSpec extends FromSpec {
  readonly kind: 'text';
  /** Plain text; LF becomes `<br/>`, `& < > " '` are escaped, emoji become spans. */
  readonly text: string;
  /** Stable ids mentioned: `@<group name>\u2005` each, before the text. */
  readonly mentions?: readonly string[];
}
export interface ImageSpec extends FromSpec {
  readonly kind: 'image';
  readonly size?: number;
  readonly md5?: string;
  /** Thumbnail size (`ImgWidth`/`ImgHeight`). */
  readonly width?: number;
  readonly height?: number;
}
export interface VoiceSpec extends FromSpec {
  readonly kind: 'voice';
  readonly durationMs?: number;
  readonly size?: number;
}
export interface VideoSpec extends FromSpec {
  /** `micro-video` is MsgType 62. */
  readonly kind: 'video' | 'micro-video';
  readonly durationSec?: number;
  readonly size?: number;
  readonly width?: number;
  readonly height?: number;
}
export interface FileSpec extends FromSpec {
  readonly kind: 'file';
  readonly fileName: string;
  readonly size: number;
  /** Default derived from the message id. */
  readonly mediaId?: string;
}
export interface LinkSpec extends FromSpec {
  readonly kind: 'link';
  readonly title: string;
  readonly url: string;
  readonly description?: string;
}
export interface EmoticonSpec extends FromSpec {
  readonly kind: 'emoticon';
  readonly md5?: string;
  readonly size?: number;
  /** A store sticker: non-empty `productid`, `HasProductId` 1. */
  readonly storeSticker?: boolean;
}
export interface CardSpec extends FromSpec {
  readonly kind: 'card';
  /** Stable id of the shared person or official account. */
  readonly card: string;
}
export interface LocationSpec extends FromSpec {
  readonly kind: 'location';
  readonly label: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly poiName?: string;
}
export interface FriendRequestSpec {
  readonly kind: 'friend-request';
  /** The requester's stable id (a stranger, e.g. from `world.addContact({ friend: false })`). */
  readonly from: string;
  readonly greeting?: string;
  /** Default 14 (via a group; then `group` fills `chatroomusername`), 30 for QR, 6 for search … */
  readonly scene?: number;
  readonly group?: string;
  readonly time?: number;
}
export interface RecallSpec extends FromSpec {
  readonly kind: 'recall';
  /** The `MsgId` of the recalled message. */
  readonly recalledId: string;
  /** The client-side `<oldmsgid>`; default derived from `recalledId`. */
  readonly oldMsgId?: string;
}

/** What a system (10000) text announces; ids are stable ids, self ids produce the "you" forms. */
export type SystemEventSpec =
  | { readonly type: 'friend-added'; readonly friend: string; readonly byMe: boolean }
  | { readonly type: 'group-invite'; readonly inviter: string; readonly invitees: readonly string[] }
  | { readonly type: 'group-join-qr'; readonly joiner: string; readonly sharer: string }
  | { readonly type: 'group-kick'; readonly removed: readonly string[] }
  | { readonly type: 'group-removed-self'; readonly by: string }
  | { readonly type: 'group-topic'; readonly by: string; readonly topic: string }
  | { readonly type: 'red-packet'; readonly direction: 'received' | 'sent' }
  | { readonly type: 'pat'; readonly by: string; readonly target: string }
  | { readonly type: 'text'; readonly text: string };

export interface SystemSpec {
  readonly kind: 'system';
  readonly event: SystemEventSpec;
  /** The group the notice appears in (group events need it). */
  readonly group?: string;
  /** The private chat for non-group notices; default the `friend` of `friend-added`. */
  readonly chat?: string;
  /** Default `ctx.lang`, else `zh`. */
  readonly lang?: 'zh' | 'en';
  readonly time?: number;
}

export interface StatusNotifySpec {
  readonly kind: 'status-notify';
  /** Default 4 (SYNC_CONV: the phone's conversation list). 1 read, 2 enter, 5 quit name one chat. */
  readonly code?: 1 | 2 | 4 | 5;
  /** Stable ids: the chats listed (code 4; default the world's recent chats) or the one chat (codes 1/2/5). */
  readonly chats?: readonly string[];
  /** Code 4 only: `<unreadchatlist>` entries (default: the first two chats). */
  readonly unread?: readonly string[];
  readonly time?: number;
}

export type MessageSpec =
  | TextSpec
  | ImageSpec
  | VoiceSpec
  | VideoSpec
  | FileSpec
  | LinkSpec
  | EmoticonSpec
  | CardSpec
  | LocationSpec
  | FriendRequestSpec
  | RecallSpec
  | SystemSpec
  | StatusNotifySpec;

export type MessageSpecKind = MessageSpec['kind'];

/** What building needs: the world, this login's names, the (virtual) clock and the world's id generator. */
export interface MessageContext {
  readonly world: World;
  readonly userNames: UserNames;
  /** Virtual clock, ms. */
  readonly nowMs: number;
  readonly ids: MsgIdGenerator;
  /** Language of system texts; default `zh`. */
  readonly lang?: 'zh' | 'en';
  /** Write the server's wrong emoji codes (😂 as `1f639`); default true. */
  readonly remapEmoji?: boolean;
}


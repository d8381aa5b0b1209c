/**
 * What the playground page receives on its event stream (`/__ui/events`), one JSON object per Server-Sent Event.
 * Stable ids and display names only: no credential (skey, sid, uin, pass_ticket, cookies, tickets, DeviceID) is
 * ever part of an event. The page (playground/src) imports these types.
 */

export interface PagePerson {
  readonly id: string;
  /** What the chat list shows: the remark name, else the nickname. */
  readonly name: string;
  readonly nickName: string;
  readonly remarkName: string;
}

export interface PageGroup {
  readonly id: string;
  /** The topic, else the first members' names. */
  readonly name: string;
  readonly members: readonly { readonly id: string; readonly name: string }[];
}

export interface PageWorld {
  readonly self: { readonly id: string; readonly name: string };
  readonly friends: readonly PagePerson[];
  readonly groups: readonly PageGroup[];
  readonly officials: readonly { readonly id: string; readonly name: string }[];
}

export type PageLoginState = 'waiting' | 'scanned' | 'confirmed' | 'expired';

export interface PageLogin {
  readonly uuid: string;
  readonly state: PageLoginState;
  /** The login QR as SVG markup (what the client shows the user), while it can still be scanned. */
  readonly qrSvg?: string;
  /** ms until the QR expires, when the event was sent. */
  readonly expiresInMs?: number;
}

export interface PageSession {
  /** The login uuid that made the session (its `/__sim` `session` key). */
  readonly uuid: string;
  readonly active: boolean;
  /** 1100 logged out on the phone, 1101 kicked / logged in elsewhere, 1102. */
  readonly endCode?: number;
  readonly selfName: string;
}

export type PageMessageKind =
  | 'text'
  | 'image'
  | 'voice'
  | 'video'
  | 'file'
  | 'emoticon'
  | 'card'
  | 'location'
  | 'link'
  | 'friend-request'
  | 'system'
  | 'other';

export interface PageMessage {
  readonly msgId: string;
  /** The chat's stable id: the group, or the other person of a private chat. */
  readonly chat: string;
  readonly chatName: string;
  readonly from: string;
  readonly fromName: string;
  /** `in`: from a contact; `phone`: sent from the owner's phone; `bot`: sent by the client (the bot). */
  readonly dir: 'in' | 'phone' | 'bot';
  readonly kind: PageMessageKind;
  /** The text, file name, link title, location label, greeting or notice. */
  readonly text: string;
  readonly mentions?: readonly string[];
  /** Key of the picture under `/__ui/media/`. */
  readonly media?: string;
  /** ms since the epoch on the simulator's clock. */
  readonly time: number;
  /** Bot messages: `sent` once the server accepted them. */
  readonly state?: 'sent';
  readonly recalled?: boolean;
}

export interface PageRequest {
  readonly seq: number;
  readonly endpoint: string;
  readonly status: number | 'reset' | 'aborted';
  readonly ms: number;
  readonly fault?: string;
}

export interface PageFault {
  readonly id: number;
  readonly endpoint: string;
  readonly kind: string;
  readonly value?: number;
  /** Requests it still affects (`null`: until cleared). */
  readonly remaining: number | null;
}

export interface PageSnapshot {
  readonly t: 'hello';
  readonly protocol: 'web';
  /** Endpoints the fault panel offers. */
  readonly endpoints: readonly string[];
  readonly world: PageWorld;
  readonly login?: PageLogin;
  readonly sessions: readonly PageSession[];
  readonly messages: readonly PageMessage[];
  readonly requests: readonly PageRequest[];
  readonly faults: readonly PageFault[];
}

export type PageEvent =
  | PageSnapshot
  | ({ readonly t: 'request' } & PageRequest)
  | ({ readonly t: 'login' } & PageLogin)
  | ({ readonly t: 'session' } & PageSession)
  | ({ readonly t: 'message' } & PageMessage)
  | { readonly t: 'recall'; readonly msgId: string }
  | { readonly t: 'world'; readonly world: PageWorld }
  | { readonly t: 'faults'; readonly faults: readonly PageFault[] };

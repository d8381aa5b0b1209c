/**
 * What the playground page receives on its event stream (`/__ui/events`), one JSON object per Server-Sent Event.
 * Stable ids and display names only: no credential (skey, sid, uin, pass_ticket, cookies, tickets, DeviceID, bot
 * tokens, AES keys, context tokens, IMEIs, access tokens) is ever part of an event. The page (playground/src)
 * imports these types; the first event (`hello`) says which simulator it is and which panels apply.
 */

export type PageProtocol = 'web' | 'ilink' | 'device';

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
  /** The WeChat accounts on a work phone (`self` is the first). */
  readonly accounts?: readonly { readonly id: string; readonly name: string }[];
}

/** `verify-code`: the phone shows a pair code the client must type; `blocked`: too many wrong ones; `bound`: the user's bot exists. */
export type PageLoginState = 'waiting' | 'scanned' | 'verify-code' | 'blocked' | 'bound' | 'confirmed' | 'expired';

export interface PageLogin {
  readonly uuid: string;
  readonly state: PageLoginState;
  /** The login QR as SVG markup (what the client shows the user), while it can still be scanned. */
  readonly qrSvg?: string;
  /** ms until the QR expires, when the event was sent. */
  readonly expiresInMs?: number;
  /** The pair code the phone shows while the client must type it. */
  readonly pairCode?: string;
}

export interface PageSession {
  /** Web: the login uuid that made the session (its `/__sim` `session` key); iLink: the bot id; work phone: the connection. */
  readonly uuid: string;
  readonly active: boolean;
  /** Web: 1100 logged out on the phone, 1101 kicked / logged in elsewhere, 1102; iLink: -14; work phone: the force-offline reason. */
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
  /** Bot messages: what became of them (see `PageSendState`). */
  readonly state?: PageSendState;
  /** Why a send was refused or failed (`context-token`, `reply-budget`, an error code …). */
  readonly reason?: string;
  readonly recalled?: boolean;
}

/**
 * `sent`: the server accepted it; `pending`: the phone has not reported yet; `refused`: answered with an error;
 * `blocked`: accepted but never delivered; `duplicate`: a repeated send, not delivered again; `failed`: the phone
 * reported a failure.
 */
export type PageSendState = 'sent' | 'pending' | 'refused' | 'blocked' | 'duplicate' | 'failed';

export interface PageRequest {
  readonly seq: number;
  readonly endpoint: string;
  readonly status: number | 'reset' | 'aborted';
  readonly ms: number;
  readonly fault?: string;
  /** The protocol's own result code when it is not 0 (iLink `ret`/`errcode`, such as -14). */
  readonly code?: number;
}

/** One frame of a TCP protocol (the work phone), by its message type name; never its fields. */
export interface PageFrame {
  readonly seq: number;
  /** `in`: the client sent it; `out`: the simulator did. */
  readonly dir: 'in' | 'out';
  readonly type: string;
  /** ms since the epoch. */
  readonly at: number;
}

export interface PageFault {
  readonly id: number;
  readonly endpoint: string;
  readonly kind: string;
  readonly value?: number;
  /** Requests it still affects (`null`: until cleared). */
  readonly remaining: number | null;
}

/** A button's control call on the page's own origin: `POST /__sim/<path>` with `body`. */
export interface PageCall {
  readonly path: string;
  readonly body?: Readonly<Record<string, unknown>>;
}

/** What the phone can do to a QR login, and in which states. */
export interface PagePhoneButton extends PageCall {
  readonly action: 'scan' | 'confirm' | 'cancel' | 'expire' | 'pairCode';
  readonly when: readonly PageLoginState[];
  /** The button sends the code typed next to it as `code`. */
  readonly takesCode?: boolean;
}

/** A fault switched on (a day, so until switched off) and off again, for the endpoint picked. */
export interface PageFaultToggle {
  readonly label: string;
  readonly kind: string;
  readonly value?: number;
  /** More fields of the fault body (the iLink `field` of a `retcode`). */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** A one-off action on the connection or the session (a kick, a reset). */
export interface PageNetworkAction extends PageCall {
  readonly label: 'kick1101' | 'kick1100' | 'kick1102' | 'killToken' | 'forceOffline' | 'resetConnection' | 'garbageFrame';
  /** Add `{ session }` of the live session to the body. */
  readonly withSession?: boolean;
  readonly danger?: boolean;
}

/** Which panels and controls apply to this simulator. */
export interface PageFeatures {
  /** The phone mock of a QR login; absent where there is none (the work phone is logged in on the phone). */
  readonly login?: {
    /** The body field naming the login a phone call acts on. */
    readonly target: 'session' | 'qrcode';
    readonly buttons: readonly PagePhoneButton[];
  };
  /** Endpoints a fault can name (`*` is offered too); empty: faults apply to the whole connection. */
  readonly endpoints: readonly string[];
  readonly defaultEndpoint: string;
  readonly toggles: readonly PageFaultToggle[];
  readonly actions: readonly PageNetworkAction[];
  /** What the composer can upload besides text. */
  readonly uploads: readonly ('image' | 'file' | 'voice' | 'video')[];
  /** @-mentions in groups, writing as the owner on the phone, recalls, the world panel. */
  readonly mentions: boolean;
  readonly fromPhone: boolean;
  readonly recall: boolean;
  readonly worldChanges: boolean;
  /** The timeline lists HTTP requests or protocol frames. */
  readonly timeline: 'requests' | 'frames';
}

export interface PageSnapshot {
  readonly t: 'hello';
  readonly protocol: PageProtocol;
  readonly features: PageFeatures;
  readonly world: PageWorld;
  readonly login?: PageLogin;
  readonly sessions: readonly PageSession[];
  readonly messages: readonly PageMessage[];
  readonly requests: readonly PageRequest[];
  readonly frames: readonly PageFrame[];
  readonly faults: readonly PageFault[];
}

export type PageEvent =
  | PageSnapshot
  | ({ readonly t: 'request' } & PageRequest)
  | ({ readonly t: 'login' } & PageLogin)
  | ({ readonly t: 'session' } & PageSession)
  | ({ readonly t: 'message' } & PageMessage)
  | { readonly t: 'state'; readonly msgId: string; readonly state: PageSendState; readonly reason?: string }
  | ({ readonly t: 'frame' } & PageFrame)
  | { readonly t: 'recall'; readonly msgId: string }
  | { readonly t: 'world'; readonly world: PageWorld }
  | { readonly t: 'faults'; readonly faults: readonly PageFault[] };

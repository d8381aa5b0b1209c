/**
 * One logged-in web session: its credentials, per-login UserNames, sync queue and keys, and what its client sent.
 * World changes become queued events here, rendered to wire JSON once, when they happen.
 */
import { Selector } from '../../web/protocol/codes.js';
import type { Account } from './account.js';
import type { Credentials } from './credentials.js';
import { buildMessage } from './messages/build.js';
import type { MessageSpec } from './messages/specs.js';
import type { WireMessage } from './messages/wire-message.js';
import { SyncKeys } from './sync-keys.js';
import { SyncQueue, type SyncEvent } from './sync-queue.js';
import { createUserNames, type UserNames } from './usernames.js';
import { contactToWire, toWireJson, type WireContext, type WireObject } from './wire.js';
import type { Contact, Group, World } from './world.js';

/** What a client sent through a send endpoint. */
export interface OutboxEntry {
  readonly endpoint: string;
  /** The session's login uuid and uin. */
  readonly session: string;
  readonly uin: number;
  /** The server's `MsgID` and the client's `LocalID` / `ClientMsgId`, as strings. */
  readonly msgId: string;
  readonly localId: string;
  readonly clientMsgId: string;
  /** `Msg.Type`: 1 text, 42 card, 3 image, 43 video, 47 emoticon, 6 (or an AppMsgType) app message. */
  readonly type: number;
  readonly content: string;
  readonly fromUserName: string;
  readonly toUserName: string;
  /** The recipient's stable id and name, when the UserName belongs to this login. */
  readonly to?: string;
  readonly toName?: string;
  readonly mediaId?: string;
  readonly emoticonMd5?: string;
  readonly scene: number;
  /** ms on the simulator clock. */
  readonly time: number;
  revoked: boolean;
}

/** What a session tells the playground (see activity.ts). */
export type SessionActivity =
  | { readonly type: 'messages'; readonly session: Session; readonly specs: readonly MessageSpec[]; readonly built: readonly WireMessage[] }
  /** A send accepted into the outbox, or (with `revoked` set) recalled by its sender. */
  | { readonly type: 'outbox'; readonly session: Session; readonly entry: OutboxEntry }
  /** The session started or ended. */
  | { readonly type: 'session'; readonly session: Session }
  /** A contact, group or the own profile changed and was queued for the session's client. */
  | { readonly type: 'world'; readonly session: Session };

const MAX_OUTBOX = 10_000;

export interface SessionInit {
  readonly uuid: string;
  readonly account: Account;
  readonly credentials: Credentials;
  readonly maxQueue: number;
  readonly now: number;
  readonly desktop: boolean;
  /** Tells the playground what the session queues, records and when it ends. @default nobody */
  readonly report?: (activity: SessionActivity) => void;
}

export class Session {
  readonly uuid: string;
  readonly account: Account;
  readonly uin: number;
  readonly sid: string;
  readonly loginSkey: string;
  /** The current skey: webwxinit replaces the login skey with a new `SKey`, and the old one stops working. */
  skey: string;
  /** As written in the login XML: percent-encoded. */
  readonly passTicket: string;
  readonly dataTicket: string;
  readonly userNames: UserNames;
  readonly queue: SyncQueue;
  readonly keys: SyncKeys;
  readonly createdAt: number;
  readonly desktop: boolean;
  readonly outbox: OutboxEntry[] = [];
  lastSeen: number;
  /** The retcode every call gets once the session has ended (1100 phone logout, 1101 kicked/logged out, 1102). */
  endCode: number | undefined;
  endedAt: number | undefined;
  inited = false;
  notified = false;
  /** The SyncKey has grown to 7 keys (first sync after the status notify). */
  grown = false;
  firstSyncDone = false;
  /** The first DeviceID seen; later ones are counted, not refused (wechat4u sends a new one per request). */
  deviceId: string | undefined;
  deviceIdChanges = 0;
  private readonly report: (activity: SessionActivity) => void;

  constructor(init: SessionInit) {
    this.report = init.report ?? (() => undefined);
    const c = init.credentials;
    this.uuid = init.uuid;
    this.account = init.account;
    this.uin = init.account.uin;
    this.sid = c.wxsid();
    this.loginSkey = c.skey();
    this.skey = this.loginSkey;
    this.passTicket = c.passTicket();
    this.dataTicket = c.dataTicket();
    const world = init.account.world;
    this.userNames = createUserNames(c.salt(), { universe: () => allIds(world) });
    this.queue = new SyncQueue(init.maxQueue);
    this.keys = new SyncKeys(c);
    this.createdAt = init.now;
    this.lastSeen = init.now;
    this.desktop = init.desktop;
  }

  get active(): boolean {
    return this.endCode === undefined;
  }

  get selfUserName(): string {
    return this.userNames.userNameOf(this.account.world.self.id);
  }

  end(code: number, now: number): void {
    if (this.endCode !== undefined) return;
    this.endCode = code;
    this.endedAt = now;
    this.queue.wakeAll(Selector.NONE);
    this.report({ type: 'session', session: this });
  }

  wireContext(skey = this.skey): WireContext {
    return { world: this.account.world, userNames: this.userNames, skey };
  }

  /** Builds, queues and returns messages (one synccheck wake for the lot). */
  pushMessages(specs: readonly MessageSpec[], nowMs: number): WireMessage[] {
    const ctx = { world: this.account.world, userNames: this.userNames, nowMs, ids: this.account.ids };
    const built = specs.map((spec) => buildMessage(spec, ctx));
    this.queue.push(
      built.map((m): SyncEvent => ({
        kind: 'message',
        wire: Buffer.from(toWireJson(m)),
        selector: m.MsgType === 51 ? Selector.PHONE_ACTIVITY : Selector.NEW_MESSAGE,
        time: m.CreateTime,
      })),
    );
    this.report({ type: 'messages', session: this, specs, built });
    return built;
  }

  /** Queues a `ModContactList` entry: the full contact (groups with their whole member list). */
  pushModContact(entity: Contact | Group, nowMs: number, added = false): void {
    const wire = contactToWire(entity, this.wireContext(), { members: 'full', sync: true });
    this.queue.push([{ kind: 'mod-contact', wire: Buffer.from(toWireJson(wire)), selector: added ? Selector.CONTACTS_ADDED_OR_DELETED : Selector.CONTACT_CHANGED, time: Math.floor(nowMs / 1000) }]);
    this.report({ type: 'world', session: this });
  }

  /** Queues a `DelContactList` entry. */
  pushDelContact(id: string, nowMs: number): void {
    const wire: WireObject = { UserName: this.userNames.userNameOf(id), ContactFlag: 0 };
    this.queue.push([{ kind: 'del-contact', wire: Buffer.from(toWireJson(wire)), selector: Selector.CONTACTS_ADDED_OR_DELETED, time: Math.floor(nowMs / 1000) }]);
    this.report({ type: 'world', session: this });
  }

  /** Queues a `Profile` change of the own account (BitFlag 190). */
  pushProfile(nowMs: number): void {
    const self = this.account.world.self;
    const wire: WireObject = {
      BitFlag: 190,
      UserName: { Buff: this.selfUserName },
      NickName: { Buff: self.nickName },
      BindUin: 0,
      BindEmail: { Buff: '' },
      BindMobile: { Buff: '' },
      Status: 0,
      Sex: self.sex,
      PersonalCard: 0,
      Alias: self.alias,
      HeadImgUpdateFlag: 0,
      HeadImgUrl: '',
      Signature: self.signature,
    };
    this.queue.push([{ kind: 'profile', wire: Buffer.from(toWireJson(wire)), selector: Selector.CONTACT_CHANGED, time: Math.floor(nowMs / 1000) }]);
    this.report({ type: 'world', session: this });
  }

  record(entry: OutboxEntry): void {
    this.outbox.push(entry);
    if (this.outbox.length > MAX_OUTBOX) this.outbox.splice(0, this.outbox.length - MAX_OUTBOX);
    this.report({ type: 'outbox', session: this, entry });
  }

  /** Marks an outbox entry recalled by the client. */
  revoke(entry: OutboxEntry): void {
    entry.revoked = true;
    this.report({ type: 'outbox', session: this, entry });
  }
}

function* allIds(world: World): Generator<string> {
  for (const entities of [world.friends(), world.strangers(), world.officialAccounts(), world.groups()]) {
    for (const entity of entities) yield entity.id;
  }
}

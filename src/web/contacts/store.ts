import { type Observable, Subject } from 'rxjs';
import type { RawContact } from '../../model/raw/shapes.js';
import { contactWithoutCredentials, stripContactCredentials } from '../../model/raw/without-credentials.js';
import { type Contact, type ContactKind, kindOf, toContact } from '../../model/contact.js';
import { memberDisplayNameAt, memberNameAt, type MemberNamer, type Members, membersOf, memberTotal, sameMemberList } from '../../model/group-members.js';
import { ContactsSnapshot, memberPosition } from './snapshot.js';
import { baseStableId, fingerprintHash, fingerprintOf, memberStableId } from './stable-id.js';

export interface ContactLimits {
  /** Strangers kept (message senders and members looked up one by one); the least recently used go first. @default 5000 */
  readonly strangers?: number;
  /**
   * Group members kept over all groups; past it the member lists of the least recently used groups are dropped,
   * to be fetched again when needed. @default 100000
   */
  readonly members?: number;
}

export interface ContactStoreOptions {
  /** The logged-in user (`webwxinit`'s `User`); kept without credentials like every contact. */
  readonly self: RawContact;
  /** `stableIds` saved with the session: by UserName (resume) and by fingerprint (renamed contacts, any login). */
  readonly previousIds?: Readonly<Record<string, string>>;
  readonly limits?: ContactLimits;
}

/** How a contact object's `MemberList` is treated. */
export type MemberPolicy =
  /** A full list (webwxbatchgetcontact, ModContactList): replaces the members; an empty list keeps the old ones. */
  | 'merge'
  /** Names left empty (webwxinit's recent chats) or always empty (webwxgetcontact): keep what is known. */
  | 'ignore';

export interface Upserted {
  readonly contact: Contact;
  readonly previous: Contact | undefined;
  /** The member list changed (UserNames added, removed or reordered). */
  readonly membersChanged: boolean;
}

/** Fingerprint-keyed entries of the saved `stableIds` start with this (UserNames never do). */
const RENAMED = '#';
const MAX_SAVED_IDS = 10_000;

/**
 * The contacts of one login, kept current by the client (webwxinit, webwxgetcontact pages, webwxbatchgetcontact,
 * ModContactList / DelContactList / ModChatRoomMemberList). Contact objects are immutable and replaced on change;
 * `commit()` publishes one snapshot per batch of changes on `changes$`. Memory is bounded: strangers and group
 * member lists beyond `limits` are dropped, oldest use first.
 */
export class ContactStore {
  private entries = new Map<string, Contact>();
  /** True once a snapshot shares `entries`: the next change copies the map first. */
  private shared = false;
  private version = 0;
  private published: ContactsSnapshot | undefined;
  private readonly changes = new Subject<ContactsSnapshot>();
  /** Strangers and groups with members, in least-recently-used order (a Map keeps insertion order). */
  private readonly strangers = new Map<string, true>();
  private readonly withMembers = new Map<string, number>();
  private memberTotal = 0;
  /**
   * Which UserName holds a stable id. A contact's own id is its `stableId`; the ids of removed contacts stay theirs
   * (`retired`), so one that comes back gets its id again.
   */
  private readonly holders = new Map<string, string>();
  /** Made at the first removal: most sessions never need it, and an empty map weighs 190 bytes. */
  private retired: Map<string, string> | undefined;
  /** Fingerprint hash → stable id, for contacts whose attributes changed after their id was assigned (made lazily too). */
  private renamed: Map<string, string> | undefined;
  private readonly previousIds: Readonly<Record<string, string>>;
  private readonly maxStrangers: number;
  private readonly maxMembers: number;
  private selfContact: Contact;
  /**
   * Names group members when their list is read, from the contacts as they are then: a member who is (or has since
   * become) a known contact gets that contact's stable id and remark. Weakly: a group contact kept after its session
   * ended does not keep the whole store alive (its members are then named from their own entries).
   */
  private readonly namer: MemberNamer = namerOf(new WeakRef(this));

  /** One snapshot per `commit()` that followed a change. */
  readonly changes$: Observable<ContactsSnapshot> = this.changes.asObservable();

  constructor(options: ContactStoreOptions) {
    this.previousIds = options.previousIds ?? {};
    this.maxStrangers = Math.max(0, options.limits?.strangers ?? 5000);
    this.maxMembers = Math.max(0, options.limits?.members ?? 100_000);
    this.selfContact = toContact(contactWithoutCredentials(options.self), 'self', undefined);
    for (const [key, id] of Object.entries(this.previousIds)) if (key.startsWith(RENAMED)) (this.renamed ??= new Map()).set(key.slice(1), id);
  }

  get self(): Contact {
    return this.selfContact;
  }

  get size(): number {
    return this.entries.size;
  }

  get(userName: string): Contact | undefined {
    return userName === this.selfContact.userName ? this.selfContact : this.entries.get(userName);
  }

  /** The current state; the same object until the next change. */
  snapshot(): ContactsSnapshot {
    if (this.published === undefined || this.published.version !== this.version) {
      this.published = new ContactsSnapshot(this.entries, this.selfContact, this.version);
      this.shared = true;
    }
    return this.published;
  }

  /** Publishes a snapshot on `changes$` when something changed since the last one. */
  commit(): void {
    // Unobserved, a snapshot would only make the next write copy the map (login fills the store before anyone
    // subscribes); `snapshot()` makes one on demand.
    if (!this.changes.observed || this.published?.version === this.version) return;
    this.changes.next(this.snapshot());
  }

  /**
   * Adds or replaces a contact; group members per `policy`. The store takes `raw` over, as decoded from an answer:
   * its credentials are taken out in place (`stripContactCredentials`) and it becomes the contact's `raw`.
   */
  upsert(raw: RawContact, policy: MemberPolicy): Upserted {
    stripContactCredentials(raw);
    if (raw.UserName === this.selfContact.userName) {
      const previous = this.selfContact;
      this.selfContact = toContact(raw, 'self', undefined);
      this.touchVersion();
      return { contact: this.selfContact, previous, membersChanged: false };
    }
    const previous = this.entries.get(raw.UserName);
    if (previous !== undefined && sameContact(previous.raw, raw)) {
      // The address book sends again what webwxinit sent, a refresh what was loaded: the contact held stays, and the
      // copy just decoded dies young instead of replacing one that lived long enough to be moved to the old generation.
      this.track(previous, previous);
      return { contact: previous, previous, membersChanged: false };
    }
    const kind = kindOf(raw);
    const stableId = this.idFor(raw, kind);
    const incoming = policy === 'merge' && kind === 'group' && raw.MemberList !== undefined && raw.MemberList.length > 0 ? raw.MemberList : undefined;
    const before = previous === undefined ? undefined : membersOf(previous);
    const members: Members | undefined = incoming === undefined ? before : { list: incoming, namer: this.namer };
    const contact = toContact(raw, stableId, members);
    this.write(raw.UserName, contact);
    this.track(contact, previous);
    return { contact, previous, membersChanged: incoming !== undefined && !sameMemberList(before, members) };
  }

  /** Forgets a contact (DelContactList); returns what was known. */
  remove(userName: string): Contact | undefined {
    const known = this.entries.get(userName);
    if (known === undefined) return undefined;
    this.mutable().delete(userName);
    (this.retired ??= new Map()).set(userName, known.stableId);
    this.untrack(known);
    this.touchVersion();
    return known;
  }

  /** The name the phone shows for a chat or person, or `undefined` when unknown. */
  nameOf(userName: string): string | undefined {
    const contact = this.get(userName);
    if (contact !== undefined && contact.kind === 'stranger') this.touch(this.strangers, userName, true);
    return contact?.name || undefined;
  }

  /** A group member's name in that group, or `undefined` when neither the group's members nor the person are known. */
  memberName(group: string, userName: string): string | undefined {
    if (userName === this.selfContact.userName) return this.selfMemberName(group) ?? (this.selfContact.name || undefined);
    const contact = this.entries.get(group);
    if (contact === undefined) return undefined;
    const members = membersOf(contact);
    if (members === undefined) return this.entries.get(userName)?.name || undefined;
    this.touch(this.withMembers, group, memberTotal(members));
    const at = memberPosition(contact, members, userName);
    // A member who joined after the list was fetched may have been looked up on their own.
    return (at < 0 ? '' : memberNameAt(members, at)) || this.entries.get(userName)?.name || undefined;
  }

  /** Your display name in a group (mentions of you use it), when its members are known. */
  selfMemberName(group: string): string | undefined {
    const contact = this.entries.get(group);
    const members = contact === undefined ? undefined : membersOf(contact);
    if (contact === undefined || members === undefined) return undefined;
    const at = memberPosition(contact, members, this.selfContact.userName);
    return (at < 0 ? '' : memberDisplayNameAt(members, at)) || undefined;
  }

  /**
   * Ids to save with the session: only the ones that cannot be derived again (renamed or disambiguated contacts),
   * by UserName for a resume and by fingerprint for later logins.
   */
  stableIds(): Record<string, string> {
    const out: Record<string, string> = {};
    let count = 0;
    for (const [hash, id] of this.renamed ?? []) {
      if (count++ >= MAX_SAVED_IDS) return out;
      out[RENAMED + hash] = id;
    }
    for (const [userName, { stableId }] of this.entries) {
      if (!stableId.includes('~')) continue;
      if (count++ >= MAX_SAVED_IDS) return out;
      out[userName] = stableId;
    }
    return out;
  }

  /** The stable id for a contact: kept for its UserName once given, else remembered or derived, never shared. */
  private idFor(raw: RawContact, kind: ContactKind): string {
    const hash = fingerprintHash(fingerprintOf(raw, kind));
    const base = baseStableId(raw, kind, hash);
    const sticky = this.entries.get(raw.UserName)?.stableId ?? this.retired?.get(raw.UserName) ?? this.previousIds[raw.UserName];
    if (sticky !== undefined && (this.holders.get(sticky) ?? raw.UserName) === raw.UserName) {
      // Attributes changed under an id: later logins find it again through the new fingerprint.
      if (sticky.split('~')[0] !== base) this.remember(hash, sticky);
      return this.claim(raw.UserName, sticky);
    }
    return this.claim(raw.UserName, this.unique(this.renamed?.get(hash) ?? base, raw.UserName));
  }

  private remember(hash: string, id: string): void {
    const renamed = (this.renamed ??= new Map());
    renamed.delete(hash);
    renamed.set(hash, id);
    if (renamed.size > MAX_SAVED_IDS) renamed.delete(renamed.keys().next().value as string);
  }

  private unique(candidate: string, userName: string): string {
    let id = candidate;
    for (let n = 2; this.holders.has(id) && this.holders.get(id) !== userName; n++) id = `${candidate}~${n}`;
    return id;
  }

  private claim(userName: string, id: string): string {
    this.retired?.delete(userName);
    this.holders.set(id, userName);
    return id;
  }

  private mutable(): Map<string, Contact> {
    if (this.shared) {
      this.entries = new Map(this.entries);
      this.shared = false;
    }
    return this.entries;
  }

  private write(userName: string, contact: Contact): void {
    this.mutable().set(userName, contact);
    this.touchVersion();
  }

  private touchVersion(): void {
    this.version++;
  }

  /** Keeps the bounds: strangers and member lists are counted here and the oldest dropped past the limits. */
  private track(contact: Contact, previous: Contact | undefined): void {
    if (previous !== undefined) this.untrack(previous);
    if (contact.kind === 'stranger') this.touch(this.strangers, contact.userName, true);
    const members = membersOf(contact);
    if (members !== undefined) {
      this.touch(this.withMembers, contact.userName, memberTotal(members));
      this.memberTotal += memberTotal(members);
    }
    while (this.strangers.size > this.maxStrangers) {
      const oldest = this.strangers.keys().next().value as string;
      this.strangers.delete(oldest);
      const id = this.entries.get(oldest)?.stableId;
      this.mutable().delete(oldest);
      if (id !== undefined) this.holders.delete(id);
    }
    while (this.memberTotal > this.maxMembers && this.withMembers.size > 0) {
      const oldest = this.withMembers.keys().next().value as string;
      const group = this.entries.get(oldest);
      this.withMembers.delete(oldest);
      const members = group === undefined ? undefined : membersOf(group);
      if (group === undefined || members === undefined) continue;
      this.memberTotal -= memberTotal(members);
      this.mutable().set(oldest, toContact(group.raw, group.stableId, undefined));
    }
  }

  private untrack(contact: Contact): void {
    this.strangers.delete(contact.userName);
    const members = membersOf(contact);
    if (members !== undefined && this.withMembers.delete(contact.userName)) this.memberTotal -= memberTotal(members);
  }

  /** Moves `key` to the most recently used end. */
  private touch<V>(order: Map<string, V>, key: string, value: V): void {
    order.delete(key);
    order.set(key, value);
  }
}

/**
 * Whether two contact objects say the same, field for field (both without credentials); a member list counts only
 * when empty, so a group whose list came with either is always taken as sent.
 */
function sameContact(held: RawContact, sent: RawContact): boolean {
  let fields = 0;
  for (const key in sent) {
    const value = sent[key as keyof RawContact];
    if (value !== held[key as keyof RawContact] && !(isEmptyList(value) && isEmptyList(held[key as keyof RawContact]))) return false;
    fields++;
  }
  for (const key in held) {
    if (!(key in sent)) return false;
    fields--;
  }
  return fields === 0;
}

const isEmptyList = (value: unknown): boolean => Array.isArray(value) && value.length === 0;

function namerOf(store: WeakRef<ContactStore>): MemberNamer {
  return { known: (userName) => store.deref()?.get(userName), stableIdOf: memberStableId };
}

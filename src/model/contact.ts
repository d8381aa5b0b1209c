import type { RawContact, RawMember } from './raw/shapes.js';
import { ContactFlag, isOfficialAccount } from './codes.js';
import { decodeEmojiSpans } from './decode/text.js';

/**
 * What a contact is to the logged-in user: `friend` (in the address book), `group`, `official` (subscription or
 * service account, `VerifyFlag & 8`), `special` (fixed names such as `filehelper`, `weixin`), `stranger` (a person
 * met in a group or a sender who is not a friend).
 */
export type ContactKind = 'friend' | 'group' | 'official' | 'special' | 'stranger';

/** One member of a group, as the group's `MemberList` describes them. */
export interface GroupMember {
  /** The per-login UserName. */
  readonly userName: string;
  /** Survives re-logins (see `Contact.stableId`); a friend's member entry has the friend's id. */
  readonly stableId: string;
  readonly nickName: string;
  /** The member's alias in this group (`DisplayName`), `''` when unset. */
  readonly displayName: string;
  /** What the group shows: the group alias, else the remark (for a friend), else the nickname. */
  readonly name: string;
  readonly raw: RawMember;
}

/** A contact of the current login, decoded once: names with emoji spans as Unicode, the kind, a stable id. */
export interface Contact {
  /** The per-login UserName (`@…`, `@@…` for groups, or a fixed name such as `filehelper`). Changes at every login. */
  readonly userName: string;
  /**
   * An id that survives re-logins, derived from persistent attributes (the WeChat ID `Alias` when set, else the
   * remark, else the nickname and attribute bits) and saved with the session. Heuristic: two contacts with the same
   * nickname and no alias or remark are told apart by the order the server lists them.
   */
  readonly stableId: string;
  readonly kind: ContactKind;
  readonly nickName: string;
  /** Your remark for the contact, `''` when none. */
  readonly remarkName: string;
  /** The WeChat ID (`Alias`), `''` when hidden or unset. */
  readonly alias: string;
  /** `DisplayName`, when the server sent one. */
  readonly displayName?: string;
  /** What the phone shows: the remark, else the nickname (a group without a topic: its first members' names). */
  readonly name: string;
  /** Pinned to the top of the chat list (`ContactFlag` 2048). */
  readonly pinned: boolean;
  /** Groups: the member count the server reports (also before the members are fetched). */
  readonly memberCount: number;
  /**
   * Groups: the members once fetched (lazily, through webwxbatchgetcontact or a sync); `undefined` until then. The
   * list is made at its first read (the same array after that), so a member who is your friend by then carries the
   * friend's stable id and remark.
   */
  readonly members?: readonly GroupMember[];
  /** The server's object as decoded. */
  readonly raw: RawContact;
}

/**
 * docs/protocol.md §3.8: names without `@` are the fixed service accounts (`filehelper`, `weixin`, `fmessage`,
 * `newsapp`, …).
 */
const isSpecialName = (userName: string): boolean => !userName.startsWith('@');

export function kindOf(raw: RawContact): ContactKind {
  if (raw.UserName.startsWith('@@')) return 'group';
  if (isSpecialName(raw.UserName)) return 'special';
  if (isOfficialAccount(raw.VerifyFlag ?? 0) || raw.KeyWord === 'gh_') return 'official';
  return ((raw.ContactFlag ?? 0) & ContactFlag.CONTACT) !== 0 ? 'friend' : 'stranger';
}

/** Emoji spans decoded; names are shown and searched in this form. */
export const cleanName = (name: string | undefined): string => (name === undefined || name === '' ? '' : decodeEmojiSpans(name));

/**
 * How a group's members are named when they are read: the contact a member's UserName names (a friend lends its
 * stable id and remark; the logged-in user is one too), and the id of a member who is no known contact.
 */
export interface MemberNamer {
  known(userName: string): Contact | undefined;
  stableIdOf(raw: RawMember): string;
}

/** A group's member entries as the server sent them, turned into `GroupMember`s when first read. */
export interface MemberSource {
  readonly list: readonly RawMember[];
  readonly namer: MemberNamer;
}

/** What a group contact holds of its members: the entries until first read, the `GroupMember`s after. */
export type Members = MemberSource | readonly GroupMember[];

/** The hidden slot of a group contact whose members are known (not enumerable: copies and JSON leave it out). */
const MEMBERS = Symbol('members');

type WithMembers = Contact & { [MEMBERS]: Members };

const isMaterialized = (members: Members): members is readonly GroupMember[] => Array.isArray(members);

/**
 * `Contact.members`, one getter shared by every group contact: a group of 500 members costs 500 `GroupMember`s (about
 * 110 bytes each with their ids) only once something reads its list; naming one member (`memberName`, `memberOf`)
 * reads the entries. Kept once made, so the list is the same array at every read.
 */
function readMembers(this: WithMembers): readonly GroupMember[] {
  const held = this[MEMBERS];
  if (isMaterialized(held)) return held;
  const members = held.list.map((raw) => namedMember(raw, held.namer));
  this[MEMBERS] = members;
  return members;
}

function namedMember(raw: RawMember, namer: MemberNamer): GroupMember {
  const known = namer.known(raw.UserName);
  return toMember(raw, known?.stableId ?? namer.stableIdOf(raw), known);
}

/** What `contact` holds of its members, without turning entries into `GroupMember`s; `undefined` when unknown. */
export function membersOf(contact: Contact): Members | undefined {
  return (contact as Partial<WithMembers>)[MEMBERS];
}

/** How many members `members` lists. */
export const memberTotal = (members: Members): number => (isMaterialized(members) ? members.length : members.list.length);

/** The UserName of the `i`-th member. */
export const memberUserNameAt = (members: Members, i: number): string | undefined =>
  isMaterialized(members) ? members[i]?.userName : members.list[i]?.UserName;

/** Whether two member lists name the same UserNames in the same order. */
export function sameMemberList(a: Members | undefined, b: Members | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const total = memberTotal(a);
  if (total !== memberTotal(b)) return false;
  for (let i = 0; i < total; i++) if (memberUserNameAt(a, i) !== memberUserNameAt(b, i)) return false;
  return true;
}

/** The `i`-th member as a `GroupMember` (made for the call when the list has not been read). */
export function memberAt(members: Members, i: number): GroupMember | undefined {
  if (isMaterialized(members)) return members[i];
  const raw = members.list[i];
  return raw === undefined ? undefined : namedMember(raw, members.namer);
}

/** The name the group shows for its `i`-th member (`GroupMember.name`), without making a `GroupMember`. */
export function memberNameAt(members: Members, i: number): string {
  if (isMaterialized(members)) return members[i]?.name ?? '';
  const raw = members.list[i];
  if (raw === undefined) return '';
  const displayName = cleanName(raw.DisplayName);
  if (displayName !== '') return displayName;
  const friend = members.namer.known(raw.UserName);
  return friend?.remarkName || cleanName(raw.NickName) || (friend?.nickName ?? '');
}

/** The `DisplayName` of the `i`-th member, emoji spans decoded. */
export function memberDisplayNameAt(members: Members, i: number): string {
  return isMaterialized(members) ? (members[i]?.displayName ?? '') : cleanName(members.list[i]?.DisplayName);
}

/** The position of `userName` in the list, or -1. */
export function memberIndex(members: Members, userName: string): number {
  return isMaterialized(members) ? members.findIndex((m) => m.userName === userName) : members.list.findIndex((m) => m.UserName === userName);
}

/** A group without a topic is shown by its first members' names, as the phone does. */
function groupName(nickName: string, members: Members | undefined): string {
  if (nickName !== '' || members === undefined) return nickName;
  const names: string[] = [];
  for (let i = 0; i < Math.min(3, memberTotal(members)); i++) {
    const name = memberNameAt(members, i);
    if (name !== '') names.push(name);
  }
  return names.join('、');
}

/**
 * Builds the model object (one allocation, and for a group whose members are known their slot and getter; no spreads
 * on this per-contact path).
 */
export function toContact(raw: RawContact, stableId: string, members: Members | undefined): Contact {
  const kind = kindOf(raw);
  const nickName = cleanName(raw.NickName);
  const remarkName = cleanName(raw.RemarkName);
  const displayName = cleanName(raw.DisplayName);
  const contact: {
    userName: string;
    stableId: string;
    kind: ContactKind;
    nickName: string;
    remarkName: string;
    alias: string;
    displayName?: string;
    name: string;
    pinned: boolean;
    memberCount: number;
    raw: RawContact;
  } = {
    userName: raw.UserName,
    stableId,
    kind,
    nickName,
    remarkName,
    alias: raw.Alias ?? '',
    name: remarkName !== '' ? remarkName : kind === 'group' ? groupName(nickName, members) : nickName,
    pinned: ((raw.ContactFlag ?? 0) & ContactFlag.TOP) !== 0,
    memberCount: members === undefined ? (raw.MemberCount ?? 0) : memberTotal(members),
    raw,
  };
  if (displayName !== '') contact.displayName = displayName;
  if (members !== undefined) {
    Object.defineProperty(contact, MEMBERS, { value: members, writable: true });
    Object.defineProperty(contact, 'members', { get: readMembers, enumerable: true });
  }
  return contact;
}

/** A member entry; `friend` (when the member is one) lends its stable id and remark. */
export function toMember(raw: RawMember, stableId: string, friend: Contact | undefined): GroupMember {
  const nickName = cleanName(raw.NickName) || (friend?.nickName ?? '');
  const displayName = cleanName(raw.DisplayName);
  return {
    userName: raw.UserName,
    stableId,
    nickName,
    displayName,
    name: displayName || friend?.remarkName || nickName,
    raw,
  };
}

import type { RawMember } from './raw/shapes.js';
import { cleanName } from './names.js';

/*
 * A group contact's members: the server's entries, turned into `GroupMember`s when the list is first read. Naming one
 * member (a message's sender, your own display name for mentions) reads the entries and makes nothing.
 */

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

/** What a member who is a known contact (a friend, you) takes from that contact. */
export interface KnownPerson {
  readonly stableId: string;
  readonly remarkName: string;
  readonly nickName: string;
}

/**
 * How a group's members are named when they are read: the contact a member's UserName names (a friend lends its
 * stable id and remark; the logged-in user is one too), and the id of a member who is no known contact.
 */
export interface MemberNamer {
  known(userName: string): KnownPerson | undefined;
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

type WithMembers = { [MEMBERS]: Members };

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
export function membersOf(contact: object): Members | undefined {
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
  const friend = members.namer.known(raw.UserName);
  return shownName(cleanName(raw.DisplayName), friend, nickNameOf(raw, friend));
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
export function groupName(nickName: string, members: Members | undefined): string {
  if (nickName !== '' || members === undefined) return nickName;
  const names: string[] = [];
  for (let i = 0; i < Math.min(3, memberTotal(members)); i++) {
    const name = memberNameAt(members, i);
    if (name !== '') names.push(name);
  }
  return names.join('、');
}

/** Gives `contact` its members: the hidden slot and the shared `members` getter. */
export function attachMembers(contact: object, members: Members): void {
  Object.defineProperty(contact, MEMBERS, { value: members, writable: true });
  Object.defineProperty(contact, 'members', { get: readMembers, enumerable: true });
}

/** A member's nickname: the entry's, else (the server sometimes leaves it empty) the known contact's. */
const nickNameOf = (raw: RawMember, friend: KnownPerson | undefined): string => cleanName(raw.NickName) || (friend?.nickName ?? '');

/** What the group shows for a member (`GroupMember.name`): the group alias, else your remark, else the nickname. */
const shownName = (displayName: string, friend: KnownPerson | undefined, nickName: string): string => displayName || friend?.remarkName || nickName;

/** A member entry; `friend` (when the member is one) lends its stable id and remark. */
function toMember(raw: RawMember, stableId: string, friend: KnownPerson | undefined): GroupMember {
  const nickName = nickNameOf(raw, friend);
  const displayName = cleanName(raw.DisplayName);
  return {
    userName: raw.UserName,
    stableId,
    nickName,
    displayName,
    name: shownName(displayName, friend, nickName),
    raw,
  };
}

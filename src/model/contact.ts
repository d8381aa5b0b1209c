import type { RawContact } from './raw/shapes.js';
import { ContactFlag, isOfficialAccount } from './codes.js';
import { attachMembers, type GroupMember, groupName, type Members, memberTotal } from './group-members.js';
import { cleanName } from './names.js';

/**
 * What a contact is to the logged-in user: `friend` (in the address book), `group`, `official` (subscription or
 * service account, `VerifyFlag & 8`), `special` (fixed names such as `filehelper`, `weixin`), `stranger` (a person
 * met in a group or a sender who is not a friend).
 */
export type ContactKind = 'friend' | 'group' | 'official' | 'special' | 'stranger';

export type { GroupMember };

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
  if (members !== undefined) attachMembers(contact, members);
  return contact;
}

import type { Contact, ContactKind, GroupMember } from '../../model/contact.js';
import { memberAt, memberIndex, type Members, membersOf, memberTotal, memberUserNameAt } from '../../model/group-members.js';
import { type ContactQuery, rankContact } from './query.js';

/** The lookups a contact list answers; `ContactsSnapshot` and the client's live `contacts` both have them. */
export interface ContactLookups {
  /** How many contacts are known (friends, groups, accounts and the strangers kept). */
  readonly size: number;
  /** The logged-in user. */
  readonly self: Contact;
  /** A contact by its per-login UserName (the logged-in user included). */
  get(userName: string): Contact | undefined;
  /** A contact by the id that survives re-logins. */
  byStableId(stableId: string): Contact | undefined;
  /**
   * The best match: a string equal to a UserName, stable id, remark, nickname, alias or display name (or a RegExp,
   * or criteria). Friends win over groups, accounts and strangers; a remark match over a nickname match.
   */
  find(query: ContactQuery): Contact | undefined;
  /** Every match, best first; a string matches names case-insensitively as a substring. */
  search(query: ContactQuery): readonly Contact[];
  friends(): readonly Contact[];
  groups(): readonly Contact[];
  officialAccounts(): readonly Contact[];
  /** A group's members when they have been fetched (see `ContactDirectory.members`). */
  members(group: string): readonly GroupMember[] | undefined;
  /** One member of a group, when the group's members have been fetched. */
  member(group: string, userName: string): GroupMember | undefined;
  all(): readonly Contact[];
}

const memberIndexes = new WeakMap<Contact, ReadonlyMap<string, number>>();

/**
 * Groups up to this many members are searched in their list: an index of 20 members weighs about 1 KB, and a
 * process of many sessions holds one per group whose members it knows. Larger groups get one, built once per group
 * object (objects are replaced, never changed).
 */
const INDEXED_FROM = 33;

/** Where `userName` is in the member list of `group` (`members`, its `membersOf`), or -1. */
export function memberPosition(group: Contact, members: Members, userName: string): number {
  const total = memberTotal(members);
  if (total < INDEXED_FROM) return memberIndex(members, userName);
  let index = memberIndexes.get(group);
  if (index === undefined) {
    const positions = new Map<string, number>();
    for (let i = 0; i < total; i++) {
      const name = memberUserNameAt(members, i);
      if (name !== undefined && !positions.has(name)) positions.set(name, i);
    }
    index = positions;
    memberIndexes.set(group, index);
  }
  return index.get(userName) ?? -1;
}

/** A member of `group` by UserName, or `undefined` when the group's members are unknown or it has no such member. */
export function memberOf(group: Contact, userName: string): GroupMember | undefined {
  const members = membersOf(group);
  if (members === undefined) return undefined;
  const at = memberPosition(group, members, userName);
  return at < 0 ? undefined : memberAt(members, at);
}

/**
 * An immutable view of the contacts at one moment. Taking one is cheap: it shares the store's map until the store
 * changes next (copy on write), and its lists and indexes are computed on first use.
 */
export class ContactsSnapshot implements ContactLookups {
  private byKind: Map<ContactKind, Contact[]> | undefined;
  private stableIndex: Map<string, Contact> | undefined;
  private list: Contact[] | undefined;

  constructor(
    private readonly entries: ReadonlyMap<string, Contact>,
    readonly self: Contact,
    /** Increases with every change of the store. */
    readonly version: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(userName: string): Contact | undefined {
    return userName === this.self.userName ? this.self : this.entries.get(userName);
  }

  byStableId(stableId: string): Contact | undefined {
    if (this.stableIndex === undefined) {
      this.stableIndex = new Map();
      for (const contact of this.entries.values()) this.stableIndex.set(contact.stableId, contact);
    }
    return this.stableIndex.get(stableId);
  }

  find(query: ContactQuery): Contact | undefined {
    if (typeof query === 'string') {
      const direct = this.get(query) ?? this.byStableId(query);
      if (direct !== undefined) return direct;
    }
    let best: Contact | undefined;
    let bestRank = Infinity;
    for (const contact of this.entries.values()) {
      const rank = rankContact(contact, query, 'exact');
      if (rank >= 0 && rank < bestRank) {
        best = contact;
        bestRank = rank;
      }
    }
    return best;
  }

  search(query: ContactQuery): readonly Contact[] {
    const ranked: Array<readonly [number, Contact]> = [];
    for (const contact of this.entries.values()) {
      const rank = rankContact(contact, query, 'contains');
      if (rank >= 0) ranked.push([rank, contact]);
    }
    return ranked.sort((a, b) => a[0] - b[0]).map(([, contact]) => contact);
  }

  friends(): readonly Contact[] {
    return this.ofKind('friend');
  }

  groups(): readonly Contact[] {
    return this.ofKind('group');
  }

  officialAccounts(): readonly Contact[] {
    return this.ofKind('official');
  }

  members(group: string): readonly GroupMember[] | undefined {
    return this.entries.get(group)?.members;
  }

  member(group: string, userName: string): GroupMember | undefined {
    const contact = this.entries.get(group);
    return contact === undefined ? undefined : memberOf(contact, userName);
  }

  all(): readonly Contact[] {
    this.list ??= [...this.entries.values()];
    return this.list;
  }

  [Symbol.iterator](): IterableIterator<Contact> {
    return this.entries.values();
  }

  private ofKind(kind: ContactKind): readonly Contact[] {
    if (this.byKind === undefined) {
      this.byKind = new Map();
      for (const contact of this.entries.values()) {
        const list = this.byKind.get(contact.kind);
        if (list === undefined) this.byKind.set(contact.kind, [contact]);
        else list.push(contact);
      }
    }
    return this.byKind.get(kind) ?? [];
  }
}

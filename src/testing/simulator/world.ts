/**
 * The simulator's world: self, friends, strangers, official accounts, special accounts and groups, what can be
 * asked of them and how they change. Entities carry STABLE ids (`wxid_…`, `gh_…`, `<digits>@chatroom`) that survive
 * re-logins; per-login UserNames come from usernames.ts; world-generator.ts makes a world from a seed.
 */

export type Sex = 0 | 1 | 2;

/** A person: a friend (in the address book) or a stranger met in a group. */
export interface Person {
  readonly kind: 'person';
  /** `wxid_` + 14 lowercase alnum. */
  readonly id: string;
  readonly nickName: string;
  readonly remarkName: string;
  readonly alias: string;
  readonly sex: Sex;
  readonly province: string;
  readonly city: string;
  readonly signature: string;
  /** `ContactFlag` (docs/protocol.md §3.6); 0 for strangers. */
  readonly contactFlag: number;
  /** In the address book. */
  readonly isFriend: boolean;
  /** `StarFriend`. */
  readonly starred: boolean;
  /** `seq=` of the avatar URL; changes when the avatar changes. */
  readonly headSeq: number;
}

/** An official account: `VerifyFlag` 8 (subscription) or 24 (service). */
export interface OfficialAccount {
  readonly kind: 'official';
  /** `gh_` + 12 hex. */
  readonly id: string;
  readonly nickName: string;
  readonly alias: string;
  readonly signature: string;
  readonly province: string;
  readonly city: string;
  readonly verifyFlag: number;
  readonly contactFlag: number;
  readonly headSeq: number;
}

/** `filehelper`, `weixin`, `fmessage`: fixed UserNames (docs/protocol.md §3.8). */
export interface SpecialAccount {
  readonly kind: 'special';
  readonly id: 'filehelper' | 'weixin' | 'fmessage';
  readonly nickName: string;
  readonly verifyFlag: number;
  readonly contactFlag: number;
  readonly headSeq: number;
}

export interface GroupMember {
  /** A person's stable id, or the self id. */
  readonly id: string;
  /** The member's group alias (`DisplayName`); often empty. */
  readonly displayName: string;
}

export interface Group {
  readonly kind: 'group';
  /** 11 digits + `@chatroom`. */
  readonly id: string;
  /** The group name; may be empty (clients then show member names). */
  readonly topic: string;
  /** Stable id of the owner (a member, possibly self). */
  readonly ownerId: string;
  /** Members in join order; self is one of them unless self left or was removed. */
  readonly members: readonly GroupMember[];
  /** `ContactFlag`: bit 1 set (3) when saved to the address book, so webwxgetcontact lists it; else 2. */
  readonly contactFlag: number;
  /** `Statues`: 1 notifying, 0 muted. */
  readonly statues: number;
  readonly headSeq: number;
}

/** The logged-in account. */
export interface SelfProfile {
  readonly kind: 'self';
  /** Stable id (`wxid_…`), used inside XML and group member lists. */
  readonly id: string;
  /** Above 2^31 and below 2^32 (e.g. 2450346660). */
  readonly uin: number;
  readonly nickName: string;
  readonly alias: string;
  readonly sex: Sex;
  readonly signature: string;
  readonly province: string;
  readonly city: string;
  readonly headSeq: number;
}

export type Contact = Person | OfficialAccount | SpecialAccount;
export type Entity = Contact | Group | SelfProfile;

/** Fields a control call may change on a person. */
export interface PersonPatch {
  readonly nickName?: string;
  readonly remarkName?: string;
  readonly alias?: string;
  readonly sex?: Sex;
  readonly province?: string;
  readonly city?: string;
  readonly signature?: string;
  readonly starred?: boolean;
  readonly contactFlag?: number;
  /** Bumps `headSeq`. */
  readonly avatarChanged?: boolean;
}

/** A new person for `addContact`; missing fields are generated from the world's PRNG. */
export interface NewPerson extends PersonPatch {
  readonly id?: string;
  /** Default true: a friend. False creates a stranger (e.g. the sender of a friend request). */
  readonly friend?: boolean;
}

export interface NewGroup {
  readonly id?: string;
  readonly topic: string;
  /** Stable ids of the members besides self (self is always added, first). */
  readonly memberIds: readonly string[];
  /** Defaults to self. */
  readonly ownerId?: string;
}

/** `filehelper`, `weixin`, `fmessage`: in every world, with these fixed fields. */
export const SPECIAL_ACCOUNTS: readonly SpecialAccount[] = [
  { kind: 'special', id: 'filehelper', nickName: '文件传输助手', verifyFlag: 0, contactFlag: 3, headSeq: 0 },
  { kind: 'special', id: 'weixin', nickName: '微信团队', verifyFlag: 56, contactFlag: 1, headSeq: 0 },
  { kind: 'special', id: 'fmessage', nickName: '朋友推荐消息', verifyFlag: 0, contactFlag: 0, headSeq: 0 },
];

/** A world as generated, before any change. */
export interface WorldPopulation {
  readonly seed: number;
  readonly self: SelfProfile;
  /** Friends and strangers, in the order they are listed. */
  readonly people: readonly Person[];
  readonly officials: readonly OfficialAccount[];
  readonly groups: readonly Group[];
}

/** Where a world gets the generated parts of what it adds later, so they stay unique and follow its seed. */
export interface EntitySource {
  /** A person with generated fields; `index` picks the fixed names of the first friends. */
  person(friend: boolean, index: number, id?: string): Person;
  /** A new group id nobody in the world has. */
  groupId(): string;
  /** Marks an id as taken. */
  reserve(id: string): void;
}

/** A world of accounts with stable ids; see `generateWorld`. Mutators replace entities (snapshots stay valid). */
export class World {
  readonly seed: number;
  private selfProfile: SelfProfile;
  private readonly personMap = new Map<string, Person>();
  private readonly officialMap = new Map<string, OfficialAccount>();
  private readonly groupMap = new Map<string, Group>();
  private readonly specialMap = new Map<string, SpecialAccount>(SPECIAL_ACCOUNTS.map((special) => [special.id, special]));

  constructor(
    population: WorldPopulation,
    private readonly source: EntitySource,
  ) {
    this.seed = population.seed;
    this.selfProfile = population.self;
    for (const person of population.people) this.personMap.set(person.id, person);
    for (const official of population.officials) this.officialMap.set(official.id, official);
    for (const group of population.groups) this.groupMap.set(group.id, group);
  }

  get self(): SelfProfile {
    return this.selfProfile;
  }

  /** Friends (people in the address book), in the order they were added. A new array each call, like the others. */
  friends(): Person[] {
    return this.people(true);
  }

  /** People who are not friends: met in groups, or senders of friend requests. */
  strangers(): Person[] {
    return this.people(false);
  }

  /** Every group the account knows, including ones self has left. */
  groups(): Group[] {
    return [...this.groupMap.values()];
  }

  /** Official accounts followed. */
  officialAccounts(): OfficialAccount[] {
    return [...this.officialMap.values()];
  }

  /** `filehelper`, `weixin`, `fmessage`. */
  specialAccounts(): SpecialAccount[] {
    return [...this.specialMap.values()];
  }

  /** What webwxgetcontact lists: special accounts in the book, friends, official accounts, saved groups. */
  addressBook(): (Contact | Group)[] {
    const out: (Contact | Group)[] = [];
    for (const s of this.specialMap.values()) if (s.contactFlag !== 0) out.push(s);
    for (const p of this.personMap.values()) if (p.isFriend) out.push(p);
    for (const o of this.officialMap.values()) out.push(o);
    for (const g of this.groupMap.values()) if ((g.contactFlag & 1) !== 0) out.push(g);
    return out;
  }

  /** Recent chats for webwxinit's `ContactList`/`ChatSet`: filehelper, weixin, groups first, then a few friends and an official. */
  recentChats(limit = 10): Entity[] {
    const out: Entity[] = [];
    const push = (e: Entity | undefined): void => {
      if (e !== undefined && out.length < limit && !out.includes(e)) out.push(e);
    };
    push(this.specialMap.get('filehelper'));
    push(this.specialMap.get('weixin'));
    for (const g of this.groupMap.values()) if (g.members.some((m) => m.id === this.selfProfile.id)) push(g);
    for (const p of this.personMap.values()) {
      if (out.length >= limit - 1) break;
      if (p.isFriend) push(p);
    }
    push(this.officialMap.values().next().value);
    return out;
  }

  /** Any entity by stable id (self included). */
  get(id: string): Entity | undefined {
    if (id === this.selfProfile.id) return this.selfProfile;
    return this.personMap.get(id) ?? this.groupMap.get(id) ?? this.officialMap.get(id) ?? this.specialMap.get(id);
  }

  /** A friend or stranger by stable id. */
  person(id: string): Person | undefined {
    return this.personMap.get(id);
  }

  /** A group by stable id. */
  group(id: string): Group | undefined {
    return this.groupMap.get(id);
  }

  /**
   * A person, group or account by stable id, else by exact nickname / remark / alias / group topic. Friends win
   * over groups, groups over official accounts, those over strangers.
   */
  find(idOrName: string): Entity | undefined {
    const byId = this.get(idOrName);
    if (byId !== undefined) return byId;
    if (this.selfProfile.nickName === idOrName) return this.selfProfile;
    let stranger: Person | undefined;
    for (const p of this.personMap.values()) {
      if (p.nickName === idOrName || p.remarkName === idOrName || (p.alias !== '' && p.alias === idOrName)) {
        if (p.isFriend) return p;
        stranger ??= p;
      }
    }
    for (const g of this.groupMap.values()) if (g.topic === idOrName) return g;
    for (const o of this.officialMap.values()) if (o.nickName === idOrName || o.alias === idOrName) return o;
    for (const s of this.specialMap.values()) if (s.nickName === idOrName) return s;
    return stranger;
  }

  /** Like `find`, but throws when nothing matches. */
  require(idOrName: string): Entity {
    const found = this.find(idOrName);
    if (found === undefined) throw new Error(`world: no person, group or account ${JSON.stringify(idOrName)}`);
    return found;
  }

  /** The member's group alias, or `''` (also when not a member). */
  displayNameIn(groupId: string, memberId: string): string {
    return this.groupMap.get(groupId)?.members.find((m) => m.id === memberId)?.displayName ?? '';
  }

  /** What others see for a member: the group alias, else the nickname (used for `@` mentions and system texts). */
  nameIn(groupId: string | undefined, id: string): string {
    if (groupId !== undefined) {
      const display = this.displayNameIn(groupId, id);
      if (display !== '') return display;
    }
    return this.nickNameOf(id);
  }

  /** The nickname of any entity (group: its topic), `''` when unknown. */
  nickNameOf(id: string): string {
    const e = this.get(id);
    if (e === undefined) return '';
    return e.kind === 'group' ? e.topic : e.nickName;
  }

  /** Adds a friend (or stranger with `friend: false`); an existing stranger's id turns it into a friend. */
  addContact(init: NewPerson = {}): Person {
    const friend = init.friend ?? true;
    const existing = init.id === undefined ? undefined : this.personMap.get(init.id);
    const base = existing ?? this.source.person(friend, this.personMap.size, init.id);
    const updated = applyPatch(
      { ...base, isFriend: friend, contactFlag: friend ? (existing?.isFriend === true ? base.contactFlag : 3) : 0 },
      init,
    );
    this.insertPerson(updated);
    return updated;
  }

  /**
   * Removes a person from the address book (they stay a stranger, since groups and old messages refer to them)
   * or deletes an official account. Returns the entity as it was, or `undefined` when unknown.
   */
  removeContact(id: string): Person | OfficialAccount | undefined {
    const person = this.personMap.get(id);
    if (person !== undefined) {
      this.personMap.set(id, { ...person, isFriend: false, contactFlag: 0, remarkName: '', starred: false });
      return person;
    }
    const official = this.officialMap.get(id);
    if (official !== undefined) this.officialMap.delete(id);
    return official;
  }

  /** Changes a person's fields; returns the new snapshot. */
  modifyContact(id: string, patch: PersonPatch): Person {
    const person = this.personMap.get(id);
    if (person === undefined) throw new Error(`world: no person ${id}`);
    const updated = applyPatch(person, patch);
    this.personMap.set(id, updated);
    return updated;
  }

  /** Changes own profile fields (webwxsync `Profile`). */
  modifySelf(patch: Partial<Pick<SelfProfile, 'nickName' | 'alias' | 'sex' | 'signature' | 'province' | 'city'>>): SelfProfile {
    this.selfProfile = { ...this.selfProfile, ...definedOnly(patch) };
    return this.selfProfile;
  }

  /** Adds a member (a person's id, created as a stranger if unknown, or self). No-op when already a member. */
  addGroupMember(groupId: string, memberId: string, displayName = ''): Group {
    const group = this.requireGroup(groupId);
    if (group.members.some((m) => m.id === memberId)) return group;
    if (memberId !== this.selfProfile.id && !this.personMap.has(memberId)) this.addContact({ id: memberId, friend: false });
    return this.putGroup({ ...group, members: [...group.members, { id: memberId, displayName }] });
  }

  /** Removes a member (kick, leave, or self removed). No-op when not a member. */
  removeGroupMember(groupId: string, memberId: string): Group {
    const group = this.requireGroup(groupId);
    const members = group.members.filter((m) => m.id !== memberId);
    return members.length === group.members.length ? group : this.putGroup({ ...group, members });
  }

  /** Sets a member's group alias. */
  setDisplayName(groupId: string, memberId: string, displayName: string): Group {
    const group = this.requireGroup(groupId);
    const members = group.members.map((m) => (m.id === memberId ? { id: m.id, displayName } : m));
    return this.putGroup({ ...group, members });
  }

  renameGroup(groupId: string, topic: string): Group {
    return this.putGroup({ ...this.requireGroup(groupId), topic });
  }

  /** Creates a group with self as first member (webwxcreatechatroom, or a group someone pulled self into). */
  createGroup(init: NewGroup): Group {
    const id = init.id ?? this.source.groupId();
    this.source.reserve(id);
    const members: GroupMember[] = [{ id: this.selfProfile.id, displayName: '' }];
    for (const memberId of init.memberIds) {
      if (memberId === this.selfProfile.id || members.some((m) => m.id === memberId)) continue;
      if (!this.personMap.has(memberId)) this.addContact({ id: memberId, friend: false });
      members.push({ id: memberId, displayName: '' });
    }
    return this.putGroup({
      kind: 'group',
      id,
      topic: init.topic,
      ownerId: init.ownerId ?? this.selfProfile.id,
      members,
      contactFlag: 2,
      statues: 1,
      headSeq: 0,
    });
  }

  private people(friends: boolean): Person[] {
    const out: Person[] = [];
    for (const p of this.personMap.values()) if (p.isFriend === friends) out.push(p);
    return out;
  }

  private requireGroup(id: string): Group {
    const group = this.groupMap.get(id);
    if (group === undefined) throw new Error(`world: no group ${id}`);
    return group;
  }

  private putGroup(group: Group): Group {
    this.groupMap.set(group.id, group);
    return group;
  }

  private insertPerson(p: Person): void {
    this.source.reserve(p.id);
    this.personMap.set(p.id, p);
  }
}

function definedOnly<T extends object>(patch: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(patch) as (keyof T)[]) if (patch[key] !== undefined) out[key] = patch[key];
  return out;
}

/** `friend` and `id` of a `NewPerson` are handled by `addContact`; the rest overwrite the person's fields. */
function applyPatch(person: Person, patch: NewPerson): Person {
  const { avatarChanged, friend: _friend, id: _id, ...fields } = patch;
  const next: Person = { ...person, ...definedOnly(fields) };
  return avatarChanged === true ? { ...next, headSeq: next.headSeq + 1 } : next;
}

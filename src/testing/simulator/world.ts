/**
 * The simulator's world: self, friends, strangers, official accounts, special accounts and groups, generated
 * deterministically from a seed. Entities carry STABLE ids (`wxid_…`, `gh_…`, `<digits>@chatroom`) that survive
 * re-logins; per-login UserNames come from usernames.ts.
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
  /** `ContactFlag` (§3.6); 0 for strangers. */
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

/** `filehelper`, `weixin`, `fmessage`: fixed UserNames (§3.8). */
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

export interface WorldOptions {
  readonly seed?: number;
  /** Friends in the address book (default 20; scales to 5,000+). */
  readonly friends?: number;
  /** Official accounts followed (default 3). */
  readonly officialAccounts?: number;
  /** Groups self is in (default 3). */
  readonly groups?: number;
  /** Members per group including self (default 20, up to 500). */
  readonly groupSize?: number;
  readonly selfNickName?: string;
}

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

/** mulberry32: a tiny seeded PRNG; the world never touches `Math.random`. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

const CN_SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐韩冯邓曹彭';
const CN_GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '晓明', '子涵', '雨萱', '浩然', '思远', '嘉怡', '一鸣', '欣怡'];
const EN_GIVEN = ['Alice', 'Bob', 'Carol', 'Dave', 'Eve', 'Frank', 'Grace', 'Heidi', 'Ivan', 'Judy', 'Mallory', 'Niaj', 'Olivia', 'Peggy', 'Rupert', 'Sybil', 'Trent', 'Victor', 'Walter', 'Yuki', 'Zoe', 'Kevin', 'Linda', 'Mike'];
const EN_FAMILY = ['Smith', 'Chen', 'Lee', 'Wong', 'Zhang', 'Brown', 'Garcia', 'Müller', 'Nguyen', 'Kim', 'Taylor', 'Liu'];
const EMOJI = ['😂', '🌸', '🐱', '⭐', '🍀', '🎉', '👾', '🔥', '😊', '🌙', '🇨🇳', '☀️'];
/** Names that exercise entity escaping in `NickName` and in escaped XML. */
const TRICKY_NAMES = ['Tom & "Jerry"', '<b>Bold</b>', "O'Brien", 'A&B 工作室', '"Quoted"'];
/** The first friends get fixed, memorable names so tests and examples can find them. */
const FIRST_FRIENDS = ['Alice', 'Bob', 'Carol', 'Tom & "Jerry"', '小明😂', '王芳', 'Dave 🌸', '李雷'];

const PLACES: readonly (readonly [string, string])[] = [
  ['广东', '深圳'],
  ['广东', '广州'],
  ['北京', '海淀'],
  ['北京', '朝阳'],
  ['上海', '浦东新区'],
  ['浙江', '杭州'],
  ['四川', '成都'],
  ['江苏', '南京'],
  ['湖北', '武汉'],
  ['', ''],
  ['', ''],
];
const SIGNATURES = ['', '', '', '好好学习，天天向上', 'Stay hungry, stay foolish.', '在路上 🚶', '忙，勿扰', 'Coffee & code ☕', '人生苦短，我用 Python', '<3 cats'];
const GROUP_TOPICS = ['家人群', 'Weekend 徒步', 'Project X 🚀', 'Book club & friends', '大学同学', '羽毛球小分队', '"Dev" <ops> team', '租房交流', '宝妈群🌸', '读书会'];
const OFFICIALS: readonly (readonly [string, string, string])[] = [
  ['微信支付', 'wxpay', '微信支付官方账号，为你提供支付服务'],
  ['腾讯新闻', 'QQnews', '24 小时新闻资讯'],
  ['顺丰速运', 'sf-express', '最便捷的顺丰速运自助服务平台'],
  ['Tech & Life Daily', 'techlife', 'Daily reads on tech <and> life'],
  ['招商银行信用卡', 'cmbchina', '招商银行信用卡官方服务号'],
  ['成电食堂', 'uestccanteen', '提供食堂菜单介绍，推荐新品菜肴。'],
];

/** A world of accounts with stable ids; see `generateWorld`. Mutators replace entities (snapshots stay valid). */
export class World {
  readonly seed: number;
  private selfProfile: SelfProfile;
  private readonly personMap = new Map<string, Person>();
  private readonly officialMap = new Map<string, OfficialAccount>();
  private readonly groupMap = new Map<string, Group>();
  private readonly specialMap = new Map<string, SpecialAccount>();
  private readonly usedIds = new Set<string>();
  private readonly usedNames = new Set<string>();
  private readonly rand: () => number;

  constructor(options: WorldOptions = {}) {
    this.seed = options.seed ?? 1;
    this.rand = mulberry32(this.seed);
    this.selfProfile = this.generateSelf(options.selfNickName ?? '测试号 Tester');
    for (const special of SPECIALS) {
      this.specialMap.set(special.id, special);
      this.usedIds.add(special.id);
    }
    const friends = options.friends ?? 20;
    for (let i = 0; i < friends; i++) this.insertPerson(this.generatePerson(true, i));
    const officials = options.officialAccounts ?? 3;
    for (let i = 0; i < officials; i++) {
      const official = this.generateOfficial(i);
      this.officialMap.set(official.id, official);
    }
    const groups = options.groups ?? 3;
    const groupSize = Math.max(1, options.groupSize ?? 20);
    const friendIds = [...this.personMap.keys()];
    const strangerIds: string[] = [];
    for (let i = 0; i < groups; i++) this.generateGroup(i, groupSize, friendIds, strangerIds);
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
    const base = existing ?? this.generatePerson(friend, this.personMap.size, init.id);
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
    const id = init.id ?? this.uniqueId(() => this.groupId());
    this.usedIds.add(id);
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
    this.usedIds.add(p.id);
    this.personMap.set(p.id, p);
  }

  private int(n: number): number {
    return Math.floor(this.rand() * n);
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  private chance(p: number): boolean {
    return this.rand() < p;
  }

  private chars(alphabet: string, n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[this.int(alphabet.length)];
    return s;
  }

  private uniqueId(make: () => string): string {
    for (;;) {
      const id = make();
      if (!this.usedIds.has(id)) return id;
    }
  }

  private wxid(): string {
    return 'wxid_' + this.chars(ALNUM, 14);
  }

  private groupId(): string {
    return String(1 + this.int(9)) + this.chars('0123456789', 10) + '@chatroom';
  }

  private headSeq(): number {
    return 600_000_000 + this.int(700_000_000);
  }

  private generateSelf(nickName: string): SelfProfile {
    const id = this.wxid();
    this.usedIds.add(id);
    const [province, city] = this.pick(PLACES);
    return {
      kind: 'self',
      id,
      uin: 2 ** 31 + 1 + this.int(2 ** 31 - 2),
      nickName,
      alias: 'tester_' + this.chars(ALNUM, 4),
      sex: 1,
      signature: '这是一个模拟账号',
      province,
      city,
      headSeq: this.headSeq(),
    };
  }

  private randomName(): string {
    const r = this.rand();
    let name: string;
    if (r < 0.45) name = this.pick([...CN_SURNAMES]) + this.pick(CN_GIVEN);
    else if (r < 0.8) name = this.pick(EN_GIVEN) + (this.chance(0.5) ? ' ' + this.pick(EN_FAMILY) : '');
    else if (r < 0.97) name = (this.chance(0.5) ? this.pick(EN_GIVEN) : this.pick([...CN_SURNAMES]) + this.pick(CN_GIVEN)) + this.pick(EMOJI);
    else name = this.pick(TRICKY_NAMES);
    return name;
  }

  private uniqueName(candidate: string): string {
    let name = candidate;
    for (let n = 2; this.usedNames.has(name); n++) name = `${candidate}${n}`;
    this.usedNames.add(name);
    return name;
  }

  private generatePerson(friend: boolean, index: number, id?: string): Person {
    const personId = id ?? this.uniqueId(() => this.wxid());
    const fixed = friend ? FIRST_FRIENDS[index] : undefined;
    const nickName = this.uniqueName(fixed ?? this.randomName());
    const [province, city] = this.pick(PLACES);
    const starred = friend && this.chance(0.05);
    const pinned = friend && this.chance(0.03);
    return {
      kind: 'person',
      id: personId,
      nickName,
      remarkName: friend && this.chance(0.2) ? this.pick(['老', '小']) + [...nickName].slice(0, 2).join('') + '（同事）' : '',
      alias: this.chance(0.3) ? nickName.replace(/[^A-Za-z]/g, '').toLowerCase().slice(0, 8) + '_' + this.chars(ALNUM, 4) : '',
      sex: this.pick([0, 1, 1, 2, 2] as const),
      province,
      city,
      signature: this.pick(SIGNATURES),
      contactFlag: friend ? (pinned ? 3 | 2048 | 32768 : this.chance(0.9) ? 3 : 1) | (starred ? 64 : 0) : 0,
      isFriend: friend,
      starred,
      headSeq: this.headSeq(),
    };
  }

  private generateOfficial(index: number): OfficialAccount {
    const id = this.uniqueId(() => 'gh_' + this.chars(HEX, 12));
    this.usedIds.add(id);
    const known = OFFICIALS[index % OFFICIALS.length] as readonly [string, string, string];
    const suffix = index < OFFICIALS.length ? '' : String(Math.floor(index / OFFICIALS.length) + 1);
    const [province, city] = this.pick(PLACES);
    return {
      kind: 'official',
      id,
      nickName: known[0] + suffix,
      alias: known[1] + suffix,
      signature: known[2],
      province,
      city,
      verifyFlag: index % 2 === 0 ? 24 : 8,
      contactFlag: this.chance(0.5) ? 3 : 1,
      headSeq: this.headSeq(),
    };
  }

  private generateGroup(index: number, size: number, friendIds: readonly string[], strangerIds: string[]): void {
    const id = this.uniqueId(() => this.groupId());
    this.usedIds.add(id);
    const members: GroupMember[] = [{ id: this.selfProfile.id, displayName: this.chance(0.3) ? '群里的我' : '' }];
    const taken = new Set<string>([this.selfProfile.id]);
    let guard = 0;
    while (members.length < size && guard++ < size * 20) {
      let memberId: string;
      const r = this.rand();
      if (r < 0.4 && friendIds.length > 0) memberId = this.pick(friendIds);
      else if (r < 0.55 && strangerIds.length > 0) memberId = this.pick(strangerIds);
      else {
        const stranger = this.generatePerson(false, 0);
        this.insertPerson(stranger);
        strangerIds.push(stranger.id);
        memberId = stranger.id;
      }
      if (taken.has(memberId)) continue;
      taken.add(memberId);
      const displayName = this.chance(0.25) ? this.randomName() : '';
      members.push({ id: memberId, displayName });
    }
    const topic = GROUP_TOPICS[index % GROUP_TOPICS.length] + (index < GROUP_TOPICS.length ? '' : ` ${Math.floor(index / GROUP_TOPICS.length) + 1}`);
    const owner = index === 0 || members.length === 1 ? this.selfProfile.id : (members[1 + this.int(members.length - 1)] as GroupMember).id;
    this.groupMap.set(id, {
      kind: 'group',
      id,
      topic,
      ownerId: owner,
      members,
      contactFlag: index % 2 === 0 ? 3 : 2,
      statues: this.chance(0.8) ? 1 : 0,
      headSeq: this.headSeq(),
    });
  }
}

const SPECIALS: readonly SpecialAccount[] = [
  { kind: 'special', id: 'filehelper', nickName: '文件传输助手', verifyFlag: 0, contactFlag: 3, headSeq: 0 },
  { kind: 'special', id: 'weixin', nickName: '微信团队', verifyFlag: 56, contactFlag: 1, headSeq: 0 },
  { kind: 'special', id: 'fmessage', nickName: '朋友推荐消息', verifyFlag: 0, contactFlag: 0, headSeq: 0 },
];

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

/** Builds a world deterministically from `options.seed` (same options, same world, same ids). */
export function generateWorld(options: WorldOptions = {}): World {
  return new World(options);
}

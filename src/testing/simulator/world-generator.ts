/**
 * Generates a world's people, accounts and groups from one seeded stream: names (Chinese, English, emoji, and
 * names that need escaping), places, signatures, stable ids (`wxid_…`, `gh_…`, `<digits>@chatroom`) and group
 * membership. The same options always give the same world; `World` asks the same generator for later additions.
 */
import { mulberry32 } from './prng.js';
import {
  SPECIAL_ACCOUNTS,
  World,
  type EntitySource,
  type Group,
  type GroupMember,
  type OfficialAccount,
  type Person,
  type SelfProfile,
  type WorldPopulation,
} from './world.js';

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

/** Builds a world deterministically from `options.seed` (same options, same world, same ids). */
export function generateWorld(options: WorldOptions = {}): World {
  const seed = options.seed ?? 1;
  const generator = new EntityGenerator(mulberry32(seed));
  return new World(generator.population(seed, options), generator);
}

/** Seeded entities with ids and nicknames unique within their world. */
class EntityGenerator implements EntitySource {
  private readonly usedIds = new Set<string>();
  private readonly usedNames = new Set<string>();

  constructor(private readonly rand: () => number) {}

  /** The whole starting world; the order of draws from the stream is what makes a seed reproduce it. */
  population(seed: number, options: WorldOptions): WorldPopulation {
    const self = this.self(options.selfNickName ?? '测试号 Tester');
    for (const special of SPECIAL_ACCOUNTS) this.reserve(special.id);
    const friends: Person[] = [];
    for (let i = 0; i < (options.friends ?? 20); i++) friends.push(this.person(true, i));
    const officials: OfficialAccount[] = [];
    for (let i = 0; i < (options.officialAccounts ?? 3); i++) officials.push(this.official(i));
    const groupSize = Math.max(1, options.groupSize ?? 20);
    const friendIds = friends.map((p) => p.id);
    const strangers: Person[] = [];
    const groups: Group[] = [];
    for (let i = 0; i < (options.groups ?? 3); i++) groups.push(this.group(i, groupSize, self.id, friendIds, strangers));
    return { seed, self, people: [...friends, ...strangers], officials, groups };
  }

  reserve(id: string): void {
    this.usedIds.add(id);
  }

  person(friend: boolean, index: number, id?: string): Person {
    const personId = id ?? this.uniqueId(() => this.wxid());
    this.reserve(personId);
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

  groupId(): string {
    const id = this.uniqueId(() => String(1 + this.int(9)) + this.chars('0123456789', 10) + '@chatroom');
    this.reserve(id);
    return id;
  }

  private self(nickName: string): SelfProfile {
    const id = this.wxid();
    this.reserve(id);
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

  private official(index: number): OfficialAccount {
    const id = this.uniqueId(() => 'gh_' + this.chars(HEX, 12));
    this.reserve(id);
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

  /** A group of friends, earlier groups' strangers and new strangers (appended to `strangers`). */
  private group(index: number, size: number, selfId: string, friendIds: readonly string[], strangers: Person[]): Group {
    const id = this.groupId();
    const members: GroupMember[] = [{ id: selfId, displayName: this.chance(0.3) ? '群里的我' : '' }];
    const taken = new Set<string>([selfId]);
    let guard = 0;
    while (members.length < size && guard++ < size * 20) {
      let memberId: string;
      const r = this.rand();
      if (r < 0.4 && friendIds.length > 0) memberId = this.pick(friendIds);
      else if (r < 0.55 && strangers.length > 0) memberId = this.pick(strangers).id;
      else {
        const stranger = this.person(false, 0);
        strangers.push(stranger);
        memberId = stranger.id;
      }
      if (taken.has(memberId)) continue;
      taken.add(memberId);
      const displayName = this.chance(0.25) ? this.randomName() : '';
      members.push({ id: memberId, displayName });
    }
    const topic = GROUP_TOPICS[index % GROUP_TOPICS.length] + (index < GROUP_TOPICS.length ? '' : ` ${Math.floor(index / GROUP_TOPICS.length) + 1}`);
    const owner = index === 0 || members.length === 1 ? selfId : (members[1 + this.int(members.length - 1)] as GroupMember).id;
    return {
      kind: 'group',
      id,
      topic,
      ownerId: owner,
      members,
      contactFlag: index % 2 === 0 ? 3 : 2,
      statues: this.chance(0.8) ? 1 : 0,
      headSeq: this.headSeq(),
    };
  }

  private randomName(): string {
    const r = this.rand();
    if (r < 0.45) return this.pick([...CN_SURNAMES]) + this.pick(CN_GIVEN);
    if (r < 0.8) return this.pick(EN_GIVEN) + (this.chance(0.5) ? ' ' + this.pick(EN_FAMILY) : '');
    if (r < 0.97) return (this.chance(0.5) ? this.pick(EN_GIVEN) : this.pick([...CN_SURNAMES]) + this.pick(CN_GIVEN)) + this.pick(EMOJI);
    return this.pick(TRICKY_NAMES);
  }

  private uniqueName(candidate: string): string {
    let name = candidate;
    for (let n = 2; this.usedNames.has(name); n++) name = `${candidate}${n}`;
    this.usedNames.add(name);
    return name;
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

  private headSeq(): number {
    return 600_000_000 + this.int(700_000_000);
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
}

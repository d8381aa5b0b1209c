/**
 * The simulator's JSON writer and the wire shapes of contacts, members and the own `User`. Output imitates the
 * real server byte for byte where captures show it: `}` newline `,` newline after nested objects, `{` on the `[`
 * line, big integers (`NewMsgId`) as bare JSON numbers with exact digits.
 */
import type { Contact, Group, GroupMember, SelfProfile, World } from './world.js';
import type { UserNames } from './usernames.js';

/**
 * A JSON value as the simulator writes it; `bigint` becomes a bare number with exact digits. `object` admits
 * interface-typed values (which lack an index signature), written member by member.
 */
export type WireJson = string | number | boolean | bigint | null | readonly WireJson[] | WireObject | object;
/** A JSON object; `undefined` members are left out, like `JSON.stringify` does. */
export interface WireObject {
  readonly [key: string]: WireJson | undefined;
}

/**
 * JSON text in the server's irregular layout: every object member on its own line, `\n}` closing objects, `\n,\n`
 * after a member whose value is an object, array elements `[{ … }\n,{ … }\n]`, empty arrays `[]`. `bigint`
 * values are written as bare integers (`"NewMsgId": 6929942228714508460`). Accepts any JSON-like value (interfaces
 * included, hence `unknown`); `undefined`, functions and symbols are left out as `JSON.stringify` does.
 */
export function toWireJson(value: unknown): string {
  return write(value) ?? 'null';
}

function write(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      return Array.isArray(value) ? writeArray(value) : writeObject(value as Readonly<Record<string, unknown>>);
    default:
      return undefined;
  }
}

/** Strings that need no escaping (the vast majority) skip `JSON.stringify`. */
function quote(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s);
  }
  return '"' + s + '"';
}

const keyCache = new Map<string, string>();

function quoteKey(key: string): string {
  let quoted = keyCache.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key) + ': ';
    if (keyCache.size < 1000) keyCache.set(key, quoted);
  }
  return quoted;
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function writeObject(obj: Readonly<Record<string, unknown>>): string {
  let out = '{';
  let first = true;
  let afterObject = false;
  for (const key in obj) {
    const v = write(obj[key]);
    if (v === undefined) continue;
    out += (first ? '\n' : afterObject ? '\n,\n' : ',\n') + quoteKey(key) + v;
    first = false;
    afterObject = isPlainObject(obj[key]);
  }
  return first ? '{}' : out + '\n}';
}

function writeArray(items: readonly unknown[]): string {
  if (items.length === 0) return '[]';
  if (!isPlainObject(items[0])) return '[' + items.map((v) => write(v) ?? 'null').join(',') + ']';
  let out = '[';
  for (let i = 0; i < items.length; i++) out += (i === 0 ? '' : ',') + (write(items[i]) ?? 'null') + '\n';
  return out + ']';
}

// ---------------------------------------------------------------------------------------------------------------
// Text as the server renders it

/**
 * Emoji code points the server writes under a wrong code (ItChat's remap table read backwards): a client that
 * does not remap shows 😹 where the sender typed 😂.
 */
const SERVER_REMAP: Readonly<Record<string, string>> = {
  '1f601': '1f63c',
  '1f602': '1f639',
  '1f603': '1f63a',
  '1f616': '1f4ab',
  '1f614': '1f64d',
  '1f60d': '1f63b',
  '1f618': '1f63d',
  '1f621': '1f64e',
  '1f622': '1f63f',
};

const EMOJI_RE = /\p{Regional_Indicator}{2}|[#*0-9]\uFE0F?\u20E3|\p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic}\uFE0F?)*/gu;

/** The span class suffix of one emoji: its code points in hex, joined, without FE0F/200D. */
export function emojiCode(emoji: string, remap = true): string {
  let code = '';
  for (const ch of emoji) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp === 0xfe0f || cp === 0x200d) continue;
    code += cp.toString(16);
  }
  return remap ? (SERVER_REMAP[code] ?? code) : code;
}

/**
 * Replaces Unicode emoji with `<span class="emoji emoji1f602"></span>` (hex code points, flags as 5+5 digits,
 * keycaps as 2+4). With `remap` (the server's habit) a few codes are written wrong, e.g. 😂 as `1f639`.
 */
export function emojiToSpans(text: string, remap = true): string {
  if (!hasNonAscii(text)) return text;
  return text.replace(EMOJI_RE, (m) => `<span class="emoji emoji${emojiCode(m, remap)}"></span>`);
}

function hasNonAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7e) return true;
  return /[#*0-9]\u20E3/.test(text);
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes `& < > " '` as the server does for text `Content`. */
export function escapeHtml(text: string): string {
  return /[&<>"']/.test(text) ? text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c) : text;
}

/** Escapes `& < >` only: how XML payloads are embedded in `Content` (attribute quotes stay `"`). */
export function escapeXmlContent(xml: string): string {
  return /[&<>]/.test(xml) ? xml.replace(/[&<>]/g, (c) => HTML_ESCAPES[c] ?? c) : xml;
}

/** Escapes a value for an XML attribute or text node (`& < > "`). */
export function xmlAttr(value: string): string {
  return /[&<>"]/.test(value) ? value.replace(/[&<>"]/g, (c) => HTML_ESCAPES[c] ?? c) : value;
}

// ---------------------------------------------------------------------------------------------------------------
// Pinyin for the characters the generated world uses; other CJK characters are skipped, as a stand-in.

const PINYIN: ReadonlyMap<string, string> = new Map(
  (
    '王wang 李li 张zhang 刘liu 陈chen 杨yang 黄huang 赵zhao 吴wu 周zhou 徐xu 孙sun 马ma 朱zhu 胡hu 郭guo 何he 林lin ' +
    '罗luo 高gao 郑zheng 梁liang 谢xie 宋song 唐tang 韩han 冯feng 邓deng 曹cao 彭peng 伟wei 芳fang 娜na 敏min 静jing ' +
    '丽li 强qiang 磊lei 洋yang 艳yan 勇yong 军jun 杰jie 娟juan 涛tao 明ming 超chao 秀xiu 英ying 霞xia 平ping 刚gang ' +
    '桂gui 晓xiao 子zi 涵han 雨yu 萱xuan 浩hao 然ran 思si 远yuan 嘉jia 怡yi 一yi 鸣ming 欣xin 小xiao 雷lei 老lao ' +
    '家jia 人ren 群qun 徒tu 步bu 大da 学xue 同tong 羽yu 毛mao 球qiu 分fen 队dui 租zu 房fang 交jiao 流liu 宝bao 妈ma ' +
    '读du 书shu 会hui 微wei 信xin 支zhi 付fu 腾teng 讯xun 新xin 闻wen 顺shun 丰feng 速su 运yun 招zhao 商shang 银yin ' +
    '行hang 用yong 卡ka 成cheng 电dian 食shi 堂tang 文wen 件jian 传chuan 输shu 助zhu 手shou 团tuan 朋peng 友you ' +
    '推tui 荐jian 消xiao 息xi 测ce 试shi 号hao 工gong 作zuo 室shi 里li 的de 我wo 事shi 读du'
  )
    .split(' ')
    .map((entry) => [entry.slice(0, 1), entry.slice(1)] as const),
);

/** `PYInitial` and `PYQuanPin` of a name: upper-case initials and lower-case full pinyin (letters kept). */
export function pinyinOf(name: string): { readonly initial: string; readonly full: string } {
  const cached = pinyinCache.get(name);
  if (cached !== undefined) return cached;
  const result = computePinyin(name);
  if (pinyinCache.size >= 50_000) pinyinCache.clear();
  pinyinCache.set(name, result);
  return result;
}

const pinyinCache = new Map<string, { readonly initial: string; readonly full: string }>();

function computePinyin(name: string): { readonly initial: string; readonly full: string } {
  let initial = '';
  let full = '';
  for (const ch of name) {
    const py = PINYIN.get(ch);
    if (py !== undefined) {
      initial += py.charAt(0).toUpperCase();
      full += py;
    } else if (/[A-Za-z0-9]/.test(ch)) {
      initial += ch.toUpperCase();
      full += ch.toLowerCase();
    }
  }
  return { initial, full };
}

// ---------------------------------------------------------------------------------------------------------------
// Contacts

/** What the contact writers need: the world, this login's UserNames and the skey for avatar URLs. */
export interface WireContext {
  readonly world: World;
  readonly userNames: UserNames;
  /** The session's skey for `HeadImgUrl`; pass `''` for webwxbatchgetcontact answers (the server leaves it empty). */
  readonly skey: string;
  /** Write the server's wrong emoji codes (default true). */
  readonly remapEmoji?: boolean;
}

/**
 * How much of a group's member list to include: `none` (webwxgetcontact: empty list), `anonymous` (webwxinit:
 * members with empty names), `full` (webwxbatchgetcontact, ModContactList).
 */
export type MemberDetail = 'none' | 'anonymous' | 'full';

export interface ContactWireOptions {
  /** Default `none`. */
  readonly members?: MemberDetail;
  /** Include the group's `EncryChatRoomId` (`@` + 32 hex; batchgetcontact). Default: when members are `full`. */
  readonly encryChatRoomId?: boolean;
  /** Add the ModContactList extras: `ChatRoomOwner`, `ContactType`, `HeadImgUpdateFlag`. */
  readonly sync?: boolean;
  /** Set `HeadImgUpdateFlag` 1 (with `sync`). */
  readonly headImgUpdated?: boolean;
}

/** The avatar path: `webwxgeticon` for people and accounts, `webwxgetheadimg` for groups. */
export function headImgUrl(userName: string, seq: number, skey: string, group: boolean): string {
  const endpoint = group ? 'webwxgetheadimg' : 'webwxgeticon';
  return `/cgi-bin/mmwebwx-bin/${endpoint}?seq=${seq}&username=${userName}&skey=${skey}`;
}

/**
 * A contact object with the full field set of webwxinit / webwxgetcontact / webwxbatchgetcontact
 * (docs/protocol.md §2.8, §2.9), in the server's key order. Names carry emoji as spans; official accounts get `KeyWord`
 * `gh_`.
 */
export function contactToWire(entity: Contact | Group, ctx: WireContext, options: ContactWireOptions = {}): WireObject {
  const remap = ctx.remapEmoji ?? true;
  const userName = ctx.userNames.userNameOf(entity.id);
  const isGroup = entity.kind === 'group';
  const nick = isGroup ? entity.topic : entity.nickName;
  const remark = entity.kind === 'person' ? entity.remarkName : '';
  const py = pinyinOf(nick);
  const rpy = remark === '' ? { initial: '', full: '' } : pinyinOf(remark);
  const detail = options.members ?? 'none';
  const self = ctx.world.self;
  let memberList: WireObject[] = [];
  if (isGroup && detail !== 'none') memberList = entity.members.map((m) => memberToWire(m, ctx, detail));
  const withEncry = isGroup && (options.encryChatRoomId ?? detail === 'full');
  const owner = isGroup && entity.ownerId === self.id;
  const obj: Record<string, WireJson> = {
    Uin: 0,
    UserName: userName,
    NickName: emojiToSpans(nick, remap),
    HeadImgUrl: headImgUrl(userName, entity.headSeq, ctx.skey, isGroup),
    ContactFlag: entity.contactFlag,
    MemberCount: isGroup ? entity.members.length : 0,
    MemberList: memberList,
    RemarkName: emojiToSpans(remark, remap),
    HideInputBarFlag: 0,
    Sex: entity.kind === 'person' ? entity.sex : 0,
    Signature: entity.kind === 'person' || entity.kind === 'official' ? emojiToSpans(entity.signature, remap) : '',
    VerifyFlag: entity.kind === 'official' || entity.kind === 'special' ? entity.verifyFlag : 0,
    OwnerUin: owner ? self.uin : 0,
    PYInitial: py.initial,
    PYQuanPin: py.full,
    RemarkPYInitial: rpy.initial,
    RemarkPYQuanPin: rpy.full,
    StarFriend: entity.kind === 'person' && entity.starred ? 1 : 0,
    AppAccountFlag: 0,
    Statues: isGroup ? entity.statues : 0,
    AttrStatus: entity.kind === 'person' ? attrStatusOf(entity.id) : 0,
    Province: entity.kind === 'person' || entity.kind === 'official' ? entity.province : '',
    City: entity.kind === 'person' || entity.kind === 'official' ? entity.city : '',
    Alias: entity.kind === 'person' || entity.kind === 'official' ? entity.alias : '',
    SnsFlag: entity.kind === 'person' && entity.isFriend ? 17 : 0,
    UniFriend: 0,
    DisplayName: '',
    ChatRoomId: 0,
    KeyWord: entity.kind === 'official' ? 'gh_' : '',
    EncryChatRoomId: withEncry ? ctx.userNames.encryChatRoomIdOf(entity.id) : '',
    IsOwner: owner ? 1 : 0,
  };
  if (options.sync === true) {
    obj['ChatRoomOwner'] = isGroup ? ctx.userNames.userNameOf(entity.ownerId) : '';
    obj['ContactType'] = 0;
    obj['HeadImgUpdateFlag'] = options.headImgUpdated === true ? 1 : 0;
  }
  return obj;
}

/**
 * One `MemberList` element of a group (docs/protocol.md §2.9). With `anonymous` detail the names are empty, as in
 * webwxinit; with `full` the member's nickname and group `DisplayName` are filled in.
 */
export function memberToWire(member: GroupMember, ctx: WireContext, detail: MemberDetail = 'full'): WireObject {
  const remap = ctx.remapEmoji ?? true;
  const full = detail === 'full';
  const nick = full ? ctx.world.nickNameOf(member.id) : '';
  const py = full ? pinyinOf(nick) : { initial: '', full: '' };
  return {
    Uin: 0,
    UserName: ctx.userNames.userNameOf(member.id),
    NickName: emojiToSpans(nick, remap),
    AttrStatus: full ? attrStatusOf(member.id) : 0,
    PYInitial: py.initial,
    PYQuanPin: py.full,
    RemarkPYInitial: '',
    RemarkPYQuanPin: '',
    MemberStatus: 0,
    DisplayName: full ? emojiToSpans(member.displayName, remap) : '',
    KeyWord: '',
  };
}

/** The webwxinit `User` object (own profile) in the server's key order. */
export function userToWire(self: SelfProfile, ctx: WireContext): WireObject {
  const remap = ctx.remapEmoji ?? true;
  const userName = ctx.userNames.userNameOf(self.id);
  const py = pinyinOf(self.nickName);
  return {
    Uin: self.uin,
    UserName: userName,
    NickName: emojiToSpans(self.nickName, remap),
    HeadImgUrl: headImgUrl(userName, self.headSeq, ctx.skey, false),
    RemarkName: '',
    PYInitial: py.initial,
    PYQuanPin: py.full,
    RemarkPYInitial: '',
    RemarkPYQuanPin: '',
    HideInputBarFlag: 0,
    StarFriend: 0,
    Sex: self.sex,
    Signature: emojiToSpans(self.signature, remap),
    AppAccountFlag: 0,
    VerifyFlag: 0,
    ContactFlag: 0,
    WebWxPluginSwitch: 0,
    HeadImgFlag: 1,
    SnsFlag: 17,
  };
}

/** A plausible, stable `AttrStatus` bit set for a person (real values look like 135461, 233251). */
function attrStatusOf(id: string): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (Math.imul(h, 31) + id.charCodeAt(i)) >>> 0;
  return 4133 + ((h % 64) << 12);
}

/**
 * Builds `AddMsgList` elements exactly as the server sends them (PROTOCOL.md §4): the full §4.1 field set, the
 * group sender prefix, HTML escaping with `<br/>`, emoji spans (with the server's wrong codes), escaped XML
 * payloads, and `NewMsgId` as a `bigint` so `toWireJson` writes it as a bare number above 2^53.
 */
import { createHash } from 'node:crypto';
import { AppMsgType, MsgType, StatusNotifyCode } from '../../model/codes.js';
import type { UserNames } from './usernames.js';
import { emojiToSpans, escapeHtml, escapeXmlContent, xmlAttr } from './wire.js';
import { mulberry32, type Entity, type World } from './world.js';

// ---------------------------------------------------------------------------------------------------------------
// Wire shapes

export type WireRecommendInfo = {
  UserName: string;
  NickName: string;
  QQNum: number;
  Province: string;
  City: string;
  Content: string;
  Signature: string;
  Alias: string;
  Scene: number;
  VerifyFlag: number;
  AttrStatus: number;
  Sex: number;
  Ticket: string;
  OpCode: number;
};

/** One `AddMsgList` element in the server's key order. `MsgId` equals `NewMsgId` textually. */
export type WireMessage = {
  MsgId: string;
  FromUserName: string;
  ToUserName: string;
  MsgType: number;
  Content: string;
  Status: number;
  ImgStatus: number;
  CreateTime: number;
  VoiceLength: number;
  PlayLength: number;
  FileName: string;
  FileSize: string;
  MediaId: string;
  Url: string;
  AppMsgType: number;
  StatusNotifyCode: number;
  StatusNotifyUserName: string;
  RecommendInfo: WireRecommendInfo;
  ForwardFlag: number;
  AppInfo: { AppID: string; Type: number };
  HasProductId: number;
  Ticket: string;
  ImgHeight: number;
  ImgWidth: number;
  SubMsgType: number;
  /** Above 2^53: `toWireJson` writes it as a bare JSON number. */
  NewMsgId: bigint;
  OriContent: string;
  EncryFileName: string;
};

// ---------------------------------------------------------------------------------------------------------------
// Message ids

/**
 * Monotonically increasing 19-digit message ids above 2^53, seeded per world; steps vary so ids look real and
 * consecutive ids are never adjacent integers.
 */
export class MsgIdGenerator {
  private current: bigint;
  private readonly rand: () => number;

  constructor(seed = 1) {
    this.rand = mulberry32(seed ^ 0x5eed1d);
    this.current = 4_000_000_000_000_000_000n + BigInt(Math.floor(this.rand() * 1e15)) * 1000n;
  }

  /** The next id (strictly greater than every earlier one). */
  next(): bigint {
    this.current += 1n + BigInt(Math.floor(this.rand() * 65_536));
    return this.current;
  }

  /** The last id handed out. */
  get last(): bigint {
    return this.current;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Specs

interface FromSpec {
  /** The sender's stable id; the self id means "sent from the phone" (no group prefix, `FromUserName` = self). */
  readonly from: string;
  /** The group's stable id for a group message. */
  readonly group?: string;
  /** The peer's stable id of a private message sent by self (ignored otherwise). */
  readonly to?: string;
  /** `CreateTime` in seconds; default `ctx.nowMs / 1000`. */
  readonly time?: number;
}

export interface TextSpec extends FromSpec {
  readonly kind: 'text';
  /** Plain text; LF becomes `<br/>`, `& < > " '` are escaped, emoji become spans. */
  readonly text: string;
  /** Stable ids mentioned: `@<group name>\u2005` each, before the text. */
  readonly mentions?: readonly string[];
}
export interface ImageSpec extends FromSpec {
  readonly kind: 'image';
  readonly size?: number;
  readonly md5?: string;
  /** Thumbnail size (`ImgWidth`/`ImgHeight`). */
  readonly width?: number;
  readonly height?: number;
}
export interface VoiceSpec extends FromSpec {
  readonly kind: 'voice';
  readonly durationMs?: number;
  readonly size?: number;
}
export interface VideoSpec extends FromSpec {
  /** `micro-video` is MsgType 62. */
  readonly kind: 'video' | 'micro-video';
  readonly durationSec?: number;
  readonly size?: number;
  readonly width?: number;
  readonly height?: number;
}
export interface FileSpec extends FromSpec {
  readonly kind: 'file';
  readonly fileName: string;
  readonly size: number;
  /** Default derived from the message id. */
  readonly mediaId?: string;
}
export interface LinkSpec extends FromSpec {
  readonly kind: 'link';
  readonly title: string;
  readonly url: string;
  readonly description?: string;
}
export interface EmoticonSpec extends FromSpec {
  readonly kind: 'emoticon';
  readonly md5?: string;
  readonly size?: number;
  /** A store sticker: non-empty `productid`, `HasProductId` 1. */
  readonly storeSticker?: boolean;
}
export interface CardSpec extends FromSpec {
  readonly kind: 'card';
  /** Stable id of the shared person or official account. */
  readonly card: string;
}
export interface LocationSpec extends FromSpec {
  readonly kind: 'location';
  readonly label: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly poiName?: string;
}
export interface FriendRequestSpec {
  readonly kind: 'friend-request';
  /** The requester's stable id (a stranger, e.g. from `world.addContact({ friend: false })`). */
  readonly from: string;
  readonly greeting?: string;
  /** Default 14 (via a group; then `group` fills `chatroomusername`), 30 for QR, 6 for search … */
  readonly scene?: number;
  readonly group?: string;
  readonly time?: number;
}
export interface RecallSpec extends FromSpec {
  readonly kind: 'recall';
  /** The `MsgId` of the recalled message. */
  readonly recalledId: string;
  /** The client-side `<oldmsgid>`; default derived from `recalledId`. */
  readonly oldMsgId?: string;
}

/** What a system (10000) text announces; ids are stable ids, self ids produce the "you" forms. */
export type SystemEventSpec =
  | { readonly type: 'friend-added'; readonly friend: string; readonly byMe: boolean }
  | { readonly type: 'group-invite'; readonly inviter: string; readonly invitees: readonly string[] }
  | { readonly type: 'group-join-qr'; readonly joiner: string; readonly sharer: string }
  | { readonly type: 'group-kick'; readonly removed: readonly string[] }
  | { readonly type: 'group-removed-self'; readonly by: string }
  | { readonly type: 'group-topic'; readonly by: string; readonly topic: string }
  | { readonly type: 'red-packet'; readonly direction: 'received' | 'sent' }
  | { readonly type: 'pat'; readonly by: string; readonly target: string }
  | { readonly type: 'text'; readonly text: string };

export interface SystemSpec {
  readonly kind: 'system';
  readonly event: SystemEventSpec;
  /** The group the notice appears in (group events need it). */
  readonly group?: string;
  /** The private chat for non-group notices; default the `friend` of `friend-added`. */
  readonly chat?: string;
  /** Default `ctx.lang`, else `zh`. */
  readonly lang?: 'zh' | 'en';
  readonly time?: number;
}

export interface StatusNotifySpec {
  readonly kind: 'status-notify';
  /** Default 4 (SYNC_CONV: the phone's conversation list). 1 read, 2 enter, 5 quit name one chat. */
  readonly code?: 1 | 2 | 4 | 5;
  /** Stable ids: the chats listed (code 4; default the world's recent chats) or the one chat (codes 1/2/5). */
  readonly chats?: readonly string[];
  /** Code 4 only: `<unreadchatlist>` entries (default: the first two chats). */
  readonly unread?: readonly string[];
  readonly time?: number;
}

export type MessageSpec =
  | TextSpec
  | ImageSpec
  | VoiceSpec
  | VideoSpec
  | FileSpec
  | LinkSpec
  | EmoticonSpec
  | CardSpec
  | LocationSpec
  | FriendRequestSpec
  | RecallSpec
  | SystemSpec
  | StatusNotifySpec;

export type MessageSpecKind = MessageSpec['kind'];

/** What building needs: the world, this login's names, the (virtual) clock and the world's id generator. */
export interface MessageContext {
  readonly world: World;
  readonly userNames: UserNames;
  /** Virtual clock, ms. */
  readonly nowMs: number;
  readonly ids: MsgIdGenerator;
  /** Language of system texts; default `zh`. */
  readonly lang?: 'zh' | 'en';
  /** Write the server's wrong emoji codes (😂 as `1f639`); default true. */
  readonly remapEmoji?: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Building

/** Builds one `AddMsgList` element for `spec`, taking a fresh id from `ctx.ids`. */
export function buildMessage(spec: MessageSpec, ctx: MessageContext): WireMessage {
  switch (spec.kind) {
    case 'text':
      return buildText(spec, ctx);
    case 'image':
      return buildImage(spec, ctx);
    case 'voice':
      return buildVoice(spec, ctx);
    case 'video':
    case 'micro-video':
      return buildVideo(spec, ctx);
    case 'file':
      return buildFile(spec, ctx);
    case 'link':
      return buildLink(spec, ctx);
    case 'emoticon':
      return buildEmoticon(spec, ctx);
    case 'card':
      return buildCard(spec, ctx);
    case 'location':
      return buildLocation(spec, ctx);
    case 'friend-request':
      return buildFriendRequest(spec, ctx);
    case 'recall':
      return buildRecall(spec, ctx);
    case 'system':
      return buildSystem(spec, ctx);
    case 'status-notify':
      return buildStatusNotify(spec, ctx);
  }
}

/** The stranger alias a friend request or a stranger's card carries (`v1_` + 64 hex + `@stranger`), stable per id. */
export function encryptUserNameOf(id: string): string {
  return 'v1_' + sha256(`v1\u0000${id}`) + '@stranger';
}

/** The verification ticket (`v2_` + 64 hex + `@stranger`) the simulator issues for a requester, stable per id. */
export function ticketOf(id: string): string {
  return 'v2_' + sha256(`v2\u0000${id}`) + '@stranger';
}

/** The `MediaId` of an attachment message, derived from its id. */
export function mediaIdOf(msgId: string): string {
  const h = sha256(`media\u0000${msgId}`);
  return `@crypt_${h.slice(0, 8)}_${h.slice(8, 64)}${h.slice(0, 64)}`;
}

const EMPTY_RECOMMEND: WireRecommendInfo = {
  UserName: '',
  NickName: '',
  QQNum: 0,
  Province: '',
  City: '',
  Content: '',
  Signature: '',
  Alias: '',
  Scene: 0,
  VerifyFlag: 0,
  AttrStatus: 0,
  Sex: 0,
  Ticket: '',
  OpCode: 0,
};

interface Route {
  readonly from: string;
  readonly to: string;
  /** `@<sender>:<br/>` for a group message from someone else, else `''`. */
  readonly prefix: string;
  readonly selfSent: boolean;
}

function route(spec: FromSpec, ctx: MessageContext): Route {
  const { world, userNames } = ctx;
  const selfId = world.self.id;
  const selfName = userNames.userNameOf(selfId);
  const selfSent = spec.from === selfId;
  if (spec.group !== undefined) {
    const groupName = userNames.userNameOf(spec.group);
    return selfSent
      ? { from: selfName, to: groupName, prefix: '', selfSent }
      : { from: groupName, to: selfName, prefix: `${userNames.userNameOf(spec.from)}:<br/>`, selfSent };
  }
  if (selfSent) return { from: selfName, to: userNames.userNameOf(spec.to ?? 'filehelper'), prefix: '', selfSent };
  return { from: userNames.userNameOf(spec.from), to: selfName, prefix: '', selfSent };
}

function message(ctx: MessageContext, msgType: number, from: string, to: string, time: number | undefined, fields: Partial<WireMessage>): WireMessage {
  const id = fields.NewMsgId ?? ctx.ids.next();
  return {
    MsgId: id.toString(),
    FromUserName: from,
    ToUserName: to,
    MsgType: msgType,
    Content: '',
    Status: 3,
    ImgStatus: 1,
    CreateTime: time ?? Math.floor(ctx.nowMs / 1000),
    VoiceLength: 0,
    PlayLength: 0,
    FileName: '',
    FileSize: '',
    MediaId: '',
    Url: '',
    AppMsgType: 0,
    StatusNotifyCode: 0,
    StatusNotifyUserName: '',
    RecommendInfo: EMPTY_RECOMMEND,
    ForwardFlag: 0,
    AppInfo: { AppID: '', Type: 0 },
    HasProductId: 0,
    Ticket: '',
    ImgHeight: 0,
    ImgWidth: 0,
    SubMsgType: 0,
    NewMsgId: id,
    OriContent: '',
    EncryFileName: '',
    ...fields,
  };
}

/** An XML payload as `Content` carries it: `& < >` escaped, LF as `<br/>`, after the group prefix. */
function xmlContent(prefix: string, xml: string): string {
  return prefix + escapeXmlContent(xml).replace(/\n/g, '<br/>');
}

function remap(ctx: MessageContext): boolean {
  return ctx.remapEmoji ?? true;
}

function buildText(spec: TextSpec, ctx: MessageContext): WireMessage {
  const r = route(spec, ctx);
  let body = '';
  for (const id of spec.mentions ?? []) body += `@${ctx.world.nameIn(spec.group, id)}\u2005`;
  body += spec.text;
  const content = r.prefix + emojiToSpans(escapeHtml(body).replace(/\r?\n/g, '<br/>'), remap(ctx));
  return message(ctx, MsgType.TEXT, r.from, r.to, spec.time, { Content: content });
}

function buildImage(spec: ImageSpec, ctx: MessageContext): WireMessage {
  const r = route(spec, ctx);
  const id = ctx.ids.next();
  const h = sha256(`img\u0000${id}`);
  const width = spec.width ?? 120;
  const height = spec.height ?? 90;
  const cdn = cdnUrl(h);
  const xml =
    `<?xml version="1.0"?>\n<msg>\n\t<img aeskey="${h.slice(0, 32)}" encryver="1" cdnthumbaeskey="${h.slice(0, 32)}" ` +
    `cdnthumburl="${cdn}" cdnthumblength="${2000 + (parseInt(h.slice(40, 44), 16) % 8000)}" cdnthumbheight="${height}" ` +
    `cdnthumbwidth="${width}" cdnmidheight="0" cdnmidwidth="0" cdnhdheight="0" cdnhdwidth="0" cdnmidimgurl="${cdn}" ` +
    `length="${spec.size ?? 45956}" md5="${spec.md5 ?? h.slice(32, 64)}" />\n</msg>\n`;
  return message(ctx, MsgType.IMAGE, r.from, r.to, spec.time, {
    NewMsgId: id,
    Content: xmlContent(r.prefix, xml),
    ImgStatus: 2,
    ImgHeight: height,
    ImgWidth: width,
  });
}

function buildVoice(spec: VoiceSpec, ctx: MessageContext): WireMessage {
  const r = route(spec, ctx);
  const id = ctx.ids.next();
  const ms = spec.durationMs ?? 2340;
  const size = spec.size ?? Math.max(400, Math.round(ms * 1.6));
  const xml =
    `<msg><voicemsg endflag="1" cancelflag="0" forwardflag="0" voiceformat="4" voicelength="${ms}" length="${size}" ` +
    `bufid="${(id % 1_000_000_000_000n).toString()}" clientmsgid="${sha256(`voice\u0000${id}`).slice(0, 32)}" ` +
    `fromusername="${xmlAttr(spec.from)}" /></msg>`;
  return message(ctx, MsgType.VOICE, r.from, r.to, spec.time, { NewMsgId: id, Content: xmlContent(r.prefix, xml), VoiceLength: ms });
}

function buildVideo(spec: VideoSpec, ctx: MessageContext): WireMessage {
  const r = route(spec, ctx);
  const id = ctx.ids.next();
  const h = sha256(`video\u0000${id}`);
  const seconds = spec.durationSec ?? 2;
  const width = spec.width ?? 944;
  const height = spec.height ?? 540;
  const cdn = cdnUrl(h);
  const xml =
    `<?xml version="1.0"?>\n<msg>\n\t<videomsg aeskey="${h.slice(0, 32)}" cdnthumbaeskey="${h.slice(0, 32)}" cdnvideourl="${cdn}" ` +
    `cdnthumburl="${cdn}" length="${spec.size ?? 311854}" playlength="${seconds}" cdnthumblength="${8000 + (parseInt(h.slice(40, 44), 16) % 20000)}" ` +
    `cdnthumbwidth="${width}" cdnthumbheight="${height}" fromusername="${xmlAttr(spec.from)}" md5="${h.slice(32, 64)}" ` +
    `newmd5="${h.slice(0, 32)}" isad="0" />\n</msg>\n`;
  return message(ctx, spec.kind === 'micro-video' ? MsgType.MICRO_VIDEO : MsgType.VIDEO, r.from, r.to, spec.time, {
    NewMsgId: id,
    Content: xmlContent(r.prefix, xml),
    PlayLength: seconds,
    ImgHeight: height,
    ImgWidth: width,
  });
}

const APPMSG_TAIL = '<thumburl></thumburl><messageaction></messageaction><extinfo></extinfo><sourceusername></sourceusername><sourcedisplayname></sourcedisplayname><commenturl></commenturl>';

function appMsgXml(fromId: string, type: number, title: string, des: string, url: string, attach: string, appId: string, appName: string, version: number): string {
  return (
    `<msg><appmsg appid="${appId}" sdkver="0"><title>${xmlAttr(title)}</title><des>${xmlAttr(des)}</des><action>view</action>` +
    `<type>${type}</type><showtype>0</showtype><content></content><url>${xmlAttr(url)}</url><dataurl></dataurl><lowurl></lowurl>` +
    `<lowdataurl></lowdataurl><recorditem><![CDATA[]]></recorditem>${APPMSG_TAIL}<appattach>${attach}</appattach>` +
    `<md5></md5></appmsg><fromusername>${xmlAttr(fromId)}</fromusername><scene>0</scene><appinfo><version>${version}</version>` +
    `<appname>${xmlAttr(appName)}</appname></appinfo><commenturl></commenturl></msg>`
  );
}

/** The PC client's app id, which the server puts into `AppInfo.AppID` of files sent from the desktop. */
const PC_APP_ID = 'wx6618f1cfc6c132f8';

function buildFile(spec: FileSpec, ctx: MessageContext): WireMessage {
  const r = route(spec, ctx);
  const id = ctx.ids.next();
  const h = sha256(`file\u0000${id}`);
  const dot = spec.fileName.lastIndexOf('.');
  const ext = dot >= 0 ? spec.fileName.slice(dot + 1) : '';
  const attach =
    `<totallen>${spec.size}</totallen><attachid>@cdn_${h.slice(0, 40)}_1</attachid><emoticonmd5></emoticonmd5>` +
    `<fileext>${xmlAttr(ext)}</fileext><cdnattachurl>${cdnUrl(h)}</cdnattachurl><aeskey>${h.slice(0, 32)}</aeskey><encryver>1</encryver>`;
  const xml = appMsgXml(spec.from, AppMsgType.FILE, spec.fileName, '', '', attach, PC_APP_ID, '微信电脑版', 7);
  return message(ctx, MsgType.APP, r.from, r.to, spec.time, {
    NewMsgId: id,
    // The captured file message ends with an escaped literal `<br/>` and a real one.
    Content: xmlContent(r.prefix, xml) + '&lt;br/&gt;<br/>',
    FileName: spec.fileName,
    FileSize: String(spec.size),
    MediaId: spec.mediaId ?? mediaIdOf(id.toString()),
    AppMsgType: AppMsgType.FILE,
    AppInfo: { AppID: PC_APP_ID, Type: 0 },
    EncryFileName: encodeURIComponent(spec.fileName).replace(/\./g, '%2E'),
  });
}

function buildLink(spec: LinkSpec, ctx: MessageContext): WireMessage {
  const r = route(spec, ctx);
  const id = ctx.ids.next();
  const h = sha256(`link\u0000${id}`);
  const attach =
    `<totallen>0</totallen><attachid></attachid><emoticonmd5></emoticonmd5><fileext></fileext><cdnthumburl>${cdnUrl(h)}</cdnthumburl>` +
    `<cdnthumbmd5></cdnthumbmd5><cdnthumblength>27846</cdnthumblength><cdnthumbwidth>160</cdnthumbwidth><cdnthumbheight>160</cdnthumbheight>` +
    `<cdnthumbaeskey>${h.slice(0, 32)}</cdnthumbaeskey><aeskey>${h.slice(0, 32)}</aeskey><encryver>0</encryver>`;
  const xml = appMsgXml(spec.from, AppMsgType.LINK, spec.title, spec.description ?? '', spec.url, attach, '', '', 1);
  return message(ctx, MsgType.APP, r.from, r.to, spec.time, {
    NewMsgId: id,
    Content: xmlContent(r.prefix, xml),
    ImgStatus: 2,
    FileName: spec.title,
    FileSize: '0',
    Url: spec.url,
    AppMsgType: AppMsgType.LINK,
  });
}

function buildEmoticon(spec: EmoticonSpec, ctx: MessageContext): WireMessage {
  const r = route(spec, ctx);
  const id = ctx.ids.next();
  const h = sha256(`emoji\u0000${id}`);
  const md5 = spec.md5 ?? h.slice(0, 32);
  const len = spec.size ?? 86235;
  const store = spec.storeSticker === true;
  const product = store ? 'com.tencent.xin.emoticon.person.stiker_' + h.slice(32, 44) : '';
  const cdn = `http://emoji.qpic.cn/wx_emoji/${h.slice(8, 40)}/`;
  const xml =
    `<msg><emoji fromusername="${xmlAttr(spec.from)}" tousername="${xmlAttr(spec.group ?? spec.to ?? ctx.world.self.id)}" type="2" ` +
    `idbuffer="media:0_0" md5="${md5}" len="${len}" productid="${product}" androidmd5="${md5}" androidlen="${len}" ` +
    `s60v3md5="${md5}" s60v3len="${len}" s60v5md5="${md5}" s60v5len="${len}" cdnurl="${cdn}" designerid="" thumburl="" ` +
    `encrypturl="${cdn}" aeskey="${h.slice(32, 64)}" externurl="${cdn}" externmd5="${h.slice(16, 48)}" width="240" height="240" ` +
    `tpurl="" tpauthkey="" attachedtext="" attachedtextcolor="" lensid=""></emoji><gameext type="0" content="0"></gameext></msg>`;
  return message(ctx, MsgType.EMOTICON, r.from, r.to, spec.time, {
    NewMsgId: id,
    Content: xmlContent(r.prefix, xml),
    ImgStatus: 2,
    HasProductId: store ? 1 : 0,
    ImgHeight: 240,
    ImgWidth: 240,
  });
}

function buildCard(spec: CardSpec, ctx: MessageContext): WireMessage {
  const r = route(spec, ctx);
  const shared = ctx.world.get(spec.card);
  if (shared === undefined || shared.kind === 'group') throw new Error(`messages: cannot share a card of ${spec.card}`);
  const info = personInfo(shared);
  const xmlUserName = shared.kind === 'person' && !shared.isFriend ? encryptUserNameOf(shared.id) : shared.id;
  const head = `http://wx.qlogo.cn/mmhead/ver_1/${sha256(`head\u0000${shared.id}`).slice(0, 48)}`;
  const xml =
    `<?xml version="1.0"?>\n<msg bigheadimgurl="${head}/0" smallheadimgurl="${head}/132" username="${xmlAttr(xmlUserName)}" ` +
    `nickname="${xmlAttr(info.nickName)}"  shortpy="" alias="${xmlAttr(info.alias)}" imagestatus="3" scene="17" ` +
    `province="${xmlAttr(info.province)}" city="${xmlAttr(info.city)}" sign="${xmlAttr(info.signature)}" sex="${info.sex}" ` +
    `certflag="${info.verifyFlag}" certinfo="" brandIconUrl="" brandHomeUrl="" brandSubscriptConfigUrl="" brandFlags="0" ` +
    `regionCode="" antispamticket="${ticketOf(shared.id)}" />\n`;
  return message(ctx, MsgType.CARD, r.from, r.to, spec.time, {
    Content: xmlContent(r.prefix, xml),
    RecommendInfo: {
      ...EMPTY_RECOMMEND,
      UserName: ctx.userNames.userNameOf(shared.id),
      NickName: info.nickName,
      Province: info.province,
      City: info.city,
      Scene: 17,
      VerifyFlag: info.verifyFlag,
      Sex: info.sex,
    },
  });
}

function buildLocation(spec: LocationSpec, ctx: MessageContext): WireMessage {
  const r = route(spec, ctx);
  const id = ctx.ids.next();
  const lat = spec.latitude.toFixed(6);
  const lng = spec.longitude.toFixed(6);
  const poi = spec.poiName ?? '[位置]';
  const imgUrl = `/cgi-bin/mmwebwx-bin/webwxgetpubliclinkimg?url=${sha256(`loc\u0000${id}`).slice(0, 40)}&msgid=${id}&pictype=location`;
  return message(ctx, MsgType.TEXT, r.from, r.to, spec.time, {
    NewMsgId: id,
    Content: r.prefix + emojiToSpans(escapeHtml(spec.label), remap(ctx)) + ':<br/>' + imgUrl,
    Url: `http://apis.map.qq.com/uri/v1/geocoder?coord=${lat},${lng}`,
    SubMsgType: MsgType.LOCATION,
    OriContent:
      `<?xml version="1.0"?>\n<msg>\n\t<location x="${lat}" y="${lng}" scale="16" label="${xmlAttr(spec.label)}" ` +
      `maptype="0" poiname="${xmlAttr(poi)}" poiid="" />\n</msg>\n`,
  });
}

function buildFriendRequest(spec: FriendRequestSpec, ctx: MessageContext): WireMessage {
  const requester = ctx.world.get(spec.from);
  if (requester === undefined || requester.kind === 'group') throw new Error(`messages: no requester ${spec.from}`);
  const info = personInfo(requester);
  const greeting = spec.greeting ?? `我是${info.nickName}`;
  const scene = spec.scene ?? 14;
  const ticket = ticketOf(requester.id);
  const head = `http://wx.qlogo.cn/mmhead/ver_1/${sha256(`head\u0000${requester.id}`).slice(0, 48)}`;
  const xml =
    `<msg fromusername="${xmlAttr(requester.id)}" encryptusername="${encryptUserNameOf(requester.id)}" ` +
    `fromnickname="${xmlAttr(info.nickName)}" content="${xmlAttr(greeting)}"  shortpy="" imagestatus="3" scene="${scene}" ` +
    `country="CN" province="${xmlAttr(info.province)}" city="${xmlAttr(info.city)}" sign="${xmlAttr(info.signature)}" ` +
    `percard="1" sex="${info.sex}" alias="${xmlAttr(info.alias)}" weibo="" weibonickname="" albumflag="0" albumstyle="0" ` +
    `albumbgimgid="" snsflag="1" snsbgimgid="" snsbgobjectid="0" mhash="" mfullhash="" bigheadimgurl="${head}/0" ` +
    `smallheadimgurl="${head}/132" ticket="${ticket}" opcode="2" googlecontact="" qrticket="" ` +
    `chatroomusername="${spec.group ?? ''}" sourceusername="" sourcenickname=""><brandlist count="0" ver="670564024"></brandlist></msg>`;
  const selfName = ctx.userNames.userNameOf(ctx.world.self.id);
  return message(ctx, MsgType.FRIEND_REQUEST, 'fmessage', selfName, spec.time, {
    Content: xmlContent('', xml),
    RecommendInfo: {
      ...EMPTY_RECOMMEND,
      UserName: ctx.userNames.userNameOf(requester.id),
      NickName: info.nickName,
      Province: info.province,
      City: info.city,
      Content: greeting,
      Signature: info.signature,
      Alias: info.alias,
      Scene: scene,
      AttrStatus: 233251,
      Sex: info.sex,
      Ticket: ticket,
      OpCode: 2,
    },
  });
}

function buildRecall(spec: RecallSpec, ctx: MessageContext): WireMessage {
  const r = route(spec, ctx);
  const { world } = ctx;
  const zh = (ctx.lang ?? 'zh') === 'zh';
  const session = spec.group ?? (r.selfSent ? (spec.to ?? 'filehelper') : spec.from);
  const name = escapeXmlContent(world.nameIn(spec.group, spec.from));
  const replace = r.selfSent ? (zh ? '你撤回了一条消息' : 'You recalled a message') : zh ? `"${name}" 撤回了一条消息` : `"${name}" has recalled a message.`;
  const old = spec.oldMsgId ?? String(1_000_000_000 + (parseInt(sha256(`old\u0000${spec.recalledId}`).slice(0, 8), 16) % 1_000_000_000));
  const xml =
    `<sysmsg type="revokemsg"><revokemsg><session>${session}</session><oldmsgid>${old}</oldmsgid>` +
    `<msgid>${spec.recalledId}</msgid><replacemsg><![CDATA[`;
  // The name inside CDATA keeps its emoji spans unescaped (captured), so it is appended after escaping.
  const content = xmlContent(r.prefix, xml) + emojiToSpans(replace, remap(ctx)) + escapeXmlContent(']]></replacemsg></revokemsg></sysmsg>');
  return message(ctx, MsgType.RECALLED, r.from, r.to, spec.time, { Content: content, Status: 4 });
}

function buildSystem(spec: SystemSpec, ctx: MessageContext): WireMessage {
  const { world, userNames } = ctx;
  const selfName = userNames.userNameOf(world.self.id);
  const event = spec.event;
  const chat = spec.group ?? spec.chat ?? (event.type === 'friend-added' ? event.friend : 'weixin');
  const text = systemText(event, spec.group, world, (spec.lang ?? ctx.lang ?? 'zh') === 'zh');
  const content = emojiToSpans(text, remap(ctx));
  return message(ctx, MsgType.SYSTEM, userNames.userNameOf(chat), selfName, spec.time, { Content: content, Status: 4 });
}

/** The Chinese or English wording of a system notice (PROTOCOL.md §4.6), names with `& < >` escaped. */
export function systemText(event: SystemEventSpec, group: string | undefined, world: World, zh: boolean): string {
  const selfId = world.self.id;
  const n = (id: string): string => escapeXmlContent(world.nameIn(group, id));
  const list = (ids: readonly string[]): string => ids.map(n).join('、');
  switch (event.type) {
    case 'friend-added':
      if (event.byMe) return zh ? `你已添加了${n(event.friend)}，现在可以开始聊天了。` : `You have added ${n(event.friend)} as your WeChat contact. Start chatting!`;
      return zh
        ? `${n(event.friend)}刚刚把你添加到通讯录，现在可以开始聊天了。`
        : `${n(event.friend)} just added you to his/her contacts list. Send a message to him/her now!`;
    case 'group-invite': {
      if (event.inviter === selfId) return zh ? `你邀请"${list(event.invitees)}"加入了群聊  ` : `You invited ${list(event.invitees)} to the group chat.   `;
      const others = event.invitees.filter((id) => id !== selfId);
      if (others.length < event.invitees.length) {
        if (zh) return `"${n(event.inviter)}"邀请你${others.length > 0 ? `和"${list(others)}"` : ''}加入了群聊`;
        return `${n(event.inviter)} invited you${others.length > 0 ? ` and ${list(others)}` : ''} to the group chat`;
      }
      return zh ? `"${n(event.inviter)}"邀请"${list(event.invitees)}"加入了群聊` : `${n(event.inviter)} invited ${list(event.invitees)} to the group chat`;
    }
    case 'group-join-qr':
      if (event.sharer === selfId) return zh ? `"${n(event.joiner)}"通过扫描你分享的二维码加入群聊  ` : `"${n(event.joiner)}" joined group chat via the QR code you shared.  `;
      return zh
        ? `"${n(event.joiner)}"通过扫描"${n(event.sharer)}"分享的二维码加入群聊`
        : `"${n(event.joiner)}" joined the group chat via the QR Code shared by "${n(event.sharer)}".`;
    case 'group-kick':
      return zh ? `你将"${list(event.removed)}"移出了群聊` : `You removed "${list(event.removed)}" from the group chat`;
    case 'group-removed-self':
      return zh ? `你被"${n(event.by)}"移出群聊` : `You were removed from the group chat by "${n(event.by)}"`;
    case 'group-topic': {
      const topic = escapeXmlContent(event.topic);
      if (event.by === selfId) return zh ? `你修改群名为“${topic}”` : `You changed the group name to "${topic}"`;
      return zh ? `"${n(event.by)}"修改群名为“${topic}”` : `"${n(event.by)}" changed the group name to "${topic}"`;
    }
    case 'red-packet':
      return event.direction === 'received' ? '收到红包，请在手机上查看' : '发出红包，请在手机上查看';
    case 'pat': {
      const by = event.by === selfId ? (zh ? '你' : 'You') : `"${n(event.by)}" `;
      const target = event.target === selfId ? (zh ? '我' : 'me') : ` "${n(event.target)}"`;
      return zh ? `${by}拍了拍${target}` : `${by} patted${target}`;
    }
    case 'text':
      return event.text;
  }
}

function buildStatusNotify(spec: StatusNotifySpec, ctx: MessageContext): WireMessage {
  const { world, userNames } = ctx;
  const selfName = userNames.userNameOf(world.self.id);
  const code = spec.code ?? StatusNotifyCode.SYNC_CONV;
  const chats = spec.chats ?? world.recentChats(12).filter((e) => e.kind !== 'self').map((e) => e.id);
  if (code !== StatusNotifyCode.SYNC_CONV) {
    const chat = userNames.userNameOf(chats[0] ?? 'filehelper');
    return message(ctx, MsgType.STATUS_NOTIFY, selfName, chat, spec.time, { StatusNotifyCode: code, StatusNotifyUserName: chat });
  }
  const now = spec.time ?? Math.floor(ctx.nowMs / 1000);
  const unread = spec.unread ?? chats.slice(0, 2);
  let xml = `<msg>\n<op id='4'>\n<username>${chats.join(',')}</username>\n<unreadchatlist>\n`;
  unread.forEach((id, i) => {
    xml += `<chat>\n<username>${id}</username>\n<lastreadtime>${now - 600 * (i + 1)}</lastreadtime>\n</chat>\n`;
  });
  xml += `</unreadchatlist>\n<unreadfunctionlist>\n</unreadfunctionlist>\n</op>\n</msg>`;
  return message(ctx, MsgType.STATUS_NOTIFY, selfName, selfName, spec.time, {
    Content: xmlContent('', xml),
    StatusNotifyCode: code,
    StatusNotifyUserName: chats.map((id) => userNames.userNameOf(id)).join(','),
  });
}

interface Info {
  readonly nickName: string;
  readonly alias: string;
  readonly province: string;
  readonly city: string;
  readonly signature: string;
  readonly sex: number;
  readonly verifyFlag: number;
}

function personInfo(e: Exclude<Entity, { kind: 'group' }>): Info {
  switch (e.kind) {
    case 'person':
    case 'self':
      return { nickName: e.nickName, alias: e.alias, province: e.province, city: e.city, signature: e.signature, sex: e.sex, verifyFlag: 0 };
    case 'official':
      return { nickName: e.nickName, alias: e.alias, province: e.province, city: e.city, signature: e.signature, sex: 0, verifyFlag: e.verifyFlag };
    case 'special':
      return { nickName: e.nickName, alias: '', province: '', city: '', signature: '', sex: 0, verifyFlag: e.verifyFlag };
  }
}

function sha256(input: string): string {
  return createHash('sha256').update(input).digest('hex');
}

/** A CDN locator in the captured style (`30…` hex blob). */
function cdnUrl(h: string): string {
  return '3057020100044b30490201000204' + h + '0201000201000400';
}

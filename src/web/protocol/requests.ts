import type { Endpoint } from '../../errors/endpoint.js';
import { WeChatError } from '../../errors/wechat-error.js';
import type { SyncKey } from './codecs/common.js';
import type { Hosts } from './hosts.js';
import { type BaseRequest, cacheBuster, localId, syncKeyString, syncRr } from './ids.js';
import type { FormField, WxRequest } from './request.js';

/**
 * Pure builders from session state to `WxRequest` for every endpoint of PROTOCOL.md §2. Nothing here sends, reads a
 * clock or draws randomness: time and randomness come from the injected `Env`, credentials from the caller.
 */

/** Time and randomness, injected so builders stay pure and tests repeatable. */
export interface Env {
  now(): number;
  random(): number;
}

/** The four credentials of the login page plus the session's fixed DeviceID (PROTOCOL.md §1.4). */
export interface SessionCredentials {
  readonly uin: number;
  readonly sid: string;
  readonly skey: string;
  /** As the login page delivered it: already percent-encoded, so it goes into queries verbatim. */
  readonly passTicket: string;
  /** `"e"` + 15 digits, one per session (`deviceId()` in ids.ts). */
  readonly deviceId: string;
}

/** Per-endpoint overrides; an explicit `undefined` removes the limit. */
export type TimeoutOverrides = Partial<Record<Endpoint, number | undefined>>;

export interface RequestContext {
  readonly hosts: Hosts;
  readonly env: Env;
  /** @default 'zh_CN' */
  readonly lang?: string;
  /** @default DEFAULT_TIMEOUTS_MS */
  readonly timeouts?: TimeoutOverrides;
}

export interface SessionContext extends RequestContext {
  readonly credentials: SessionCredentials;
}

/** A request that can't be sent as asked (too many entries, a missing key); no server was contacted. */
export class InvalidRequestError extends WeChatError {
  override name = 'InvalidRequestError';

  constructor(
    readonly endpoint: Endpoint,
    readonly reason: string,
  ) {
    super(`${endpoint} request not sent: ${reason}`);
  }
}

const LONG_POLL_MS = 35_000;
const API_MS = 15_000;

/**
 * Client timeouts per endpoint. Long polls are the server hold (about 25 s) plus a margin, as the browser's 35 s;
 * API calls get 15 s (30 s for the address book, which can be megabytes); media transfers get none here because
 * the media layer sizes them by file length. Download timeouts only cover the wait for the response headers.
 */
export const DEFAULT_TIMEOUTS_MS: Readonly<Record<Endpoint, number | undefined>> = {
  jslogin: API_MS,
  qrcode: API_MS,
  login: LONG_POLL_MS,
  webwxnewloginpage: API_MS,
  webwxpushloginurl: API_MS,
  webwxinit: API_MS,
  webwxstatusnotify: API_MS,
  webwxgetcontact: 30_000,
  webwxbatchgetcontact: API_MS,
  synccheck: LONG_POLL_MS,
  webwxsync: API_MS,
  webwxsendmsg: API_MS,
  webwxsendmsgimg: API_MS,
  webwxsendvideomsg: API_MS,
  webwxsendemoticon: API_MS,
  webwxsendappmsg: API_MS,
  webwxuploadmedia: undefined,
  webwxgetmsgimg: undefined,
  webwxgetvoice: undefined,
  webwxgetvideo: undefined,
  webwxgetmedia: undefined,
  webwxgeticon: API_MS,
  webwxgetheadimg: API_MS,
  webwxrevokemsg: API_MS,
  webwxoplog: API_MS,
  webwxverifyuser: API_MS,
  webwxcreatechatroom: API_MS,
  webwxupdatechatroom: API_MS,
  webwxstatreport: API_MS,
  webwxlogout: API_MS,
  message: undefined,
};

export function timeoutFor(endpoint: Endpoint, overrides?: TimeoutOverrides): number | undefined {
  return overrides !== undefined && Object.hasOwn(overrides, endpoint) ? overrides[endpoint] : DEFAULT_TIMEOUTS_MS[endpoint];
}

/** The only appid `jslogin` accepts. */
export const WEB_APPID = 'wx782c26e4c19acffb';
/** The `redirect_uri` desktop (UOS) mode gives to `jslogin`; it pins the main host to wx.qq.com. */
export const DESKTOP_REDIRECT_URI = 'https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxnewloginpage?mod=desktop';
/** The 2022 generation of the static `extspam` blob the desktop login page expects (PROTOCOL.md §2.4). */
export const DEFAULT_EXTSPAM =
  'Go8FCIkFEokFCggwMDAwMDAwMRAGGvAESySibk50w5Wb3uTl2c2h64jVVrV7gNs06GFlWplHQbY/5FfiO++1yH4ykCyNPWKXmco+wfQzK5R98D3so7rJ5LmGFvBLjGceleySrc3SOf2Pc1gVehzJgODeS0lDL3/I/0S2SSE98YgKleq6Uqx6ndTy9yaL9qFxJL7eiA/R3SEfTaW1SBoSITIu+EEkXff+Pv8NHOk7N57rcGk1w0ZzRrQDkXTOXFN2iHYIzAAZPIOY45Lsh+A4slpgnDiaOvRtlQYCt97nmPLuTipOJ8Qc5pM7ZsOsAPPrCQL7nK0I7aPrFDF0q4ziUUKettzW8MrAaiVfmbD1/VkmLNVqqZVvBCtRblXb5FHmtS8FxnqCzYP4WFvz3T0TcrOqwLX1M/DQvcHaGGw0B0y4bZMs7lVScGBFxMj3vbFi2SRKbKhaitxHfYHAOAa0X7/MSS0RNAjdwoyGHeOepXOKY+h3iHeqCvgOH6LOifdHf/1aaZNwSkGotYnYScW8Yx63LnSwba7+hESrtPa/huRmB9KWvMCKbDThL/nne14hnL277EDCSocPu3rOSYjuB9gKSOdVmWsj9Dxb/iZIe+S6AiG29Esm+/eUacSba0k8wn5HhHg9d4tIcixrxveflc8vi2/wNQGVFNsGO6tB5WF0xf/plngOvQ1/ivGV/C1Qpdhzznh0ExAVJ6dwzNg7qIEBaw+BzTJTUuRcPk92Sn6QDn2Pu3mpONaEumacjW4w6ipPnPw+g2TfywJjeEcpSZaP4Q3YV5HG8D6UjWA4GSkBKculWpdCMadx0usMomsSS/74QgpYqcPkmamB4nVv1JxczYITIqItIKjD35IGKAUwAA==';
/** `webwxbatchgetcontact` takes at most this many entries per call. */
export const MAX_BATCH_CONTACTS = 50;
/** Uploads go in 512 KiB chunks, one after another. */
export const UPLOAD_CHUNK_SIZE = 524_288;

// ---------------------------------------------------------------------------------------------------------------
// URL and body helpers

/** A query value that is already percent-encoded (pass_ticket) and must not be encoded twice. */
interface Verbatim {
  readonly verbatim: string;
}
type QueryValue = string | number | Verbatim;
type Query = ReadonlyArray<readonly [string, QueryValue]>;

const API_PATH = '/cgi-bin/mmwebwx-bin/';

function buildUrl(origin: string, path: string, query: Query): string {
  const parts = query.map(([name, value]) => {
    const encoded = typeof value === 'object' ? value.verbatim : encodeURIComponent(String(value));
    return `${name}=${encoded}`;
  });
  return parts.length === 0 ? `${origin}${path}` : `${origin}${path}?${parts.join('&')}`;
}

const api = (origin: string, name: string, query: Query) => buildUrl(origin, `${API_PATH}${name}`, query);
const langOf = (ctx: RequestContext) => ctx.lang ?? 'zh_CN';
const passTicket = (s: SessionContext): Verbatim => ({ verbatim: s.credentials.passTicket });
const referer = (ctx: RequestContext) => ({ referer: `${ctx.hosts.main}/` });

export function baseRequest(c: SessionCredentials): BaseRequest {
  return { Uin: c.uin, Sid: c.sid, Skey: c.skey, DeviceID: c.deviceId };
}

// Requests are built for every poll and sync: Object.assign, because V8 in Node 20 runs object spread about 20×
// slower (see message/fields.ts).
function get(ctx: RequestContext, endpoint: Endpoint, url: string, extra: Partial<WxRequest> = {}): WxRequest {
  return withTimeout(ctx, Object.assign({ endpoint, method: 'GET' as const, url, headers: referer(ctx) }, extra));
}

function postJson(s: SessionContext, endpoint: Endpoint, url: string, body: Record<string, unknown>): WxRequest {
  const json = Object.assign({ BaseRequest: baseRequest(s.credentials) }, body);
  return withTimeout(s, { endpoint, method: 'POST', url, json, headers: referer(s) });
}

/** Adds the endpoint's timeout to `req`, a request object this module has just built. */
function withTimeout(ctx: RequestContext, req: WxRequest): WxRequest {
  const timeoutMs = timeoutFor(req.endpoint, ctx.timeouts);
  return timeoutMs === undefined ? req : Object.assign(req, { timeoutMs });
}

// ---------------------------------------------------------------------------------------------------------------
// Login (§2.1–2.5)

export interface DesktopLoginOptions {
  /** Use the desktop (UOS) login variant: `redirect_uri` on jslogin, extra headers on the login page. @default false */
  readonly desktop?: boolean;
  /** The `extspam` header of the desktop login page. @default DEFAULT_EXTSPAM */
  readonly extspam?: string;
}

/** §2.1: `GET {login}/jslogin` for a new uuid. */
export function jsloginRequest(ctx: RequestContext, options: DesktopLoginOptions = {}): WxRequest {
  const query: Array<readonly [string, QueryValue]> = [['appid', WEB_APPID]];
  if (options.desktop === true) query.push(['redirect_uri', DESKTOP_REDIRECT_URI]);
  query.push(['fun', 'new'], ['lang', langOf(ctx)], ['_', ctx.env.now()]);
  return get(ctx, 'jslogin', buildUrl(ctx.hosts.login, '/jslogin', query));
}

/** Keeps the `==` of a uuid readable in a path while escaping anything that could break out of the segment. */
const uuidSegment = (uuid: string) => encodeURIComponent(uuid).replace(/%3D/g, '=');

/** §2.2: the QR image for a uuid (most callers render `qrContent(uuid)` locally instead). */
export function qrcodeRequest(ctx: RequestContext, uuid: string): WxRequest {
  const url = buildUrl(ctx.hosts.qr, `/qrcode/${uuidSegment(uuid)}`, [
    ['t', 'webwx'],
    ['_', ctx.env.now()],
  ]);
  return get(ctx, 'qrcode', url, { expect: 'stream' });
}

export interface LoginPollInput {
  readonly uuid: string;
  /** `1` before the scan, `0` after it. @default 1 */
  readonly tip?: 0 | 1;
}

/** §2.3: the scan/confirm long poll. */
export function loginPollRequest(ctx: RequestContext, input: LoginPollInput): WxRequest {
  const now = ctx.env.now();
  const url = api(ctx.hosts.login, 'login', [
    ['loginicon', 'true'],
    ['uuid', input.uuid],
    ['tip', input.tip ?? 1],
    ['r', cacheBuster(now)],
    ['_', now],
  ]);
  return get(ctx, 'login', url);
}

/**
 * §2.4: `GET` the poll's `redirect_uri` with its path and query untouched. Its origin is replaced by the main host
 * so that a `server` override (simulator) still works; in production both are the same. Redirects are never
 * followed: in desktop mode the 301 itself carries the XML and the cookies.
 */
export function newLoginPageRequest(ctx: RequestContext, redirectUri: string, options: DesktopLoginOptions = {}): WxRequest {
  const origin = /^https?:\/\/[^/?#]*/i.exec(redirectUri);
  if (origin === null) throw new InvalidRequestError('webwxnewloginpage', 'redirect_uri is not an absolute http(s) URL');
  const url = ctx.hosts.main + redirectUri.slice(origin[0].length);
  const headers: Record<string, string> =
    options.desktop === true
      ? {
          'client-version': '2.0.0',
          extspam: options.extspam ?? DEFAULT_EXTSPAM,
          referer: 'https://wx.qq.com/?&lang=zh_CN&target=t',
        }
      : referer(ctx);
  return get(ctx, 'webwxnewloginpage', url, { headers });
}

/** §2.5: ask the phone to confirm a login without a scan; needs the cookie jar of an earlier session. */
export function pushLoginRequest(ctx: RequestContext, uin: number | string): WxRequest {
  return get(ctx, 'webwxpushloginurl', api(ctx.hosts.main, 'webwxpushloginurl', [['uin', uin]]));
}

// ---------------------------------------------------------------------------------------------------------------
// Session start, contacts, sync (§2.6–2.11)

/** §2.6 */
export function initRequest(s: SessionContext): WxRequest {
  const url = api(s.hosts.main, 'webwxinit', [
    ['r', cacheBuster(s.env.now())],
    ['lang', langOf(s)],
    ['pass_ticket', passTicket(s)],
  ]);
  return postJson(s, 'webwxinit', url, {});
}

export type StatusNotifyInput =
  /** After `webwxinit`: tells the phone web WeChat is online (Code 3, to self). */
  | { readonly code: 3; readonly self: string }
  /** Marks `chat` as read (Code 1). */
  | { readonly code: 1; readonly self: string; readonly chat: string };

/** §2.7 */
export function statusNotifyRequest(s: SessionContext, input: StatusNotifyInput): WxRequest {
  const url = api(s.hosts.main, 'webwxstatusnotify', [
    ['lang', langOf(s)],
    ['pass_ticket', passTicket(s)],
  ]);
  return postJson(s, 'webwxstatusnotify', url, {
    Code: input.code,
    FromUserName: input.self,
    ToUserName: input.code === 3 ? input.self : input.chat,
    ClientMsgId: s.env.now(),
  });
}

/** §2.8: one page of the address book; start with `seq` 0 and repeat with the answer's `Seq` until it is 0. */
export function getContactRequest(s: SessionContext, seq = 0): WxRequest {
  const url = api(s.hosts.main, 'webwxgetcontact', [
    ['lang', langOf(s)],
    ['pass_ticket', passTicket(s)],
    ['r', s.env.now()],
    ['seq', seq],
    ['skey', s.credentials.skey],
  ]);
  return get(s, 'webwxgetcontact', url);
}

export interface BatchContactEntry {
  readonly UserName: string;
  /** The group's `EncryChatRoomId` for a group member; `''` for groups and plain contacts. @default '' */
  readonly EncryChatRoomId?: string;
}

/** §2.9: details for at most `MAX_BATCH_CONTACTS` users or groups; throws `InvalidRequestError` for more. */
export function batchGetContactRequest(s: SessionContext, entries: readonly BatchContactEntry[]): WxRequest {
  if (entries.length > MAX_BATCH_CONTACTS) {
    throw new InvalidRequestError(
      'webwxbatchgetcontact',
      `at most ${MAX_BATCH_CONTACTS} entries per call, got ${entries.length}`,
    );
  }
  const url = api(s.hosts.main, 'webwxbatchgetcontact', [
    ['type', 'ex'],
    ['r', s.env.now()],
    ['lang', langOf(s)],
    ['pass_ticket', passTicket(s)],
  ]);
  const List = entries.map((e) => ({ UserName: e.UserName, EncryChatRoomId: e.EncryChatRoomId ?? '' }));
  return postJson(s, 'webwxbatchgetcontact', url, { Count: List.length, List });
}

/**
 * §2.10: the long poll on the push host. Pass `SyncCheckKey` (or `SyncKey` until a sync returned one). An empty key
 * is refused: the server answers such a poll instantly, which would turn the loop into a hot loop.
 */
export function syncCheckRequest(s: SessionContext, syncCheckKey: SyncKey): WxRequest {
  if (syncCheckKey.List.length === 0) throw new InvalidRequestError('synccheck', 'the sync key is empty');
  const now = s.env.now();
  const c = s.credentials;
  const url = api(s.hosts.push, 'synccheck', [
    ['r', now],
    ['skey', c.skey],
    ['sid', c.sid],
    ['uin', c.uin],
    ['deviceid', c.deviceId],
    ['synckey', syncKeyString(syncCheckKey)],
    ['_', now],
  ]);
  return get(s, 'synccheck', url);
}

/** §2.11: fetch what changed; pass the `SyncKey` (never the `SyncCheckKey`). */
export function syncRequest(s: SessionContext, syncKey: SyncKey): WxRequest {
  const url = api(s.hosts.main, 'webwxsync', [
    ['sid', s.credentials.sid],
    ['skey', s.credentials.skey],
    ['lang', langOf(s)],
    ['pass_ticket', passTicket(s)],
  ]);
  const List = syncKey.List.map((item) => ({ Key: item.Key, Val: item.Val }));
  return postJson(s, 'webwxsync', url, { SyncKey: { Count: List.length, List }, rr: syncRr(s.env.now()) });
}

// ---------------------------------------------------------------------------------------------------------------
// Sending (§2.12–2.16)

/** A fresh `LocalID`/`ClientMsgId` (17 digits); generate it first when the caller must keep it for a recall. */
export const messageLocalId = (env: Env): string => localId(env.now(), () => env.random());

interface SendBase {
  readonly from: string;
  readonly to: string;
  /** Used for both `LocalID` and `ClientMsgId`. @default messageLocalId(env) */
  readonly localId?: string;
}

export interface SendTextInput extends SendBase {
  readonly content: string;
  /** 1 text, 42 name card (`content` is then the `<msg username=… nickname=…/>` XML). @default 1 */
  readonly type?: 1 | 42;
  /** 0 normal, 2 forward. @default 0 */
  readonly scene?: 0 | 2;
}

export interface SendMediaInput extends SendBase {
  readonly mediaId: string;
}

export type SendEmoticonInput = SendBase & ({ readonly mediaId: string } | { readonly md5: string });

export interface SendAppMsgInput extends SendBase {
  /** The `<appmsg …>` XML, raw (not HTML-escaped). */
  readonly content: string;
  /** 6 for a file; a forwarded app message keeps its `AppMsgType`. @default 6 */
  readonly type?: number;
}

function sendUrl(s: SessionContext, endpoint: Endpoint, fun?: 'async' | 'sys'): string {
  const query: Array<readonly [string, QueryValue]> = [];
  if (fun === 'async') query.push(['fun', 'async'], ['f', 'json']);
  if (fun === 'sys') query.push(['fun', 'sys']);
  query.push(['lang', langOf(s)], ['pass_ticket', passTicket(s)]);
  return api(s.hosts.main, endpoint, query);
}

function sendRequest(
  s: SessionContext,
  endpoint: Endpoint,
  url: string,
  input: SendBase,
  fields: Record<string, unknown>,
  scene = 0,
): WxRequest {
  const id = input.localId ?? messageLocalId(s.env);
  const Msg = { ...fields, FromUserName: input.from, ToUserName: input.to, LocalID: id, ClientMsgId: id };
  return postJson(s, endpoint, url, { Msg, Scene: scene });
}

/** §2.12: text (or a name card with `type: 42`). */
export function sendTextRequest(s: SessionContext, input: SendTextInput): WxRequest {
  const fields = { Type: input.type ?? 1, Content: input.content };
  return sendRequest(s, 'webwxsendmsg', sendUrl(s, 'webwxsendmsg'), input, fields, input.scene ?? 0);
}

/** §2.13: an uploaded image. */
export function sendImageRequest(s: SessionContext, input: SendMediaInput): WxRequest {
  const fields = { Type: 3, MediaId: input.mediaId, Content: '' };
  return sendRequest(s, 'webwxsendmsgimg', sendUrl(s, 'webwxsendmsgimg', 'async'), input, fields);
}

/** §2.14: a video uploaded with `mediatype=video`. */
export function sendVideoRequest(s: SessionContext, input: SendMediaInput): WxRequest {
  const fields = { Type: 43, MediaId: input.mediaId, Content: '' };
  return sendRequest(s, 'webwxsendvideomsg', sendUrl(s, 'webwxsendvideomsg', 'async'), input, fields);
}

/** §2.15: a sticker, by upload id or by the md5 of a known sticker. */
export function sendEmoticonRequest(s: SessionContext, input: SendEmoticonInput): WxRequest {
  const media = 'mediaId' in input ? { MediaId: input.mediaId } : { EMoticonMd5: input.md5 };
  const fields = { Type: 47, EmojiFlag: 2, ...media };
  return sendRequest(s, 'webwxsendemoticon', sendUrl(s, 'webwxsendemoticon', 'sys'), input, fields);
}

/** §2.16: an app message (a file attachment by default). */
export function sendAppMsgRequest(s: SessionContext, input: SendAppMsgInput): WxRequest {
  const fields = { Type: input.type ?? 6, Content: input.content };
  return sendRequest(s, 'webwxsendappmsg', sendUrl(s, 'webwxsendappmsg', 'async'), input, fields);
}

// ---------------------------------------------------------------------------------------------------------------
// Upload (§2.17)

export type UploadMediaType = 'pic' | 'video' | 'doc';

/** `pic` for bmp/jpeg/jpg/png, `video` for mp4, `doc` for anything else (GIF included: it is sent as a sticker). */
export function uploadMediaType(fileName: string): UploadMediaType {
  const ext = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (['bmp', 'jpeg', 'jpg', 'png'].includes(ext)) return 'pic';
  return ext === 'mp4' ? 'video' : 'doc';
}

export interface UploadInput {
  /** The plain file name; it is URL-quoted in the form (non-ASCII names fail otherwise). */
  readonly fileName: string;
  /** MIME type for the `type` field, e.g. `image/jpeg`. */
  readonly mimeType: string;
  readonly data: Uint8Array;
  readonly from: string;
  readonly to: string;
  /** Hex md5 of the whole file. */
  readonly fileMd5: string;
  /** The `webwx_data_ticket` cookie value; uploads fail without it. */
  readonly dataTicket: string;
  /** Shared by every chunk. @default env.now() */
  readonly clientMediaId?: number;
  /** A JavaScript date string. @default new Date(env.now()).toString() */
  readonly lastModifiedDate?: string;
  /** @default uploadMediaType(fileName) */
  readonly mediaType?: UploadMediaType;
}

/**
 * §2.17: one multipart request per 512 KiB chunk, to be sent in order; the last answer carries the `MediaId`.
 * Fields follow the order the server and ItChat use; `chunks`/`chunk` appear only for multi-chunk files.
 */
export function uploadMediaRequests(s: SessionContext, input: UploadInput): WxRequest[] {
  if (input.dataTicket === '') throw new InvalidRequestError('webwxuploadmedia', 'the webwx_data_ticket cookie is missing');
  const now = s.env.now();
  const size = input.data.byteLength;
  const chunks = Math.max(1, Math.ceil(size / UPLOAD_CHUNK_SIZE));
  const quotedName = encodeURIComponent(input.fileName);
  const uploadMediaRequest = JSON.stringify({
    UploadType: 2,
    BaseRequest: baseRequest(s.credentials),
    ClientMediaId: input.clientMediaId ?? now,
    TotalLen: size,
    StartPos: 0,
    DataLen: size,
    MediaType: 4,
    FromUserName: input.from,
    ToUserName: input.to,
    FileMd5: input.fileMd5,
  });
  const url = buildUrl(s.hosts.file, `${API_PATH}webwxuploadmedia`, [['f', 'json']]);
  const requests: WxRequest[] = [];
  for (let chunk = 0; chunk < chunks; chunk++) {
    const form: FormField[] = [
      ['id', 'WU_FILE_0'],
      ['name', quotedName],
      ['type', input.mimeType],
      ['lastModifiedDate', input.lastModifiedDate ?? new Date(now).toString()],
      ['size', String(size)],
    ];
    if (chunks > 1) form.push(['chunks', String(chunks)], ['chunk', String(chunk)]);
    form.push(
      ['mediatype', input.mediaType ?? uploadMediaType(input.fileName)],
      ['uploadmediarequest', uploadMediaRequest],
      ['webwx_data_ticket', input.dataTicket],
      ['pass_ticket', s.credentials.passTicket],
      [
        'filename',
        {
          data: input.data.subarray(chunk * UPLOAD_CHUNK_SIZE, (chunk + 1) * UPLOAD_CHUNK_SIZE),
          fileName: quotedName,
          contentType: 'application/octet-stream',
        },
      ],
    );
    requests.push(withTimeout(s, { endpoint: 'webwxuploadmedia', method: 'POST', url, form, headers: referer(s) }));
  }
  return requests;
}

// ---------------------------------------------------------------------------------------------------------------
// Downloads (§2.18–2.22); all answer bytes, so all are streamed

const download = (s: SessionContext, endpoint: Endpoint, url: string, headers: Record<string, string> = {}) =>
  get(s, endpoint, url, { expect: 'stream', headers: { ...referer(s), ...headers } });

/** §2.18: an image or custom emoticon; `slave` is the thumbnail. */
export function getMsgImgRequest(s: SessionContext, msgId: string, size: 'big' | 'slave' = 'big'): WxRequest {
  const url = api(s.hosts.main, 'webwxgetmsgimg', [
    ['MsgID', msgId],
    ['skey', s.credentials.skey],
    ['type', size],
  ]);
  return download(s, 'webwxgetmsgimg', url);
}

/** §2.19: a voice note (MP3). */
export function getVoiceRequest(s: SessionContext, msgId: string): WxRequest {
  const url = api(s.hosts.main, 'webwxgetvoice', [
    ['msgid', msgId],
    ['skey', s.credentials.skey],
  ]);
  return download(s, 'webwxgetvoice', url);
}

/** §2.20: a video; without `Range: bytes=0-` the body is empty. */
export function getVideoRequest(s: SessionContext, msgId: string): WxRequest {
  const url = api(s.hosts.main, 'webwxgetvideo', [
    ['msgid', msgId],
    ['skey', s.credentials.skey],
  ]);
  return download(s, 'webwxgetvideo', url, { range: 'bytes=0-' });
}

export interface GetMediaInput {
  /** The message's `FromUserName`. */
  readonly sender: string;
  readonly mediaId: string;
  readonly fileName: string;
  readonly encryFileName?: string;
  /** The `webwx_data_ticket` cookie value. */
  readonly dataTicket: string;
}

/** §2.21: a file attachment, from the file host. */
export function getMediaRequest(s: SessionContext, input: GetMediaInput): WxRequest {
  const query: Array<readonly [string, QueryValue]> = [
    ['sender', input.sender],
    ['mediaid', input.mediaId],
    ['filename', input.fileName],
  ];
  if (input.encryFileName !== undefined) query.push(['encryfilename', input.encryFileName]);
  query.push(
    ['fromuser', s.credentials.uin],
    ['pass_ticket', passTicket(s)],
    ['webwx_data_ticket', input.dataTicket],
  );
  return download(s, 'webwxgetmedia', api(s.hosts.file, 'webwxgetmedia', query));
}

export interface AvatarInput {
  readonly userName: string;
  /** @default 0 */
  readonly seq?: number;
  /** The group's `EncryChatRoomId`, for a group member's picture. */
  readonly chatroomId?: string;
  /** Ask for the larger picture. @default false */
  readonly big?: boolean;
}

function avatarRequest(s: SessionContext, endpoint: 'webwxgeticon' | 'webwxgetheadimg', input: AvatarInput): WxRequest {
  const query: Array<readonly [string, QueryValue]> = [
    ['seq', input.seq ?? 0],
    ['username', input.userName],
    ['skey', s.credentials.skey],
  ];
  if (input.chatroomId !== undefined) query.push(['chatroomid', input.chatroomId]);
  if (input.big === true) query.push(['type', 'big']);
  return download(s, endpoint, api(s.hosts.main, endpoint, query));
}

/** §2.22: a person's picture (`chatroomid` for group members). */
export const getIconRequest = (s: SessionContext, input: AvatarInput): WxRequest => avatarRequest(s, 'webwxgeticon', input);

/** §2.22: a group's picture. */
export const getHeadImgRequest = (s: SessionContext, input: Omit<AvatarInput, 'chatroomId'>): WxRequest =>
  avatarRequest(s, 'webwxgetheadimg', input);

/**
 * §2.22: the picture behind a contact's `HeadImgUrl` (a relative path; an absolute one is moved to the main host).
 * The server often leaves `skey=` empty in it, so the session's skey is filled in.
 */
export function headImgUrlRequest(s: SessionContext, headImgUrl: string): WxRequest {
  const endpoint: Endpoint = headImgUrl.includes('webwxgetheadimg') ? 'webwxgetheadimg' : 'webwxgeticon';
  const relative = headImgUrl.replace(/^https?:\/\/[^/?#]*/i, '');
  const path = relative.startsWith('/') ? relative : `/${relative}`;
  const skey = `skey=${encodeURIComponent(s.credentials.skey)}`;
  const filled = /([?&])skey=[^&]*/.test(path)
    ? path.replace(/([?&])skey=[^&]*/, `$1${skey}`)
    : `${path}${path.includes('?') ? '&' : '?'}${skey}`;
  return download(s, endpoint, `${s.hosts.main}${filled}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Recall, contacts and groups (§2.23–2.29)

export interface RevokeInput {
  /** `MsgID` of the send response. */
  readonly svrMsgId: string;
  /** `LocalID` of the send. */
  readonly localId: string;
  readonly to: string;
}

/** §2.23: recall an own message (within about 2 minutes). */
export function revokeRequest(s: SessionContext, input: RevokeInput): WxRequest {
  const url = api(s.hosts.main, 'webwxrevokemsg', [
    ['lang', langOf(s)],
    ['pass_ticket', passTicket(s)],
  ]);
  return postJson(s, 'webwxrevokemsg', url, {
    SvrMsgId: input.svrMsgId,
    ToUserName: input.to,
    ClientMsgId: input.localId,
  });
}

export type OplogInput =
  | { readonly cmd: 'remark'; readonly userName: string; readonly remarkName: string }
  | { readonly cmd: 'pin'; readonly userName: string; readonly pinned: boolean };

/** §2.24: set a friend's remark name (`CmdId` 2) or pin/unpin a chat (`CmdId` 3). */
export function oplogRequest(s: SessionContext, input: OplogInput): WxRequest {
  const url = api(s.hosts.main, 'webwxoplog', [
    ['lang', langOf(s)],
    ['pass_ticket', passTicket(s)],
  ]);
  const body =
    input.cmd === 'remark'
      ? { UserName: input.userName, CmdId: 2, RemarkName: input.remarkName }
      : { UserName: input.userName, CmdId: 3, OP: input.pinned ? 1 : 0 };
  return postJson(s, 'webwxoplog', url, body);
}

export type VerifyUserInput =
  /** Send a friend request (`Opcode` 2) with an optional greeting. */
  | { readonly opcode: 2; readonly userName: string; readonly greeting?: string }
  /** Accept one (`Opcode` 3): `RecommendInfo.UserName` and `RecommendInfo.Ticket` of the MsgType 37 message. */
  | { readonly opcode: 3; readonly userName: string; readonly ticket: string };

/** §2.25 */
export function verifyUserRequest(s: SessionContext, input: VerifyUserInput): WxRequest {
  const url = api(s.hosts.main, 'webwxverifyuser', [
    ['r', s.env.now()],
    ['lang', langOf(s)],
    ['pass_ticket', passTicket(s)],
  ]);
  const add = input.opcode === 2;
  return postJson(s, 'webwxverifyuser', url, {
    Opcode: input.opcode,
    VerifyUserListSize: 1,
    VerifyUserList: [{ Value: input.userName, VerifyUserTicket: add ? '' : input.ticket }],
    VerifyContent: add ? (input.greeting ?? '') : '',
    SceneListCount: 1,
    SceneList: [33],
    skey: s.credentials.skey,
  });
}

/** §2.26 */
export function createChatroomRequest(s: SessionContext, members: readonly string[], topic = ''): WxRequest {
  const url = api(s.hosts.main, 'webwxcreatechatroom', [
    ['r', s.env.now()],
    ['lang', langOf(s)],
    ['pass_ticket', passTicket(s)],
  ]);
  return postJson(s, 'webwxcreatechatroom', url, {
    MemberCount: members.length,
    MemberList: members.map((UserName) => ({ UserName })),
    Topic: topic,
  });
}

export type UpdateChatroomInput =
  /** `addmember` adds directly (groups up to `InviteStartCount` members); `invitemember` sends invitations. */
  | { readonly fun: 'addmember' | 'invitemember' | 'delmember'; readonly room: string; readonly members: readonly string[] }
  | { readonly fun: 'modtopic'; readonly room: string; readonly topic: string };

const memberListField = { addmember: 'AddMemberList', invitemember: 'InviteMemberList', delmember: 'DelMemberList' } as const;

/** §2.27 */
export function updateChatroomRequest(s: SessionContext, input: UpdateChatroomInput): WxRequest {
  const url = api(s.hosts.main, 'webwxupdatechatroom', [
    ['fun', input.fun],
    ['lang', langOf(s)],
    ['pass_ticket', passTicket(s)],
  ]);
  const body =
    input.fun === 'modtopic'
      ? { ChatRoomName: input.room, NewTopic: input.topic }
      : { ChatRoomName: input.room, [memberListField[input.fun]]: input.members.join(',') };
  return postJson(s, 'webwxupdatechatroom', url, body);
}

/** §2.28: browser telemetry; each entry's `Text` is a JSON string. No peer needs it. */
export function statReportRequest(s: SessionContext, texts: readonly string[]): WxRequest {
  const url = api(s.hosts.main, 'webwxstatreport', [
    ['fun', 'new'],
    ['lang', langOf(s)],
    ['pass_ticket', passTicket(s)],
  ]);
  return postJson(s, 'webwxstatreport', url, { Count: texts.length, List: texts.map((Text) => ({ Type: 1, Text })) });
}

/** §2.29: `POST` without a body (a JSON body breaks the call). The answer is not meaningful. */
export function logoutRequest(s: SessionContext, type: 0 | 1 = 0): WxRequest {
  const url = api(s.hosts.main, 'webwxlogout', [
    ['redirect', 1],
    ['type', type],
    ['skey', s.credentials.skey],
  ]);
  return withTimeout(s, { endpoint: 'webwxlogout', method: 'POST', url, headers: referer(s) });
}

/**
 * Header conformance (docs/ilink-protocol.md §2): for every request, what the client sent and which rules it broke,
 * so client tests can assert `problems` is empty. The bearer token is never recorded, only whether there was one.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Listener } from './http.js';
import { obj, str } from './json.js';

/** How the API treats a request, which decides the headers it should carry. */
export type RequestKind =
  /** `get_bot_qrcode` by POST: the JSON POST headers without `Authorization` or `base_info`. */
  | 'qr-post'
  /** `get_qrcode_status`, or `get_bot_qrcode` by GET: only the iLink app headers. */
  | 'get'
  /** Every bot call: JSON POST headers, `Authorization: Bearer`, `base_info`. */
  | 'bot'
  /** CDN upload and download: none of the iLink headers, no `Authorization`. */
  | 'cdn';

export type UinCheck = 'fresh' | 'reused' | 'malformed' | 'missing';

export interface IlinkRequestRecord {
  readonly at: number;
  /** `getupdates`, `sendmessage`, `get_qrcode_status`, `upload`, … */
  readonly endpoint: string;
  readonly method: string;
  readonly listener: Listener;
  /** `X-WECHAT-UIN`: well-formed (base64 of a decimal uint32) and not seen before, or what is wrong with it. */
  readonly uin: UinCheck;
  readonly appId: string | undefined;
  readonly clientVersion: string | undefined;
  readonly authorizationType: string | undefined;
  readonly contentType: string | undefined;
  /** Whether `Authorization` held a bearer token (its value is not kept). */
  readonly authorization: 'bearer' | 'other' | 'missing';
  readonly routeTag: string | undefined;
  /** `base_info` of a JSON body, when there was one. */
  readonly baseInfo: { readonly channelVersion: string | undefined; readonly botAgent: string | undefined } | undefined;
  /** The rules of docs/ilink-protocol.md §2 this request broke, in words; empty when it conforms. */
  readonly problems: readonly string[];
}

type RequestFacts = Omit<IlinkRequestRecord, 'problems'>;

/** UIN values remembered for the freshness check. */
const MAX_SEEN_UINS = 100_000;
/** 1.0.0 packed: anything lower is not a real plugin version (a phone refuses "1"). */
const MIN_CLIENT_VERSION = 0x010000;
const MAX_CLIENT_VERSION = 0xffffff;

export class RequestLog {
  private readonly records: IlinkRequestRecord[] = [];
  private readonly seenUins = new Set<string>();

  constructor(private readonly max = 10_000) {}

  record(input: {
    readonly at: number;
    readonly endpoint: string;
    readonly kind: RequestKind;
    readonly method: string;
    readonly listener: Listener;
    readonly headers: IncomingHttpHeaders;
    readonly body: Readonly<Record<string, unknown>> | undefined;
  }): IlinkRequestRecord {
    const h = input.headers;
    const header = (name: string): string | undefined => {
      const v = h[name];
      return Array.isArray(v) ? v.join(', ') : v;
    };
    const rawUin = header('x-wechat-uin');
    const uin = this.checkUin(rawUin);
    const authorization = header('authorization');
    const info = obj(input.body, 'base_info');
    const facts: RequestFacts = {
      at: input.at,
      endpoint: input.endpoint,
      method: input.method,
      listener: input.listener,
      uin,
      appId: header('ilink-app-id'),
      clientVersion: header('ilink-app-clientversion'),
      authorizationType: header('authorizationtype'),
      contentType: header('content-type'),
      authorization: authorization === undefined ? 'missing' : /^Bearer\s+\S/.test(authorization) ? 'bearer' : 'other',
      routeTag: header('skroutetag'),
      baseInfo: info === undefined ? undefined : { channelVersion: str(info, 'channel_version'), botAgent: str(info, 'bot_agent') },
    };
    const record: IlinkRequestRecord = { ...facts, problems: problemsOf(facts, input.kind) };
    this.records.push(record);
    if (this.records.length > this.max) this.records.shift();
    return record;
  }

  all(): readonly IlinkRequestRecord[] {
    return this.records;
  }

  private checkUin(value: string | undefined): UinCheck {
    if (value === undefined) return 'missing';
    if (!isWellFormedUin(value)) return 'malformed';
    if (this.seenUins.has(value)) return 'reused';
    this.seenUins.add(value);
    if (this.seenUins.size > MAX_SEEN_UINS) this.seenUins.delete(this.seenUins.values().next().value as string);
    return 'fresh';
  }
}

/** base64 (canonical) of the decimal text of a uint32, no leading zeros. */
export function isWellFormedUin(value: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  const decoded = Buffer.from(value, 'base64');
  if (decoded.toString('base64') !== value) return false;
  const text = decoded.toString('latin1');
  return /^(0|[1-9][0-9]{0,9})$/.test(text) && Number(text) <= 0xffffffff;
}

export function isPackedClientVersion(value: string | undefined): boolean {
  if (value === undefined || !/^[0-9]{1,10}$/.test(value)) return false;
  const n = Number(value);
  return n >= MIN_CLIENT_VERSION && n <= MAX_CLIENT_VERSION;
}

function problemsOf(r: RequestFacts, kind: RequestKind): string[] {
  const problems: string[] = [];
  if (kind === 'cdn') {
    if (r.authorization !== 'missing') problems.push('a CDN request carries Authorization');
    if (r.appId !== undefined || r.clientVersion !== undefined || r.uin !== 'missing') problems.push('a CDN request carries iLink headers');
    if (r.method === 'POST' && r.contentType !== 'application/octet-stream') problems.push('a CDN upload is not application/octet-stream');
    return problems;
  }
  if (r.appId === undefined || r.appId === '') problems.push('iLink-App-Id is missing or empty');
  if (!isPackedClientVersion(r.clientVersion)) problems.push('iLink-App-ClientVersion is not a packed version (decimal, at least 1.0.0)');
  if (kind === 'get') return problems;
  if (!/^application\/json\b/i.test(r.contentType ?? '')) problems.push('Content-Type is not application/json');
  if (r.authorizationType !== 'ilink_bot_token') problems.push('AuthorizationType is not ilink_bot_token');
  if (r.uin !== 'fresh') problems.push(`X-WECHAT-UIN is ${r.uin}`);
  if (kind === 'qr-post') return problems;
  if (r.authorization !== 'bearer') problems.push('Authorization is not a Bearer token');
  if (r.baseInfo === undefined) problems.push('base_info is missing');
  else if (r.baseInfo.channelVersion === undefined) problems.push('base_info.channel_version is missing');
  return problems;
}

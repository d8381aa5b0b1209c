import { type BaseRequest } from '../ids.js';
import type { RequestParts } from './descriptor.js';
import type { RequestContext, SessionContext, SessionCredentials } from './context.js';

/** What the request builders share: URLs with their queries, the referer, `BaseRequest` and JSON bodies. */

/** A query value that is already percent-encoded (pass_ticket) and must not be encoded twice. */
export interface Verbatim {
  readonly verbatim: string;
}
export type QueryValue = string | number | Verbatim;
export type Query = ReadonlyArray<readonly [string, QueryValue]>;

export const API_PATH = '/cgi-bin/mmwebwx-bin/';

export function buildUrl(origin: string, path: string, query: Query): string {
  const parts = query.map(([name, value]) => {
    const encoded = typeof value === 'object' ? value.verbatim : encodeURIComponent(String(value));
    return `${name}=${encoded}`;
  });
  return parts.length === 0 ? `${origin}${path}` : `${origin}${path}?${parts.join('&')}`;
}

/** `{origin}/cgi-bin/mmwebwx-bin/{name}?…` */
export const api = (origin: string, name: string, query: Query): string => buildUrl(origin, `${API_PATH}${name}`, query);
export const langOf = (ctx: RequestContext): string => ctx.lang ?? 'zh_CN';
export const passTicket = (s: SessionContext): Verbatim => ({ verbatim: s.credentials.passTicket });
export const referer = (ctx: RequestContext): Record<string, string> => ({ referer: `${ctx.hosts.main}/` });

export function baseRequest(c: SessionCredentials): BaseRequest {
  return { Uin: c.uin, Sid: c.sid, Skey: c.skey, DeviceID: c.deviceId };
}

// Requests are built for every poll and sync: Object.assign, because V8 in Node 20 runs object spread about 20×
// slower (see message/fields.ts).
export function get(ctx: RequestContext, url: string, extra: Partial<RequestParts> = {}): RequestParts {
  return Object.assign({ method: 'GET' as const, url, headers: referer(ctx) }, extra);
}

/** A POST with a JSON body led by the session's `BaseRequest`. */
export function postJson(s: SessionContext, url: string, body: Record<string, unknown>): RequestParts {
  const json = Object.assign({ BaseRequest: baseRequest(s.credentials) }, body);
  return { method: 'POST', url, json, headers: referer(s) };
}

import type { ClientIdentity, IlinkContext } from './endpoints/context.js';

/**
 * `X-WECHAT-UIN` (docs/ilink-protocol.md §2.1): 4 random bytes read as a big-endian uint32, written in decimal, and
 * that text base64-encoded (3735928559 → `MzczNTkyODU1OQ==`).
 */
export function wechatUin(bytes: Uint8Array): string {
  if (bytes.length < 4) throw new RangeError('X-WECHAT-UIN needs 4 random bytes');
  const value = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
  return Buffer.from(String(value), 'utf8').toString('base64');
}

/**
 * What every API request carries, GET and POST (docs/ilink-protocol.md §2.1): the app id, the packed client version,
 * the route tag.
 */
export function appHeaders(identity: ClientIdentity): Record<string, string> {
  const headers: Record<string, string> = { 'ilink-app-id': 'bot', 'ilink-app-clientversion': identity.packedVersion };
  if (identity.routeTag !== undefined) headers['skroutetag'] = identity.routeTag;
  return headers;
}

/**
 * The headers of a JSON POST (docs/ilink-protocol.md §2.1): the app headers, `AuthorizationType`, a fresh `X-WECHAT-UIN`, and the bearer
 * token when there is one (trimmed; no header without it). `Content-Type` comes with the JSON body; `Content-Length`
 * is left to the HTTP stack (setting it by hand breaks Node 24's fetch, §2.1).
 */
export function jsonPostHeaders(ctx: IlinkContext): Record<string, string> {
  const headers = appHeaders(ctx.identity);
  headers['authorizationtype'] = 'ilink_bot_token';
  headers['x-wechat-uin'] = wechatUin(ctx.uin);
  const token = ctx.token?.trim();
  if (token !== undefined && token !== '') headers['authorization'] = `Bearer ${token}`;
  return headers;
}

/** `base_info` of every authenticated JSON POST (docs/ilink-protocol.md §2.2). */
export function baseInfo(identity: ClientIdentity): { readonly channel_version: string; readonly bot_agent: string } {
  return { channel_version: identity.channelVersion, bot_agent: identity.botAgent };
}

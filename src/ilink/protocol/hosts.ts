/** Where iLink lives and how its URLs are put together (docs/ilink-protocol.md §1). */

/** The API base every login starts at, and the base of a bot whose `baseurl` is empty. */
export const DEFAULT_API_BASE = 'https://ilinkai.weixin.qq.com';
/** The CDN base: uploads go to `{cdn}/upload`, downloads come from `{cdn}/download`. */
export const DEFAULT_CDN_BASE = 'https://novac2c.cdn.weixin.qq.com/c2c';

/** Every API path sits under this prefix (written without a leading slash, so it resolves below a base's path). */
export const API_PREFIX = 'ilink/bot/';

/**
 * `path` resolved against `base` as Tencent's client does (docs/ilink-protocol.md §1): a `/` is appended to the base when missing, then the
 * path (no leading slash) is resolved with WHATWG URL rules, so a base with a path keeps it.
 */
export function joinUrl(base: string, path: string): string {
  return new URL(path, base.endsWith('/') ? base : `${base}/`).href;
}

/**
 * A query string built by hand with `encodeURIComponent`, as Tencent's client does (docs/ilink-protocol.md §1);
 * `undefined` values are left out.
 */
export function withQuery(url: string, query: ReadonlyArray<readonly [string, string | number | undefined]>): string {
  const parts: string[] = [];
  for (const [name, value] of query) if (value !== undefined) parts.push(`${name}=${encodeURIComponent(String(value))}`);
  if (parts.length === 0) return url;
  return `${url}${url.includes('?') ? '&' : '?'}${parts.join('&')}`;
}

/**
 * The API base of a `redirect_host` (a host name without scheme, docs/ilink-protocol.md §4.3); `undefined` when it is
 * not a plain host.
 */
export function redirectBase(host: string): string | undefined {
  const trimmed = host.trim();
  if (trimmed === '' || /[/?#@\s\\]/.test(trimmed)) return undefined;
  try {
    const url = new URL(`https://${trimmed}`);
    return url.host === trimmed.toLowerCase() ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** Domains Tencent serves iLink from (API, international edge, CDN); without a pinned `server` nothing else is spoken to. */
const TENCENT_DOMAINS = ['qq.com', 'wechat.com'];

/** Whether `url` is https on a Tencent domain: the only places a client without a `server` sends anything. */
export function isTencentUrl(url: URL): boolean {
  if (url.protocol !== 'https:') return false;
  const host = url.hostname.toLowerCase();
  return TENCENT_DOMAINS.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

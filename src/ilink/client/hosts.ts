import { defer, throwError } from 'rxjs';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import { OriginNotAllowedError } from '../../errors/origin-not-allowed-error.js';
import { SessionStoreError } from '../../errors/session-store-error.js';
import type { Transport } from '../../http/transport.js';
import { DEFAULT_API_BASE, DEFAULT_CDN_BASE, isTencentUrl, joinUrl } from '../protocol/hosts.js';

const TENCENT = "Tencent's iLink hosts (https, qq.com and wechat.com)";

/** The base URL of a `server` option, or `InvalidArgumentError` for anything but an absolute http(s) URL. */
export function serverBase(server: string): URL {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new InvalidArgumentError('connectIlink', 'server', `is not an absolute URL (${JSON.stringify(server)})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentError('connectIlink', 'server', `must be http or https, not ${url.protocol}`);
  }
  return url;
}

/**
 * Where a client may send (docs/ilink-protocol.md §1): with a pinned base (the `server` option, or a saved session made
 * against one), that base's origin and nothing else — every API base the server names (redirect hosts, `baseurl`)
 * is replaced by the pinned base, the CDN is `<base>/c2c`, and full CDN URLs elsewhere are refused; without one,
 * https URLs on Tencent's domains only.
 */
export class Hosts {
  private pinnedBase: URL | undefined;

  constructor(server: string | undefined) {
    this.pinnedBase = server === undefined ? undefined : serverBase(server);
  }

  /** The origin everything goes to, or `undefined` for Tencent's hosts. */
  get pinned(): string | undefined {
    return this.pinnedBase?.origin;
  }

  /** Where logins start (docs/ilink-protocol.md §1): the pinned base, else the default API host. */
  get loginBase(): string {
    return this.pinnedBase?.href ?? DEFAULT_API_BASE;
  }

  /** The CDN base of uploads and downloads built from parameters (docs/ilink-protocol.md §7.3, §7.4). */
  get cdnBase(): string {
    return this.pinnedBase === undefined ? DEFAULT_CDN_BASE : joinUrl(this.pinnedBase.href, 'c2c');
  }

  /**
   * Pins a client without a `server` to the origin of a saved session that was not made with Tencent's hosts (a
   * simulator's), so resuming it stays there, as the Web client does.
   */
  adopt(savedBaseUrl: string): void {
    if (this.pinnedBase !== undefined) return;
    let url: URL;
    try {
      url = new URL(savedBaseUrl);
    } catch {
      throw new SessionStoreError('load', 'its bot.baseUrl is not an absolute URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SessionStoreError('load', 'its bot.baseUrl is not an http(s) URL');
    if (!isTencentUrl(url)) this.pinnedBase = url;
  }

  /**
   * The API base to use for one the server named (`baseurl`, a redirect host; `undefined` or `''` mean the
   * default): the pinned base when pinned; else the named one, which must be https on Tencent's domains.
   * @throws OriginNotAllowedError for any other, before anything is sent there
   */
  apiBase(named: string | undefined, endpoint: string): string {
    if (this.pinnedBase !== undefined) return this.pinnedBase.href;
    if (named === undefined || named.trim() === '') return DEFAULT_API_BASE;
    let url: URL;
    try {
      url = new URL(named);
    } catch {
      throw new OriginNotAllowedError(endpoint, 'an invalid URL', TENCENT);
    }
    if (!isTencentUrl(url)) throw new OriginNotAllowedError(endpoint, url.origin, TENCENT);
    return url.href;
  }

  /** Whether a request to `url` may leave. */
  allows(url: string): boolean {
    const origin = this.pinned;
    if (origin !== undefined) return url.startsWith(origin) && url.charCodeAt(origin.length) === 47;
    try {
      return isTencentUrl(new URL(url));
    } catch {
      return false;
    }
  }

  /** Wraps a transport so that a request to any other place fails with `OriginNotAllowedError`, unsent. */
  guard(transport: Transport): Transport {
    return {
      request: (req) => {
        if (this.allows(req.url)) return transport.request(req);
        return defer(() => {
          let origin = 'an invalid URL';
          try {
            origin = new URL(req.url).origin;
          } catch {
            // keep the placeholder: the URL itself may carry a credential
          }
          return throwError(() => new OriginNotAllowedError(req.endpoint, origin, this.pinned ?? TENCENT));
        });
      },
    };
  }
}

import { defer, throwError } from 'rxjs';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import { OriginNotAllowedError } from '../../errors/origin-not-allowed-error.js';
import type { Transport } from '../../http/transport.js';
import { isWeChatHost } from '../protocol/hosts.js';
import type { SavedSession } from '../session/saved-session.js';

/** The origin of a `server` option; anything but an absolute http(s) URL is refused before anything is sent. */
export function serverOrigin(server: string): string {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new InvalidArgumentError('createClient', 'server', `is not an absolute URL (${JSON.stringify(server)})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentError('createClient', 'server', `must be http or https, not ${url.protocol}`);
  }
  return url.origin;
}

/** Whether every host of a saved session is an absolute http(s) URL (a hand-edited file may hold anything). */
export function hasUsableHosts(saved: SavedSession): boolean {
  return Object.values(saved.hosts).every((host) => {
    try {
      const { protocol } = new URL(host);
      return protocol === 'http:' || protocol === 'https:';
    } catch {
      return false;
    }
  });
}

/**
 * The one origin a client is pinned to: the configured `server`, else the origin of a saved session that was not
 * made with the WeChat hosts (a simulator's), so that resuming it, and any fallback login, stays there. `undefined`
 * means the real WeChat hosts.
 */
export function pinnedOrigin(server: string | undefined, saved: SavedSession | undefined): string | undefined {
  if (server !== undefined) return server;
  if (saved === undefined) return undefined;
  const main = new URL(saved.hosts.main);
  return main.protocol === 'https:' && isWeChatHost(main.hostname) ? undefined : main.origin;
}

/**
 * Wraps a transport so that no request leaves for an origin the client may not talk to: with a pinned origin,
 * that origin only; without, the WeChat hosts over https only. `pinned` is read at each request (a resumed session
 * can pin the client after it was created). A refused request fails with `OriginNotAllowedError`, unsent.
 */
export function originGuard(transport: Transport, pinned: () => string | undefined): Transport {
  return {
    request: (req) => {
      const origin = pinned();
      if (origin !== undefined && req.url.startsWith(origin) && req.url.charCodeAt(origin.length) === 47) return transport.request(req);
      return defer(() => {
        const url = new URL(req.url);
        if (origin === undefined && url.protocol === 'https:' && isWeChatHost(url.hostname)) return transport.request(req);
        return throwError(() => new OriginNotAllowedError(req.endpoint, url.origin, origin ?? 'the WeChat hosts (https)'));
      });
    },
  };
}

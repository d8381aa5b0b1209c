import type { Logger } from '../../logging/logger.js';
import { WxCookieJar } from '../../http/cookie-jar.js';
import { createKyTransport } from '../../http/ky-transport.js';
import type { ClosableTransport } from '../../http/transport-core.js';
import type { Transport } from '../../http/transport.js';
import { createUndiciTransport } from '../../http/undici-transport.js';
import type { SavedSession } from '../session/saved-session.js';
import { loggingTransport } from './client-log.js';
import type { ClientOptions } from './options.js';
import { originGuard, pinnedOrigin, serverOrigin } from './origin-guard.js';

/**
 * The client's HTTP: the transport it was given, or the one it makes (undici or ky, on the cookie jar, closed with
 * the client); every request passes the origin guard, then the log. Also the one origin the client is pinned to.
 */
export class ClientTransport {
  /** The one origin every request goes to, or `undefined` for the WeChat hosts (see `originGuard`). */
  private origin: string | undefined;
  private cookieJar: WxCookieJar;
  private transport: Transport | undefined;
  /** The default transport, made (and closed) by the client itself. */
  private own: ClosableTransport | undefined;

  constructor(
    private readonly options: Pick<ClientOptions, 'server' | 'transport' | 'cookieJar'>,
    private readonly log: Logger | undefined,
    private readonly now: () => number,
  ) {
    this.origin = options.server === undefined ? undefined : serverOrigin(options.server);
    this.cookieJar = options.cookieJar ?? new WxCookieJar();
    const given = this.given();
    if (given !== undefined) this.transport = this.wrap(given);
  }

  get pinned(): string | undefined {
    return this.origin;
  }

  /** The jar of a transport the client makes (and saves with the session). */
  get jar(): WxCookieJar {
    return this.cookieJar;
  }

  /**
   * Before a login: pins the client to a saved session's origin when it was not made with the WeChat hosts, and
   * makes the default transport, on the saved cookies unless a jar was given.
   */
  adopt(saved: SavedSession | undefined): void {
    this.origin ??= pinnedOrigin(undefined, saved);
    if (this.given() !== undefined || this.transport !== undefined) return;
    if (saved !== undefined && this.options.cookieJar === undefined) this.cookieJar = WxCookieJar.fromJSON(saved.cookies as string);
    this.http();
  }

  http(): Transport {
    if (this.transport === undefined) {
      this.own = this.options.transport === 'ky' ? createKyTransport({ jar: this.cookieJar }) : createUndiciTransport({ jar: this.cookieJar });
      this.transport = this.wrap(this.own);
    }
    return this.transport;
  }

  /** A cookie as a request to `url` would send it: from the jar of the transport itself (its wrappers have none). */
  cookie(name: string, url: string): string | undefined {
    const given = this.given() as Partial<ClosableTransport> | undefined;
    return (given?.jar instanceof WxCookieJar ? given.jar : this.cookieJar).get(name, url);
  }

  /** Closes the transport the client made; one it was given stays open. */
  async close(): Promise<void> {
    await this.own?.close();
  }

  private given(): Transport | undefined {
    return typeof this.options.transport === 'object' ? this.options.transport : undefined;
  }

  private wrap(transport: Transport): Transport {
    const guarded = originGuard(transport, () => this.origin);
    return this.log === undefined ? guarded : loggingTransport(guarded, this.log, this.now);
  }
}

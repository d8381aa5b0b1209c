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
 * the client); every request passes the origin guard, then the log. Also the one origin the client is pinned to, and
 * the cookie jar the session is saved with: the given transport's own jar when it has one (`transport.jar`), since
 * that is where the server's cookies land.
 */
export class ClientTransport {
  /** The one origin every request goes to, or `undefined` for the WeChat hosts (see `originGuard`). */
  private origin: string | undefined;
  /** The jar of a transport the client makes, or of a given transport without one: made when first needed. */
  private cookieJar: WxCookieJar | undefined;
  private transport: Transport | undefined;
  /** The default transport, made (and closed) by the client itself. */
  private own: ClosableTransport | undefined;

  constructor(
    private readonly options: Pick<ClientOptions, 'server' | 'transport' | 'cookieJar'>,
    private readonly log: Logger | undefined,
    private readonly now: () => number,
  ) {
    this.origin = options.server === undefined ? undefined : serverOrigin(options.server);
    this.cookieJar = options.cookieJar;
    const given = this.given();
    if (given !== undefined) this.transport = this.wrap(given);
  }

  get pinned(): string | undefined {
    return this.origin;
  }

  /** The jar the session's cookies are in: saved with it, watched for changes, cleared at logout. */
  get jar(): WxCookieJar {
    return this.givenJar() ?? (this.cookieJar ??= new WxCookieJar());
  }

  /**
   * Before a login: pins the client to a saved session's origin when it was not made with the WeChat hosts, and
   * makes the default transport, on the saved cookies unless a jar was given; a given transport's jar gets the saved
   * cookies added.
   */
  adopt(saved: SavedSession | undefined): void {
    this.origin ??= pinnedOrigin(undefined, saved);
    // A transport of your own keeps its jar: a resumed session's cookies go into it (a new process starts it empty).
    if (saved !== undefined) this.givenJar()?.restore(saved.cookies as string);
    if (this.given() !== undefined || this.transport !== undefined) return;
    if (saved !== undefined && this.options.cookieJar === undefined) this.cookieJar = WxCookieJar.fromJSON(saved.cookies as string);
    this.http();
  }

  http(): Transport {
    if (this.transport === undefined) {
      const jar = this.jar;
      this.own = this.options.transport === 'ky' ? createKyTransport({ jar }) : createUndiciTransport({ jar });
      this.transport = this.wrap(this.own);
    }
    return this.transport;
  }

  /** A cookie as a request to `url` would send it. */
  cookie(name: string, url: string): string | undefined {
    return this.jar.get(name, url);
  }

  /** Closes the transport the client made; one it was given stays open. */
  async close(): Promise<void> {
    await this.own?.close();
  }

  private given(): Transport | undefined {
    return typeof this.options.transport === 'object' ? this.options.transport : undefined;
  }

  /** The given transport's own jar, if it has one (the library's transports do; a wrapper of yours may not). */
  private givenJar(): WxCookieJar | undefined {
    const jar = (this.given() as Partial<ClosableTransport> | undefined)?.jar;
    return jar instanceof WxCookieJar ? jar : undefined;
  }

  private wrap(transport: Transport): Transport {
    const guarded = originGuard(transport, () => this.origin);
    return this.log === undefined ? guarded : loggingTransport(guarded, this.log, this.now);
  }
}

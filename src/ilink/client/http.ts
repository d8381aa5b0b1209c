import { defer, map, type Observable, tap } from 'rxjs';
import { Agent } from 'undici';
import { createUndiciTransport } from '../../http/undici-transport.js';
import type { Transport } from '../../http/transport.js';
import type { Logger } from '../../logging/logger.js';
import type { ClientIdentity, IlinkContext } from '../protocol/endpoints/context.js';
import type { IlinkEndpoint } from '../protocol/endpoints/descriptor.js';
import type { IlinkTimeoutOverrides } from '../protocol/endpoints/index.js';
import type { Hosts } from './hosts.js';
import type { IlinkEnv } from './options.js';

export interface HttpDeps {
  readonly transport: Transport | undefined;
  readonly hosts: Hosts;
  readonly identity: ClientIdentity;
  readonly env: IlinkEnv;
  readonly log: Logger | undefined;
  readonly timeouts: IlinkTimeoutOverrides | undefined;
}

/**
 * The client's HTTP: the transport it was given, or a ky transport it makes (and closes); every request passes the
 * host guard, then the log (endpoint, status and time only: URLs and bodies carry credentials).
 */
export class IlinkHttp {
  private guarded: Transport | undefined;
  /** The pool of the transport the client made (none with a transport of the caller's). */
  private pool: Agent | undefined;

  constructor(private readonly deps: HttpDeps) {}

  /** The transport every request of the client goes through (CDN transfers included). */
  get transport(): Transport {
    if (this.guarded === undefined) {
      // Undici by default: a long-poll bot spends its CPU on HTTP, and fetch (ky's stack) costs about twice as much per
      // request (docs/benchmarks.md, iLink). The user agent is Tencent's client's (Node's fetch says `node`). The pool
      // is the client's, so close() can cut it.
      const inner = this.deps.transport ?? createUndiciTransport({ userAgent: 'node', dispatcher: (this.pool = keepAlivePool()) });
      const guarded = this.deps.hosts.guard(inner);
      this.guarded = this.deps.log === undefined ? guarded : logged(guarded, this.deps.log, () => this.deps.env.now());
    }
    return this.guarded;
  }

  /** A request context on `base`, with a fresh `X-WECHAT-UIN`. */
  context(base: string, token: string | undefined): IlinkContext {
    const ctx = { base, uin: this.deps.env.randomBytes(4), identity: this.deps.identity };
    return Object.assign(ctx, token === undefined ? {} : { token }, this.deps.timeouts === undefined ? {} : { timeouts: this.deps.timeouts });
  }

  /**
   * One call as a cold Observable: built at subscription (a fresh `X-WECHAT-UIN` each time), sent, and decoded by the
   * endpoint (a refusal is its typed error). Unsubscribing aborts it.
   */
  call<Input, Answer>(endpoint: IlinkEndpoint<string, Input, Answer>, base: string, token: string | undefined, input: Input): Observable<Answer> {
    return defer(() => this.transport.request(endpoint.request(this.context(base, token), input))).pipe(map((response) => endpoint.decode(response.text)));
  }

  /**
   * Closes the transport the client made, cutting what is still in flight: a CDN transfer has no timeout and a
   * download stream may never be read, so waiting for them could hold `close()` for ever. One it was given stays open.
   */
  async close(): Promise<void> {
    await this.pool?.destroy();
  }
}

/** A pool with the keep-alive of the transports' own (src/http/transport-core.ts). */
const keepAlivePool = (): Agent => new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000 });

function logged(transport: Transport, log: Logger, now: () => number): Transport {
  return {
    request: (req) => {
      const started = now();
      return transport.request(req).pipe(
        tap({
          next: (res) => log.debug({ endpoint: req.endpoint, status: res.status, ms: now() - started }, 'request'),
          error: (error: unknown) => log.warn({ endpoint: req.endpoint, error, ms: now() - started }, 'request failed'),
        }),
      );
    },
  };
}

import { defer, type Observable } from 'rxjs';
import { NotOnlineError } from '../../errors/not-online-error.js';
import type { Backoff } from '../../retry/retry-on-retcode.js';
import type { ContactResolver } from '../contacts/resolver.js';
import type { Transport } from '../../http/transport.js';
import type { TransferTimeouts } from '../media/timeouts.js';
import type { Env, SessionContext } from '../protocol/endpoints/context.js';
import { knownChat$ } from './chat-check.js';
import type { ClientEvents } from './client-events.js';
import type { ClientTransport } from './client-transport.js';
import { createInvoke, type Invoke } from './invoke.js';
import type { ClientOptions } from './options.js';
import type { RateLimiter } from './rate-limiter.js';
import type { SessionLifecycle } from './session-lifecycle.js';
import type { SessionState } from './session-state.js';

/** What the client's operations (messaging, media, account, contacts) need from the client; built once per client. */
export interface OpsContext {
  readonly env: Env;
  /** The online session, or a thrown `NotOnlineError` naming `operation`. */
  online(operation: string): SessionState;
  transport(): Transport;
  sessionContext(state: SessionState): SessionContext;
  /** A cookie as a request to `url` would send it (the upload and attachment calls need `webwx_data_ticket`). */
  cookie(name: string, url: string): string | undefined;
  /** One server call of the online session with the retcode policy. */
  readonly invoke: Invoke;
  /** Back-off for 1205 answers (sends, uploads, account operations, contact lookups). */
  readonly rateLimited: Backoff;
  /** Fails with a typed error, before anything is sent, when `chat` is empty or unknown to this login. */
  knownChat(operation: string, chat: string): Observable<void>;
  readonly transfer: TransferTimeouts | undefined;
  /** The batch lookup queue of the online session. */
  resolver(operation: string): ContactResolver;
}

export interface OpsParts {
  readonly options: ClientOptions;
  readonly env: Env;
  readonly lifecycle: SessionLifecycle;
  readonly transport: ClientTransport;
  readonly events: ClientEvents;
  /** The client's send rate. */
  readonly limit: RateLimiter;
  readonly rateLimited: Backoff;
}

export function createOpsContext(parts: OpsParts): OpsContext {
  const { lifecycle, transport, events, rateLimited } = parts;
  const online = (operation: string) => lifecycle.requireOnline(operation);
  const sessionContext = (state: SessionState) => lifecycle.context(state);
  const resolver = (operation: string) => {
    online(operation);
    const queue = lifecycle.contacts.queue;
    if (queue === undefined) throw new NotOnlineError(operation, lifecycle.status);
    return queue;
  };
  return {
    env: parts.env,
    online,
    transport: () => transport.http(),
    sessionContext,
    cookie: (name, url) => transport.cookie(name, url),
    invoke: createInvoke({
      online,
      transport: () => transport.http(),
      sessionContext,
      limit: parts.limit,
      // 1205 backs off (and shows on `events$`); nothing else retries.
      policy: { rateLimited, transient: { count: 0 }, onRetry: (notice) => events.noticeRetry(notice) },
    }),
    rateLimited,
    knownChat: (operation, chat) => defer(() => knownChat$(operation, chat, online(operation), resolver(operation))),
    transfer: parts.options.transfer,
    resolver,
  };
}

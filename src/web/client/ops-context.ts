import type { Observable } from 'rxjs';
import type { RetryOnRetcodeConfig } from '../../retry/retry-on-retcode.js';
import type { ContactResolver } from '../contacts/resolver.js';
import type { Transport } from '../http/transport.js';
import type { TransferTimeouts } from '../media/timeouts.js';
import type { Env, SessionContext } from '../protocol/requests.js';
import type { SessionState } from './session-state.js';

/** What the client's operation modules (media, account, contacts) need from the client; built once per client. */
export interface OpsContext {
  readonly env: Env;
  /** The online session, or a thrown `NotOnlineError` naming `operation`. */
  online(operation: string): SessionState;
  transport(): Transport;
  sessionContext(state: SessionState): SessionContext;
  /** A cookie as a request to `url` would send it (the upload and attachment calls need `webwx_data_ticket`). */
  cookie(name: string, url: string): string | undefined;
  /** Spaces sends (the client's `sendRate`). */
  limitSend<T>(work: Observable<T>): Observable<T>;
  /** Back-off for 1205 answers to sends, uploads and account operations. */
  readonly rateLimited: NonNullable<RetryOnRetcodeConfig['rateLimited']>;
  /** The retry policy of one send or account operation: 1205 backs off (and shows on `events$`), nothing else retries. */
  readonly sendPolicy: RetryOnRetcodeConfig;
  /** Fails with a typed error, before anything is sent, when `chat` is empty or unknown to this login. */
  knownChat(operation: string, chat: string): Observable<void>;
  readonly transfer: TransferTimeouts | undefined;
  /** The batch lookup queue of the online session. */
  resolver(operation: string): ContactResolver;
}

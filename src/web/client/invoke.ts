import { defer, type Observable } from 'rxjs';
import { type Backoff, retryOnRetcode, type RetryNotice, type RetryOnRetcodeConfig } from '../../retry/retry-on-retcode.js';
import { call } from './call.js';
import type { Transport } from '../../http/transport.js';
import type { SessionContext } from '../protocol/endpoints/context.js';
import type { CallDescriptor } from '../protocol/endpoints/descriptor.js';
import type { RateLimiter } from './rate-limiter.js';
import type { SessionState } from './session-state.js';

/** How a call answered 1205 backs off unless the client's `sendRetry` says otherwise. */
export const SEND_RETRY: Backoff = { count: 5, initialDelay: 2000, maxDelay: 60_000 };

export interface InvokeOptions {
  /** The operation a `NotOnlineError` names. @default the endpoint's name */
  readonly operation?: string;
  /** Waits for a slot of the client's send rate first (sends). @default false */
  readonly limited?: boolean;
}

/**
 * One server call of the online session under the client's retcode policy. The request is built at subscription
 * from the session of that moment (again for each retry: keys and skey may have moved), `input` reads what it needs
 * from that session, and the endpoint decodes and checks the answer. A 1205 backs off (shown as `rate-limited` on
 * `events$`); nothing else is retried, since a resend could act twice. Fails with `NotOnlineError` when offline.
 */
export type Invoke = <Input, Answer, Decoded>(
  endpoint: CallDescriptor<string, SessionContext, Input, Answer, Decoded>,
  input: (state: SessionState) => Input,
  options?: InvokeOptions,
) => Observable<Answer>;

export interface InvokeDeps {
  online(operation: string): SessionState;
  transport(): Transport;
  sessionContext(state: SessionState): SessionContext;
  /** The client's send rate. */
  readonly limit: RateLimiter;
  readonly policy: RetryOnRetcodeConfig;
}

export function createInvoke(deps: InvokeDeps): Invoke {
  // A 1205 to one send holds every send of the client for the back-off, not only the one that got it.
  const limitedPolicy: RetryOnRetcodeConfig = Object.assign({}, deps.policy, {
    onRetry: (notice: RetryNotice) => {
      if (notice.outcome === 'rate-limited') deps.limit.pauseFor(notice.delayMs);
      deps.policy.onRetry?.(notice);
    },
  });
  return (endpoint, input, options = {}) => {
    const attempt$ = defer(() => {
      const state = deps.online(options.operation ?? endpoint.name);
      return call(deps.transport(), endpoint, deps.sessionContext(state), input(state));
    });
    return options.limited === true ? deps.limit(attempt$).pipe(retryOnRetcode(limitedPolicy)) : attempt$.pipe(retryOnRetcode(deps.policy));
  };
}

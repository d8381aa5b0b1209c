import { tap } from 'rxjs';
import type { Transport } from '../../http/transport.js';
import type { Logger } from '../../logging/logger.js';
import type { ClientState } from './types.js';
import type { WxEvent } from '../../model/events.js';

/**
 * What the client tells its logger (already redacting): lifecycle at `info`, problems at `warn`, each request and
 * each message at `debug`. Nothing here ever sees a URL or a body: endpoints, statuses, kinds and counts only.
 */
export function logState(log: Logger, state: ClientState): void {
  const { status } = state;
  if (status === 'logged-out') {
    const reason = state.reason;
    const detail = reason.type === 'session-ended' ? { retcode: reason.retcode } : reason.type === 'failed' ? { error: reason.error } : {};
    log.info({ status, reason: reason.type, ...detail }, 'client state');
  } else if (status === 'reconnecting') log.warn({ status, error: state.error }, 'client state');
  else log.info({ status }, 'client state');
}

export function logEvent(log: Logger, event: WxEvent): void {
  switch (event.type) {
    case 'message':
      log.debug({ kind: event.message.kind, id: event.message.id, isGroup: event.message.isGroup }, 'message');
      return;
    case 'decode-problem':
    case 'network-problem':
    case 'store-problem':
      log.warn({ event: event.type, error: event.error }, event.error.message);
      return;
    case 'rate-limited':
      log.warn({ event: event.type, endpoint: event.endpoint, delayMs: event.delayMs }, 'rate limited (1205): waiting');
      return;
    case 'session-ended':
      log.warn({ event: event.type, retcode: event.retcode, reason: event.reason }, 'session ended');
      return;
    default:
      log.debug({ event: event.type }, 'contact change');
  }
}

/** The transport, with each request's endpoint, status and duration logged at `debug` (and failures at `warn`). */
export function loggingTransport(transport: Transport, log: Logger, now: () => number): Transport {
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

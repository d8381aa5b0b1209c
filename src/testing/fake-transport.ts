import { defer, type Observable } from 'rxjs';
import type { Transport } from '../http/transport.js';
import type { WxRequest, WxResponse } from '../http/request.js';

export interface FakeTransport extends Transport {
  /** Every request in subscription order (a request counts when it is subscribed to, as a real one is sent then). */
  readonly requests: WxRequest[];
}

/**
 * A `Transport` that answers with whatever `handler` returns, for marble tests: return `cold('--r|', { r })` and
 * the request runs in virtual time. Like the real transport it is cold, so a request is recorded per subscription
 * (a retry shows up twice).
 *
 * @example
 * const transport = createFakeTransport(() => cold('--r|', { r: textResponse('window.code=408;') }));
 */
export function createFakeTransport(handler: (req: WxRequest) => Observable<WxResponse>): FakeTransport {
  const requests: WxRequest[] = [];
  return {
    requests,
    request: (req) =>
      defer(() => {
        requests.push(req);
        return handler(req);
      }),
  };
}

/** A text answer with no headers. */
export function textResponse(text: string, status = 200): WxResponse {
  return { status, headers: {}, text };
}

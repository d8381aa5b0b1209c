import { defer, map, type Observable } from 'rxjs';
import type { Transport } from '../http/transport.js';
import type { WxRequest } from '../protocol/request.js';

/**
 * One server call as a cold Observable: the request is built at subscription (so `r`, `_` and keys are current),
 * sent through the transport, and its body decoded. Unsubscribing aborts it.
 */
export function call<T>(transport: Transport, build: () => WxRequest, decode: (text: string) => T): Observable<T> {
  return defer(() => transport.request(build())).pipe(map((response) => decode(response.text)));
}

import type { Observable } from 'rxjs';
import type { WxRequest, WxResponse } from './request.js';

/**
 * The one port through which wechat-rx talks HTTP. Implementations are cold: nothing is sent until subscription,
 * each subscription sends once, and unsubscribing before the answer aborts the request. They emit one `WxResponse`
 * and complete, or error with `NetworkError` (connection failure, or status >= 400 unless the request says
 * `throwHttpErrors: false`) or `TimeoutError`. Retries are the caller's (RxJS `retry`), never the transport's.
 */
export interface Transport {
  request(req: WxRequest): Observable<WxResponse>;
}

import type { Endpoint } from './endpoint.js';
import { WeChatError } from './wechat-error.js';

/** The request got no answer within its per-endpoint timeout. */
export class TimeoutError extends WeChatError {
  override name = 'TimeoutError';

  constructor(
    readonly endpoint: Endpoint,
    readonly ms: number,
  ) {
    super(`${endpoint} timed out after ${ms} ms`);
  }
}

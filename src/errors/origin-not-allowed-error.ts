import type { Endpoint } from './endpoint.js';
import { WeChatError } from './wechat-error.js';

/**
 * A request was about to leave for an origin this client may not talk to: with a `server`, anything but that
 * origin; without one, anything but the WeChat hosts over https. Nothing was sent. Only the origin is named.
 */
export class OriginNotAllowedError extends WeChatError {
  override name = 'OriginNotAllowedError';

  constructor(
    readonly endpoint: Endpoint,
    readonly origin: string,
    readonly allowed: string,
  ) {
    super(`${endpoint} not sent to ${origin}: this client only talks to ${allowed}`);
  }
}

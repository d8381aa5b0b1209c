import { WeChatError } from './wechat-error.js';

/**
 * The login poll redirected to a host that is neither a WeChat host nor the configured server. The login stops
 * there so that no credential is ever sent elsewhere. Only the host is named, never the ticket.
 */
export class UnsafeRedirectError extends WeChatError {
  override name = 'UnsafeRedirectError';

  constructor(readonly host: string) {
    super(`login redirected to ${host}, which is not a WeChat host: refusing to send credentials there`);
  }
}

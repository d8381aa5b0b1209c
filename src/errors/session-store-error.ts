import { WeChatError } from './wechat-error.js';

/**
 * A saved session could not be read or written: an unreadable or corrupt file, a file that is not a wechat-rx
 * session, a failed write. The message names the store's `path` (when it has one) and never quotes the content.
 */
export class SessionStoreError extends WeChatError {
  override name = 'SessionStoreError';

  constructor(
    readonly operation: 'load' | 'save' | 'clear' | 'lock' | 'unlock',
    readonly reason: string,
    options: { readonly path?: string; readonly cause?: unknown } = {},
  ) {
    super(`session store ${operation} failed${options.path === undefined ? '' : ` for ${options.path}`}: ${reason}`, {
      cause: options.cause,
    });
    if (options.path !== undefined) this.path = options.path;
  }

  /** The file (or other location) of the session, when the store has one. */
  readonly path?: string;
}

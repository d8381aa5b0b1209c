import { WeChatError } from './wechat-error.js';

/** A saved session could not be read or written (unreadable file, corrupt JSON, wrong shape). */
export class SessionStoreError extends WeChatError {
  override name = 'SessionStoreError';

  constructor(
    readonly operation: 'load' | 'save' | 'clear',
    reason: string,
    cause?: unknown,
  ) {
    super(`session store ${operation} failed: ${reason}`, { cause });
  }
}

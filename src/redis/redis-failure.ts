import { SessionStoreError } from '../errors/session-store-error.js';
import { WeChatError } from '../errors/wechat-error.js';

/**
 * A failed Redis call as a `SessionStoreError` for `key` (errors of wechat-rx pass unchanged). The reason is the error's kind (`ErrorReply WRONGTYPE`,
 * `SocketClosedUnexpectedlyError`), never its text, which might echo a value; the original stays as the cause.
 */
export function redisFailure(operation: SessionStoreError['operation'], key: string, error: unknown): Error {
  // Ours already (a refusal, a lease held elsewhere): typed and free of values.
  if (error instanceof WeChatError) return error;
  if (!(error instanceof Error)) return new SessionStoreError(operation, 'Redis call failed', { path: key, cause: error });
  const code = /^[A-Z]+(?=\s|$)/.exec(error.message)?.[0];
  return new SessionStoreError(operation, `Redis call failed (${error.name}${code === undefined ? '' : ` ${code}`})`, { path: key, cause: error });
}

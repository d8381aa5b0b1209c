import { SessionStoreError } from '../errors/session-store-error.js';

/**
 * Wraps a file-system error as a `SessionStoreError` whose reason is its code and system call (`EACCES in open`).
 * Node's file-system errors name paths, never file content, so the original is kept as the cause.
 */
export function ioFailure(operation: SessionStoreError['operation'], path: string, error: unknown): SessionStoreError {
  if (error instanceof SessionStoreError) return error;
  const { code, syscall } = error as NodeJS.ErrnoException;
  const reason = code === undefined ? 'failed' : `${code}${syscall === undefined ? '' : ` in ${syscall}`}`;
  return new SessionStoreError(operation, reason, { path, cause: error });
}

import { RedisConnectError } from './redis-connect-error.js';

/**
 * The kind of a node-redis connection error: its network code (ECONNREFUSED), else its class (node-redis's errors
 * leave `name` as `Error`). Never the message, which may quote the address or the reply.
 */
export function connectionErrorCode(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.constructor.name : 'error';
}

/**
 * What ended the start, from the error `client.connect()` rejected with when the reconnect strategy gave up (node-redis
 * wraps the strategy's answer as `originalError`): an error reply of Redis, known by its first word, or a network
 * failure.
 */
export function startFailure(error: unknown, place: string, attempts: number, errorReply: abstract new (...args: never[]) => Error): RedisConnectError {
  const cause = (error as { originalError?: unknown } | undefined)?.originalError ?? error;
  if (cause instanceof errorReply) return new RedisConnectError(place, 'refused', /^\S+/.exec(cause.message)?.[0] ?? 'ERR', attempts);
  return new RedisConnectError(place, 'unreachable', connectionErrorCode(cause), attempts);
}

import { guardFor } from '../errors/guard-for.js';
import { WeChatError } from '../errors/wechat-error.js';

/**
 * `connectRedis` gave up: every attempt before the first connection failed. `reason` says how the last one did:
 * `refused` when Redis answered with an error (`code` is the reply's first word, such as WRONGPASS or NOAUTH),
 * `unreachable` when no Redis answered (`code` is the network error's, such as ECONNREFUSED or ENOTFOUND, or
 * node-redis's error class, such as ConnectionTimeoutError). The message names `host:port` or the socket path, never
 * the URL, which may hold a password.
 */
export class RedisConnectError extends WeChatError {
  override name = 'RedisConnectError';

  constructor(
    /** `host:port` or the socket path. */
    readonly place: string,
    readonly reason: 'refused' | 'unreachable',
    readonly code: string,
    /** How many attempts failed. */
    readonly attempts: number,
  ) {
    super(
      `${reason === 'refused' ? `Redis at ${place} refused this client (${code})` : `cannot reach Redis at ${place} (${code})`}` +
        ` after ${attempts} attempt${attempts === 1 ? '' : 's'}`,
    );
  }
}

export const isRedisConnectError = guardFor(RedisConnectError, 'RedisConnectError');

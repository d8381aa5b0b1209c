import type { createClient } from 'redis';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { silentLogger, type Logger } from '../logging/logger.js';
import { requireOptional } from '../util/optional-package.js';

/** A node-redis client as `connectRedis` makes it. */
export type RedisClient = ReturnType<typeof createClient>;

/** Options of `connectRedis`. */
export interface ConnectRedisOptions {
  /** Where connection errors go (node-redis reconnects by itself); by default nowhere. */
  readonly logger?: Logger;
}

const URL_SCHEMES = /^(redis|rediss|unix):\/\//;

/**
 * A connected node-redis client for `url` (`redis://`, `rediss://` or `unix:///path/to.sock`). node-redis is an
 * optional peer dependency, loaded here on first use: a `MissingPackageError` says to `npm install redis` when it
 * is missing. Connection errors are logged by kind (never with the URL, which may hold a password) while node-redis
 * reconnects; commands sent meanwhile wait or fail as node-redis decides.
 */
export async function connectRedis(url: string, options: ConnectRedisOptions = {}): Promise<RedisClient> {
  if (!URL_SCHEMES.test(url)) throw new InvalidArgumentError('connectRedis', 'url', 'must start with redis://, rediss:// or unix://');
  const redis = requireOptional<{ createClient: typeof createClient }>('redis', 'wechat-rx/redis');
  let client: RedisClient;
  try {
    client = redis.createClient({ url });
  } catch {
    // node-redis's URL errors quote the URL, password included.
    throw new InvalidArgumentError('connectRedis', 'url', 'is not a valid Redis URL');
  }
  const logger = options.logger ?? silentLogger;
  client.on('error', (error: unknown) => {
    const code = (error as { code?: unknown }).code;
    logger.warn({ error: error instanceof Error ? error.name : 'error', ...(typeof code === 'string' ? { code } : {}) }, 'redis connection error');
  });
  return client.connect();
}

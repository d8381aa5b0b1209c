import type { createClient, ErrorReply } from 'redis';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { silentLogger, type Logger } from '../logging/logger.js';
import { requireOptional } from '../util/optional-package.js';
import { boundedStart } from './bounded-start.js';
import { redisPlace } from './redis-place.js';

/** A node-redis client as `connectRedis` makes it. */
export type RedisClient = ReturnType<typeof createClient>;

/** Options of `connectRedis`. */
export interface ConnectRedisOptions {
  /** Where connection errors go (node-redis reconnects by itself); by default nowhere. */
  readonly logger?: Logger;
  /**
   * How long one attempt may take to open the connection, in ms, and as long again for Redis to answer its
   * handshake; a handshake without an answer ends the start at once. Default 5000.
   */
  readonly connectTimeoutMs?: number;
  /**
   * After how many failed attempts to connect `connectRedis` gives up and rejects with `RedisConnectError`. Default 4;
   * `Infinity` waits for as long as Redis takes to come up (a service started before its Redis). Once connected, the
   * client reconnects for as long as it is open.
   */
  readonly attemptsAtStart?: number;
}

const URL_SCHEMES = /^(redis|rediss|unix):\/\//;
/** `setTimeout`'s largest delay: a longer one fires at once. */
const MAX_TIMEOUT_MS = 2_147_483_647;

/**
 * A connected node-redis client for `url` (`redis://`, `rediss://` or `unix:///path/to.sock`). node-redis is an
 * optional peer dependency, loaded here on first use: a `MissingPackageError` says to `npm install redis` when it
 * is missing. The start is bounded: after `attemptsAtStart` failed attempts (a Redis that is not running, a wrong
 * host or password) it rejects with `RedisConnectError`, naming `host:port` but never the URL, which may hold a
 * password. Once connected, node-redis reconnects for as long as the client is open, waiting 50 ms, doubling up to
 * 2 s, between attempts; connection errors are logged by kind meanwhile, and commands sent meanwhile wait or fail as
 * node-redis decides.
 */
export async function connectRedis(url: string, options: ConnectRedisOptions = {}): Promise<RedisClient> {
  if (!URL_SCHEMES.test(url)) throw new InvalidArgumentError('connectRedis', 'url', 'must start with redis://, rediss:// or unix://');
  const connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
  if (!Number.isSafeInteger(connectTimeoutMs) || connectTimeoutMs <= 0 || connectTimeoutMs > MAX_TIMEOUT_MS) {
    throw new InvalidArgumentError('connectRedis', 'connectTimeoutMs', `must be an integer from 1 to ${MAX_TIMEOUT_MS}`);
  }
  const attemptsAtStart = options.attemptsAtStart ?? 4;
  if (attemptsAtStart !== Infinity && (!Number.isSafeInteger(attemptsAtStart) || attemptsAtStart <= 0)) {
    throw new InvalidArgumentError('connectRedis', 'attemptsAtStart', 'must be an integer > 0, or Infinity');
  }
  const redis = requireOptional<{ createClient: typeof createClient; ErrorReply: typeof ErrorReply }>('redis', 'wechat-rx/redis');
  const start = boundedStart({ attempts: attemptsAtStart, attemptTimeoutMs: connectTimeoutMs });
  let client: RedisClient;
  try {
    client = redis.createClient({ url, socket: { connectTimeout: connectTimeoutMs, reconnectStrategy: start.reconnectStrategy } });
  } catch {
    // node-redis's URL errors quote the URL, password included.
    throw new InvalidArgumentError('connectRedis', 'url', 'is not a valid Redis URL');
  }
  const logger = options.logger ?? silentLogger;
  client.on('error', (error: unknown) => {
    const code = (error as { code?: unknown }).code;
    logger.warn({ error: error instanceof Error ? error.name : 'error', ...(typeof code === 'string' ? { code } : {}) }, 'redis connection error');
  });
  return start.connect(client, redisPlace(url), redis.ErrorReply);
}

/**
 * The fleet commands' Redis connection. Unlike `connectRedis`, which waits for as long as Redis takes to come up (a
 * right choice for a service), a command gives up after a few attempts at the start: a wrong URL or a Redis that is
 * not running must end it with an explanation, not leave it hanging. Once connected it reconnects for as long as it
 * runs, with node-redis's own back-off, and says so in the log.
 */
import type { createClient, ErrorReply } from 'redis';
import type { RedisClient } from '../redis/connect.js';
import { requireOptional } from '../util/optional-package.js';
import { RedisRefusedError, RedisUnreachableError } from './errors.js';
import { redisPlace } from './fleet-options.js';
import type { Printer } from './terminal.js';

const ATTEMPTS_AT_START = 4;

export async function connectFleetRedis(url: string, print: Printer): Promise<RedisClient> {
  const redis = requireOptional<{ createClient: typeof createClient; ErrorReply: typeof ErrorReply }>('redis', 'wechat-rx fleet');
  let connected = false;
  let lost = false;
  const options: Parameters<typeof createClient>[0] = {
    url,
    socket: {
      connectTimeout: 5_000,
      reconnectStrategy: (retries: number, cause: Error) => (!connected && retries >= ATTEMPTS_AT_START ? cause : Math.min(2 ** retries * 50, 2_000)),
    },
  };
  const client: RedisClient = redis.createClient(options);
  // node-redis emits every failed attempt; a listener must be there, and one warning per outage is enough.
  client.on('error', (error: unknown) => {
    if (!connected || lost) return;
    lost = true;
    print.line('warn', `lost the connection to Redis (${codeOf(error)}); reconnecting`);
  });
  client.on('ready', () => {
    if (lost) print.line('info', 'connected to Redis again');
    lost = false;
  });
  try {
    await client.connect();
  } catch (error) {
    throw startFailure(error, redisPlace(url), redis.ErrorReply);
  }
  connected = true;
  return client;
}

/**
 * What stopped the first connection, from the error the reconnect strategy gave up with: an error reply of Redis
 * (its first word, such as WRONGPASS) or a network failure. node-redis's errors may quote the URL, password
 * included, so only the kind of failure is kept.
 */
function startFailure(error: unknown, place: string, replyError: typeof ErrorReply): Error {
  const cause = (error as { originalError?: unknown }).originalError ?? error;
  if (cause instanceof replyError) return new RedisRefusedError(place, cause.message.split(' ')[0] ?? 'ERR');
  return new RedisUnreachableError(place, codeOf(cause));
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'error';
}

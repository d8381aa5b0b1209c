/**
 * The fleet commands' Redis connection: `connectRedis`, whose bounded start ends a command with an explanation when
 * the URL is wrong or Redis is not running, and one line in the log per outage after it.
 */
import { connectRedis, type RedisClient } from '../redis/connect.js';
import { connectionErrorCode } from '../redis/connection-failure.js';
import { isRedisConnectError } from '../redis/redis-connect-error.js';
import { RedisRefusedError, RedisUnreachableError } from './errors.js';
import type { Printer } from './terminal.js';

export async function connectFleetRedis(url: string, print: Printer): Promise<RedisClient> {
  let client: RedisClient;
  try {
    client = await connectRedis(url);
  } catch (error) {
    if (!isRedisConnectError(error)) throw error;
    throw error.reason === 'refused' ? new RedisRefusedError(error.place, error.code) : new RedisUnreachableError(error.place, error.code);
  }
  reportOutages(client, print);
  return client;
}

/**
 * Says when the connection is lost and when it is back. Attached once connected, so it only hears of outages:
 * node-redis emits an error for every failed attempt, and one warning per outage is enough.
 */
function reportOutages(client: RedisClient, print: Printer): void {
  let lost = false;
  client.on('error', (error: unknown) => {
    if (lost) return;
    lost = true;
    print.line('warn', `lost the connection to Redis (${connectionErrorCode(error)}); reconnecting`);
  });
  client.on('ready', () => {
    if (lost) print.line('info', 'connected to Redis again');
    lost = false;
  });
}

import type { Subscription } from 'rxjs';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { connectRedis, type RedisClient } from '../../../src/redis/connect.js';
import { type RedisInstance, type RedisOptions, startRedis } from '../../support/redis-server.js';

/** A private redis-server for the test file, emptied before each test, and a client of it. */
export function useRedis(options: RedisOptions = {}): { readonly server: RedisInstance; readonly client: RedisClient; connect(): Promise<RedisClient> } {
  let server: RedisInstance | undefined;
  const clients: RedisClient[] = [];
  const connect = async () => {
    const client = await connectRedis(server!.url);
    clients.push(client);
    return client;
  };
  beforeAll(async () => {
    server = await startRedis(options);
    await connect();
  });
  beforeEach(async () => {
    await clients[0]!.flushAll();
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server?.stop();
  });
  return {
    get server() {
      return server!;
    },
    get client() {
      return clients[0]!;
    },
    connect,
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Where a test file keeps the subscriptions its tests open: each is ended after its test. */
export function endedAfterEach(): Subscription[] {
  const subscriptions: Subscription[] = [];
  afterEach(() => {
    for (const subscription of subscriptions.splice(0)) subscription.unsubscribe();
  });
  return subscriptions;
}

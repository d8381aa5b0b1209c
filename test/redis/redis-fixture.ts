import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { connectRedis, type RedisClient } from '../../src/redis/connect.js';
import { SessionKeyring } from '../../src/redis/session-keyring.js';
import { startRedis, type RedisInstance, type RedisOptions } from '../support/redis-server.js';

/** A base64 AES-256 key, new on every call. */
export const newKey = (): string => randomBytes(32).toString('base64');

/** The Redis of the calling test file: started before its tests, stopped after them; `client` is connected to it. */
export interface RedisFixture {
  readonly server: RedisInstance;
  readonly client: RedisClient;
  /** A key name no other test of the file uses. */
  freshKey(prefix?: string): string;
}

/** Starts a redis-server of its own for the calling test file (see test/support/redis-server.ts). */
export function redisForThisFile(options: RedisOptions = {}): RedisFixture {
  let server: RedisInstance | undefined;
  let client: RedisClient | undefined;
  let keys = 0;
  beforeAll(async () => {
    server = await startRedis(options);
    client = await connectRedis(server.url);
  });
  afterAll(async () => {
    await client?.close();
    await server?.stop();
  });
  return {
    get server() {
      if (server === undefined) throw new Error('Redis is not started yet: use the fixture inside tests');
      return server;
    },
    get client() {
      if (client === undefined) throw new Error('Redis is not started yet: use the fixture inside tests');
      return client;
    },
    freshKey: (prefix = 'test') => `${prefix}:${++keys}`,
  };
}

/** One keyring for a test file's stores: a fresh current key. */
export const testKeyring = (): SessionKeyring => new SessionKeyring({ current: newKey() });

import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors/invalid-argument-error.js';
import { silentLogger, type Logger } from '../../src/logging/logger.js';
import { connectRedis } from '../../src/redis/connect.js';
import { isRedisConnectError, RedisConnectError } from '../../src/redis/redis-connect-error.js';
import { redisForThisFile } from './redis-fixture.js';

const redis = redisForThisFile();

/** How `connectRedis` ends: the error it rejected with, or `'connected'`. */
async function outcome(...args: Parameters<typeof connectRedis>): Promise<unknown> {
  return connectRedis(...args).then(
    async (client) => {
      await client.close();
      return 'connected';
    },
    (caught: unknown) => caught,
  );
}

/** A loopback port nothing listens on: bound by the system, then closed. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A logger counting node-redis's connection errors, one per failed attempt. */
function countingErrors(): { logger: Logger; count: () => number } {
  let errors = 0;
  return { logger: { ...silentLogger, warn: () => void errors++ }, count: () => errors };
}

describe('connectRedis', () => {
  it('refuses what is not a Redis URL without quoting it (it may hold a password)', async () => {
    for (const url of ['http://user:Pa55word@example.test', 'redis://user:Pa55word@[::1', 'redis://:Pa55word@host:notaport']) {
      const error = await outcome(url);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(JSON.stringify({ message: (error as Error).message, cause: String((error as Error).cause) })).not.toContain('Pa55word');
    }
  });

  it.each([
    ['connectTimeoutMs', 0],
    ['connectTimeoutMs', -5],
    ['connectTimeoutMs', 1.5],
    ['connectTimeoutMs', 2 ** 31],
    ['attemptsAtStart', 0],
    ['attemptsAtStart', 2.5],
    ['attemptsAtStart', Number.NaN],
  ] as const)('refuses %s %s before it connects', async (option, value) => {
    const error = await outcome(redis.server.url, { [option]: value });
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ operation: 'connectRedis', argument: option });
  });

  it('gives up on a port nothing listens on after attemptsAtStart attempts, naming host:port but not the password', async () => {
    const port = await freePort();
    const errors = countingErrors();
    const started = Date.now();
    const error = await outcome(`redis://user:Secr3t@127.0.0.1:${port}`, { attemptsAtStart: 3, connectTimeoutMs: 1_000, logger: errors.logger });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error).toBeInstanceOf(RedisConnectError);
    expect(isRedisConnectError(error)).toBe(true);
    expect(error).toMatchObject({ name: 'RedisConnectError', reason: 'unreachable', code: 'ECONNREFUSED', place: `127.0.0.1:${port}`, attempts: 3 });
    expect((error as Error).message).toBe(`cannot reach Redis at 127.0.0.1:${port} (ECONNREFUSED) after 3 attempts`);
    expect(errors.count()).toBe(3);
  });

  it('says Redis refused a wrong password with its reply code, never the password', async () => {
    // The test server listens on a unix socket only; Redis 7 opens a TCP port on CONFIG SET.
    const port = await freePort();
    await redis.client.configSet({ bind: '127.0.0.1', port: String(port), requirepass: 'right-password' });
    try {
      const error = await outcome(`redis://:Wr0ngSecret@127.0.0.1:${port}`, { attemptsAtStart: 1 });
      expect(error).toBeInstanceOf(RedisConnectError);
      expect(error).toMatchObject({ reason: 'refused', code: 'WRONGPASS', place: `127.0.0.1:${port}`, attempts: 1 });
      expect((error as Error).message).toBe(`Redis at 127.0.0.1:${port} refused this client (WRONGPASS) after 1 attempt`);
      expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain('Wr0ngSecret');
    } finally {
      await redis.client.configSet({ port: '0', requirepass: '' });
    }
  });

  it('gives up on a Redis that accepts the connection but does not answer within connectTimeoutMs', async () => {
    redis.server.pause();
    try {
      const started = Date.now();
      const error = await outcome(redis.server.url, { attemptsAtStart: 3, connectTimeoutMs: 300 });
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(error).toBeInstanceOf(RedisConnectError);
      expect(error).toMatchObject({ reason: 'unreachable', code: 'ConnectionTimeoutError', place: redis.server.socketPath, attempts: 1 });
    } finally {
      redis.server.resume();
    }
  });

  it('with attemptsAtStart: Infinity, waits for a Redis that comes up late', async () => {
    const errors = countingErrors();
    let connecting: Promise<Awaited<ReturnType<typeof connectRedis>>> | undefined;
    await redis.server.restart('SIGTERM', async () => {
      connecting = connectRedis(redis.server.url, { attemptsAtStart: Infinity, logger: errors.logger });
      // More failed attempts than the default start allows.
      for (const deadline = Date.now() + 10_000; errors.count() < 6; await new Promise((resolve) => setTimeout(resolve, 20))) {
        if (Date.now() > deadline) throw new Error('node-redis made no six attempts to connect within 10 s');
      }
    });
    const client = await connecting!;
    try {
      expect(await client.ping()).toBe('PONG');
    } finally {
      client.destroy();
    }
  });

  it('once connected, reconnects through an outage longer than its start allows', async () => {
    const errors = countingErrors();
    const client = await connectRedis(redis.server.url, { attemptsAtStart: 1, logger: errors.logger });
    try {
      await redis.server.restart('SIGTERM', async () => {
        // Three failed attempts to reconnect, where the start gives up after one.
        for (const deadline = Date.now() + 5_000; errors.count() < 3; await new Promise((resolve) => setTimeout(resolve, 20))) {
          if (Date.now() > deadline) throw new Error('node-redis made no three attempts to reconnect within 5 s');
        }
      });
      expect(await client.ping()).toBe('PONG');
    } finally {
      client.destroy();
    }
  });
});

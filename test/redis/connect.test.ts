import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors/invalid-argument-error.js';
import { connectRedis } from '../../src/redis/connect.js';

describe('connectRedis', () => {
  it('refuses what is not a Redis URL without quoting it (it may hold a password)', async () => {
    for (const url of ['http://user:Pa55word@example.test', 'redis://user:Pa55word@[::1', 'redis://:Pa55word@host:notaport']) {
      const error = await connectRedis(url).then(
        () => 'connected',
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(JSON.stringify({ message: (error as Error).message, cause: String((error as Error).cause) })).not.toContain('Pa55word');
    }
  });
});

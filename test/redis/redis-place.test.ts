import { describe, expect, it } from 'vitest';
import { redisPlace } from '../../src/redis/redis-place.js';

describe('redisPlace', () => {
  it.each([
    ['redis://user:Pa55word@cache.internal:6380/2', 'cache.internal:6380'],
    ['rediss://:Pa55word@cache.internal', 'cache.internal:6379'],
    ['redis://[::1]:7000', '[::1]:7000'],
    ['unix:///run/redis/redis.sock', '/run/redis/redis.sock'],
    ['unix://user:Pa55word@/run/redis/redis.sock?db=3', '/run/redis/redis.sock'],
  ])('%s is %s: no user, password or database', (url, place) => {
    expect(redisPlace(url)).toBe(place);
  });
});

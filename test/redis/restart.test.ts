import { describe, expect, it } from 'vitest';
import { ilinkSessionCodec } from '../../src/ilink/session/saved-session.js';
import { RedisSessionStore } from '../../src/redis/redis-session-store.js';
import { sampleSession } from '../../src/testing/contracts/sample-session.js';
import { webSessionCodec } from '../../src/web/session/saved-session.js';
import { ilinkSampleSession } from '../session/ilink-sample-session.js';
import { redisForThisFile, testKeyring } from './redis-fixture.js';

// With `appendfsync always` Redis writes and fsyncs each write to the file before it answers, so a crash of the server
// (SIGKILL) keeps it too. With the default `everysec` it may hold the write back while a slow fsync runs, and a
// SIGKILL then loses writes it already answered (seen once in CI on a busy disk).
const redis = redisForThisFile({ appendonly: true, appendfsync: 'always' });
const keyring = testKeyring();

describe('RedisSessionStore across a Redis restart (append-only file)', () => {
  it.each(['SIGTERM', 'SIGKILL'] as const)('keeps the saved sessions of both protocols through a %s restart', async (signal) => {
    const web = new RedisSessionStore(redis.client, { key: redis.freshKey('web'), codec: webSessionCodec, keyring });
    const ilink = new RedisSessionStore(redis.client, { key: redis.freshKey('ilink'), codec: ilinkSessionCodec, keyring });
    await web.save(sampleSession(1));
    await ilink.save(ilinkSampleSession(1));
    await web.save(sampleSession(2));
    await redis.server.restart(signal);
    expect(await web.load()).toEqual(sampleSession(2));
    expect(await ilink.load()).toEqual(ilinkSampleSession(1));
  });
});

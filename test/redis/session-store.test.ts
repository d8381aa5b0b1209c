import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionLockedError } from '../../src/errors/session-locked-error.js';
import { SessionStoreError } from '../../src/errors/session-store-error.js';
import { ilinkSessionCodec } from '../../src/ilink/session/saved-session.js';
import { RedisSessionStore } from '../../src/redis/redis-session-store.js';
import { SessionKeyring } from '../../src/redis/session-keyring.js';
import { describeSessionStoreContract } from '../../src/testing/index.js';
import { sampleSession as contractSample } from '../../src/testing/contracts/sample-session.js';
import { webSessionCodec } from '../../src/web/session/saved-session.js';
import { ilinkSampleSession } from '../session/ilink-sample-session.js';
import { FAKE_SECRETS, sampleSession } from '../session/sample-session.js';
import { newKey, redisForThisFile, testKeyring } from './redis-fixture.js';

const redis = redisForThisFile();
const keyring = testKeyring();
const runner = { describe, it, beforeEach, afterEach };

const webStore = (key = redis.freshKey('web')) => new RedisSessionStore(redis.client, { key, codec: webSessionCodec, keyring });
const ilinkStore = (key = redis.freshKey('ilink')) => new RedisSessionStore(redis.client, { key, codec: ilinkSessionCodec, keyring });

describeSessionStoreContract('RedisSessionStore (Web sessions)', () => webStore(), runner, {
  reopen: (store) => webStore(store.key),
});
describeSessionStoreContract('RedisSessionStore (iLink sessions)', () => ilinkStore(), runner, {
  sample: ilinkSampleSession,
  reopen: (store) => ilinkStore(store.key),
});

describe('RedisSessionStore: the record', () => {
  it('is a hash whose only readable fields are the markers and the key id', async () => {
    const store = webStore();
    await store.save(sampleSession(50, 50));
    const fields = await redis.client.hGetAll(store.key);
    expect(Object.keys(fields).sort()).toEqual(['data', 'format', 'kid', 'protocol', 'v']);
    expect(fields).toMatchObject({ format: 'wechat-rx/session', v: '1', protocol: 'web', kid: keyring.currentKeyId });
    expect(await store.load()).toEqual(sampleSession(50, 50));
  });

  it('holds no credential, cookie or user name in the clear', async () => {
    const store = webStore();
    await store.save(sampleSession(50, 50));
    const raw = JSON.stringify(await redis.client.hGetAll(store.key));
    const secrets = [FAKE_SECRETS.skey, FAKE_SECRETS.sid, FAKE_SECRETS.passTicket, FAKE_SECRETS.deviceId, String(FAKE_SECRETS.uin), 'DataTicketSecret', 'wxsid', '@self'];
    expect(secrets.filter((secret) => raw.includes(secret))).toEqual([]);
  });

  it('seals each save afresh: saving the same session twice stores different bytes', async () => {
    const store = webStore();
    await store.save(contractSample(1));
    const first = await redis.client.hGet(store.key, 'data');
    await store.save(contractSample(1));
    expect(await redis.client.hGet(store.key, 'data')).not.toBe(first);
  });
});

describe('RedisSessionStore: refusals', () => {
  const failure = (promise: Promise<unknown>) => promise.then(() => 'no error', (error: unknown) => error);

  it('a changed byte of the ciphertext fails to load with a SessionStoreError saying so', async () => {
    const store = webStore();
    await store.save(contractSample(1));
    const data = Buffer.from((await redis.client.hGet(store.key, 'data')) ?? '', 'base64');
    data[data.length - 1] = (data[data.length - 1] ?? 0) ^ 1;
    await redis.client.hSet(store.key, 'data', data.toString('base64'));
    const error = await failure(store.load());
    expect(error).toBeInstanceOf(SessionStoreError);
    expect(error).toMatchObject({ operation: 'load', path: store.key, reason: expect.stringMatching(/fails authentication/) });
  });

  it('a record copied to another key fails to load: the key name is bound into the ciphertext', async () => {
    const store = webStore();
    await store.save(contractSample(1));
    const other = webStore();
    await redis.client.hSet(other.key, await redis.client.hGetAll(store.key));
    await expect(other.load()).rejects.toMatchObject({ name: 'SessionStoreError', reason: expect.stringMatching(/fails authentication/) });
  });

  it('a keyring without the record’s key fails to load it, naming the key id only', async () => {
    const store = webStore();
    await store.save(contractSample(1));
    const stranger = new RedisSessionStore(redis.client, { key: store.key, codec: webSessionCodec, keyring: testKeyring() });
    const error = await failure(stranger.load());
    expect(error).toBeInstanceOf(SessionStoreError);
    expect((error as Error).message).toContain(`encrypted with key ${keyring.currentKeyId}, which the keyring does not have`);
  });

  it('a Web store refuses an iLink record, and the other way round, leaving it as it was', async () => {
    const key = redis.freshKey();
    await ilinkStore(key).save(ilinkSampleSession(1));
    await expect(webStore(key).load()).rejects.toMatchObject({ reason: expect.stringMatching(/holds an iLink session \(this store is for a Web WeChat session\)/) });
    await expect(webStore(key).save(contractSample(1))).rejects.toMatchObject({ operation: 'save', reason: expect.stringMatching(/will not replace an iLink session/) });
    await expect(webStore(key).clear()).rejects.toMatchObject({ operation: 'clear', reason: expect.stringMatching(/will not delete an iLink session/) });
    expect(await ilinkStore(key).load()).toEqual(ilinkSampleSession(1));
  });

  it('never replaces or deletes a key it did not write', async () => {
    const plain = redis.freshKey();
    await redis.client.set(plain, 'someone else’s value');
    await expect(webStore(plain).save(contractSample(1))).rejects.toMatchObject({ reason: expect.stringMatching(/not a wechat-rx session \(a Redis string\)/) });
    await expect(webStore(plain).clear()).rejects.toBeInstanceOf(SessionStoreError);
    await expect(webStore(plain).load()).rejects.toMatchObject({ name: 'SessionStoreError', reason: expect.stringMatching(/WRONGTYPE/) });
    expect(await redis.client.get(plain)).toBe('someone else’s value');
    const hash = redis.freshKey();
    await redis.client.hSet(hash, { owner: 'another program' });
    await expect(webStore(hash).save(contractSample(1))).rejects.toMatchObject({ reason: expect.stringMatching(/a Redis hash/) });
    await expect(webStore(hash).load()).rejects.toMatchObject({ reason: 'the key does not hold a wechat-rx session record' });
    expect(await redis.client.hGetAll(hash)).toEqual({ owner: 'another program' });
  });

  it('a session that cannot be JSON is refused by its kind, never its values', async () => {
    const session = { ...contractSample(1), savedAt: 10n } as unknown as ReturnType<typeof contractSample>;
    await expect(webStore().save(session)).rejects.toMatchObject({ name: 'SessionStoreError', reason: 'the session cannot be written as JSON (TypeError)' });
  });

  it('a damaged session names its fields, not their values', async () => {
    const store = webStore();
    await store.save({ ...contractSample(1), credentials: { ...contractSample(1).credentials, skey: 7 } } as unknown as ReturnType<typeof contractSample>);
    const error = await failure(store.load());
    expect(error).toMatchObject({ name: 'SessionStoreError', reason: expect.stringMatching(/credentials\.skey/) });
    expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain('sid-1');
  });

  it('writes of a store are refused while another store holds the lease', async () => {
    const holder = webStore();
    const lock = await holder.lock();
    try {
      const error = await failure(webStore(holder.key).save(contractSample(2)));
      expect(error).toBeInstanceOf(SessionLockedError);
      expect(error).toMatchObject({ path: holder.key, holder: { pid: process.pid } });
      await holder.save(contractSample(3));
      expect(await webStore(holder.key).load()).toEqual(contractSample(3));
    } finally {
      await lock.release();
    }
  });
});

describe('RedisSessionStore: key rotation', () => {
  it('reads records of a previous key, saves with the current one, and rotate() re-seals an idle record', async () => {
    const key = redis.freshKey();
    const oldKey = newKey();
    const oldRing = new SessionKeyring({ current: oldKey });
    await new RedisSessionStore(redis.client, { key, codec: webSessionCodec, keyring: oldRing }).save(contractSample(1));
    const rotated = new RedisSessionStore(redis.client, { key, codec: webSessionCodec, keyring: new SessionKeyring({ current: newKey(), previous: [oldKey] }) });
    expect(await rotated.load()).toEqual(contractSample(1));
    expect(await redis.client.hGet(key, 'kid')).toBe(oldRing.currentKeyId);
    expect(await rotated.rotate()).toBe(true);
    expect(await redis.client.hGet(key, 'kid')).not.toBe(oldRing.currentKeyId);
    expect(await rotated.rotate()).toBe(false);
    expect(await rotated.load()).toEqual(contractSample(1));
    await expect(new RedisSessionStore(redis.client, { key, codec: webSessionCodec, keyring: oldRing }).load()).rejects.toBeInstanceOf(SessionStoreError);
  });

  it('rotate() of an empty key does nothing; a save after rotation wins', async () => {
    const store = webStore();
    expect(await store.rotate()).toBe(false);
    await store.save(contractSample(4));
    expect(await store.rotate()).toBe(false);
    expect(await store.load()).toEqual(contractSample(4));
  });
});

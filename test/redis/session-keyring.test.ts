import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors/invalid-argument-error.js';
import { SessionKeyring } from '../../src/redis/session-keyring.js';
import { newKey } from './redis-fixture.js';

const thrown = (run: () => unknown) => {
  try {
    run();
    return 'no error';
  } catch (error) {
    return error;
  }
};

describe('SessionKeyring', () => {
  it('opens what it sealed, with the same context only', () => {
    const keyring = new SessionKeyring({ current: newKey() });
    const sealed = keyring.seal('{"skey":"secret"}', 'context-a');
    expect(sealed.keyId).toBe(keyring.currentKeyId);
    expect(Buffer.from(sealed.data, 'base64').toString('latin1')).not.toContain('secret');
    expect(keyring.open(sealed, 'context-a')).toEqual({ plaintext: '{"skey":"secret"}' });
    expect(keyring.open(sealed, 'context-b')).toEqual({ failure: 'tampered' });
    expect(keyring.open({ ...sealed, data: sealed.data.slice(0, 8) }, 'context-a')).toEqual({ failure: 'tampered' });
  });

  it('names each key by an id derived from it, and opens records of previous keys only when listed', () => {
    const oldKey = newKey();
    const old = new SessionKeyring({ current: oldKey });
    const sealed = old.seal('text', 'ctx');
    expect(new SessionKeyring({ current: oldKey }).currentKeyId).toBe(old.currentKeyId);
    const rotated = new SessionKeyring({ current: newKey(), previous: [Buffer.from(oldKey, 'base64')] });
    expect(rotated.keyIds).toEqual([rotated.currentKeyId, old.currentKeyId]);
    expect(rotated.open(sealed, 'ctx')).toEqual({ plaintext: 'text' });
    expect(rotated.seal('text', 'ctx').keyId).toBe(rotated.currentKeyId);
    expect(new SessionKeyring({ current: newKey() }).open(sealed, 'ctx')).toEqual({ failure: 'unknown-key' });
  });

  it('refuses keys that are not 32 bytes, never quoting them', () => {
    for (const current of ['c2hvcnQ=', `${newKey()}!`, 'not base64 at all', randomBytes(16)]) {
      const error = thrown(() => new SessionKeyring({ current }));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error).toMatchObject({ argument: 'current', reason: expect.stringMatching(/must be 32 bytes/) });
      if (typeof current === 'string') expect((error as Error).message).not.toContain(current);
    }
    expect(thrown(() => new SessionKeyring({ current: newKey(), previous: [newKey(), 'short'] }))).toMatchObject({ argument: 'previous[1]' });
  });

  it('shows no key when printed or serialised', () => {
    const key = newKey();
    const keyring = new SessionKeyring({ current: key });
    const hex = Buffer.from(key, 'base64').toString('hex');
    for (const text of [inspect(keyring, { depth: 5, showHidden: true }), JSON.stringify(keyring)]) {
      expect(text).not.toContain(key);
      expect(text).not.toContain(hex.slice(0, 16));
    }
  });
});

describe('SessionKeyring.fromEnv', () => {
  it('takes WECHAT_RX_SESSION_KEY and the previous keys separated by commas or spaces', () => {
    const [current, a, b] = [newKey(), newKey(), newKey()];
    const keyring = SessionKeyring.fromEnv({ WECHAT_RX_SESSION_KEY: current, WECHAT_RX_SESSION_PREVIOUS_KEYS: ` ${a}, ${b} ` });
    const expected = [current, a, b].map((key) => new SessionKeyring({ current: key }).currentKeyId);
    expect(keyring.keyIds).toEqual(expected);
  });

  it('says which variable is missing or wrong, never its value', () => {
    expect(thrown(() => SessionKeyring.fromEnv({}))).toMatchObject({ name: 'InvalidArgumentError', argument: 'WECHAT_RX_SESSION_KEY', reason: expect.stringMatching(/is not set/) });
    const bad = thrown(() => SessionKeyring.fromEnv({ WECHAT_RX_SESSION_KEY: 'dG9vIHNob3J0' }));
    expect(bad).toMatchObject({ argument: 'WECHAT_RX_SESSION_KEY', reason: expect.stringMatching(/must be 32 bytes/) });
    expect((bad as Error).message).not.toContain('dG9vIHNob3J0');
    const badOld = thrown(() => SessionKeyring.fromEnv({ WECHAT_RX_SESSION_KEY: newKey(), WECHAT_RX_SESSION_PREVIOUS_KEYS: `${newKey()},dG9vIHNob3J0` }));
    expect(badOld).toMatchObject({ argument: 'WECHAT_RX_SESSION_PREVIOUS_KEYS (entry [1])' });
  });
});

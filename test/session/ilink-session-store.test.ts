import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionStoreError } from '../../src/errors/session-store-error.js';
import { ilinkFileStore, ilinkMemoryStore } from '../../src/ilink/session/stores.js';
import type { SessionStore } from '../../src/session/session-store.js';
import { describeSessionStoreContract } from '../../src/testing/index.js';
import { FileSessionStore } from '../../src/web/session/file-session-store.js';
import { FAKE_BOT_TOKEN, ilinkSampleSession } from './ilink-sample-session.js';
import { freshFolderEachTest, sampleSession } from './sample-session.js';

let folder = '';
let file = '';
freshFolderEachTest((path) => {
  folder = path;
  file = join(path, 'session.json');
});

const runner = { describe, it, beforeEach, afterEach };
const webSession = () => sampleSession(2, 2);
const modeOf = (path: string) => statSync(path).mode & 0o777;

describeSessionStoreContract('ilinkMemoryStore', () => ilinkMemoryStore(), runner, { sample: ilinkSampleSession });
describeSessionStoreContract('ilinkFileStore', () => ilinkFileStore(file), runner, {
  sample: ilinkSampleSession,
  reopen: () => ilinkFileStore(file),
});

describe('ilinkMemoryStore', () => {
  it('loads a copy of the session it starts with', async () => {
    const initial = ilinkSampleSession(4);
    const store = ilinkMemoryStore(initial);
    initial.cursor = 'changed';
    expect(await store.load()).toEqual(ilinkSampleSession(4));
  });
});

describe('ilinkFileStore: the file', () => {
  it('starts with the format and protocol markers, is mode 0600 and loads back', async () => {
    writeFileSync(file, JSON.stringify(ilinkSampleSession(1)), { mode: 0o644 });
    await ilinkFileStore(file).save(ilinkSampleSession(2));
    expect(readFileSync(file, 'utf8')).toMatch(/^\{"format":"wechat-rx\/session","protocol":"ilink",/);
    expect(modeOf(file)).toBe(0o600);
    expect(readdirSync(folder)).toEqual(['session.json']);
    expect(await ilinkFileStore(file).load()).toEqual(ilinkSampleSession(2));
  });

  it('loads an iLink file without the format marker, and refuses one without the protocol as a Web session', async () => {
    const { format: _format, ...unmarked } = ilinkSampleSession(3);
    writeFileSync(file, JSON.stringify(unmarked));
    expect(await ilinkFileStore(file).load()).toEqual(unmarked);
    const { protocol: _protocol, ...noProtocol } = ilinkSampleSession(3);
    writeFileSync(file, JSON.stringify(noProtocol));
    await expect(ilinkFileStore(file).load()).rejects.toMatchObject({ reason: expect.stringMatching(/holds a Web WeChat session/) });
  });

  it('names the fields of a damaged session, never their values', async () => {
    const damaged = { ...ilinkSampleSession(1), bot: { ...ilinkSampleSession(1).bot, botId: 7 }, contextTokens: { peer: { token: 5, at: FAKE_BOT_TOKEN } } };
    writeFileSync(file, JSON.stringify(damaged));
    const error = await ilinkFileStore(file).load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionStoreError);
    expect((error as SessionStoreError).reason).toBe('not a wechat-rx session: fields missing or of the wrong type: bot.botId, contextTokens.*.token, contextTokens.*.at');
    expect(JSON.stringify(error) + (error as Error).message).not.toContain('Secret');
  });
});

describe('a store refuses the session file of another protocol, and leaves it as it is', () => {
  const cases: Array<{ store: string; open: (path: string) => SessionStore<unknown>; foreign: string; content: () => string; sample: () => unknown }> = [
    {
      store: 'a Web store',
      open: (path: string) => new FileSessionStore(path),
      foreign: 'an iLink session',
      content: () => JSON.stringify(ilinkSampleSession(1)),
      sample: webSession,
    },
    {
      store: 'an iLink store',
      open: (path: string) => ilinkFileStore(path),
      foreign: 'a Web WeChat session',
      content: () => JSON.stringify({ format: 'wechat-rx/session', ...webSession() }),
      sample: () => ilinkSampleSession(1),
    },
    {
      store: 'an iLink store (an unmarked Web file)',
      open: (path: string) => ilinkFileStore(path),
      foreign: 'a Web WeChat session',
      content: () => JSON.stringify(webSession()),
      sample: () => ilinkSampleSession(1),
    },
  ];

  it.each(cases)('$store: load says which protocol the file holds', async ({ open, foreign, content }) => {
    writeFileSync(file, content());
    const error = await open(file).load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionStoreError);
    expect(error).toMatchObject({ operation: 'load', path: file });
    expect((error as SessionStoreError).reason).toMatch(new RegExp(`^the file holds ${foreign}, not `));
  });

  it.each(cases)('$store: save and clear refuse it byte for byte', async ({ open, foreign, content, sample }) => {
    writeFileSync(file, content(), { mode: 0o644 });
    const store = open(file);
    const saved = await store.save(sample()).catch((e: unknown) => e);
    expect(saved).toMatchObject({ name: 'SessionStoreError', operation: 'save', path: file, reason: expect.stringContaining(`will not replace a file that holds ${foreign}`) });
    await expect(store.clear()).rejects.toMatchObject({ operation: 'clear', reason: expect.stringContaining(`will not delete a file that holds ${foreign}`) });
    expect(readFileSync(file, 'utf8')).toBe(content());
    expect(modeOf(file)).toBe(0o644);
  });
});

describe('Web session files and the protocol marker', () => {
  it('a Web save writes no protocol, so older versions still read the file', async () => {
    await new FileSessionStore(file).save(webSession());
    expect(JSON.parse(readFileSync(file, 'utf8'))).not.toHaveProperty('protocol');
  });

  it('a Web file that names its protocol loads as one', async () => {
    writeFileSync(file, JSON.stringify({ format: 'wechat-rx/session', protocol: 'web', ...webSession() }));
    expect(await new FileSessionStore(file).load()).toEqual({ format: 'wechat-rx/session', protocol: 'web', ...webSession() });
  });

  it('a protocol wechat-rx does not know is refused without being quoted', async () => {
    writeFileSync(file, JSON.stringify({ format: 'wechat-rx/session', protocol: 'pager-Secret', ...webSession() }));
    const error = await new FileSessionStore(file).load().catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'not a wechat-rx session: its protocol is not one wechat-rx knows' });
    expect((error as Error).message).not.toContain('Secret');
  });
});

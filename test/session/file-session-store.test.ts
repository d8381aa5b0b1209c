import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SessionStoreError } from '../../src/errors/session-store-error.js';
import { FileSessionStore } from '../../src/web/session/file-session-store.js';
import { startChild } from './child-process.js';
import { deadPid, freshFolderEachTest, sampleSession } from './sample-session.js';

let folder: { path: string };
let file: string;
freshFolderEachTest((path) => {
  folder = { path };
  file = join(path, 'session.json');
});

const small = () => sampleSession(3, 3);
const modeOf = (path: string) => statSync(path).mode & 0o777;
const namesIn = (path: string) => readdirSync(path).sort();


describe('FileSessionStore: format', () => {
  it('saves JSON that starts with the wechat-rx marker and loads it back', async () => {
    const store = new FileSessionStore(file);
    await store.save(small());
    expect(readFileSync(file, 'utf8')).toMatch(/^\{"format":"wechat-rx\/session",/);
    expect(await new FileSessionStore(file).load()).toEqual({ format: 'wechat-rx/session', ...small() });
  });

  it('loads a file written before the marker existed and saves over it with the marker', async () => {
    writeFileSync(file, JSON.stringify(small()), { mode: 0o600 });
    const store = new FileSessionStore(file);
    expect(await store.load()).toEqual(small());
    await new FileSessionStore(file).save({ ...small(), savedAt: 5 });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ format: 'wechat-rx/session', savedAt: 5 });
  });

  it('resolves undefined when there is no file', async () => {
    expect(await new FileSessionStore(file).load()).toBeUndefined();
  });
});

describe('FileSessionStore: never destroys a file it did not write', () => {
  const others: Array<[string, string]> = [
    ['another program’s JSON', '{"name":"my-bot","version":"1.0.0"}\n'],
    ['a text file', 'remember: buy milk\n'],
    ['JSON of another format', JSON.stringify({ format: 'someone-else/session', ...sampleSession(1, 1) })],
    ['a truncated wechat-rx session', JSON.stringify({ format: 'wechat-rx/session', ...sampleSession(1, 1) }).slice(0, 120)],
    ['a wechat-rx marker on the wrong shape', '{"format":"wechat-rx/session","version":2}'],
  ];

  it.each(others)('save refuses to replace %s and leaves it byte for byte', async (_, content) => {
    writeFileSync(file, content, { mode: 0o644 });
    const error = await new FileSessionStore(file).save(small()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionStoreError);
    expect(error).toMatchObject({ operation: 'save', path: file });
    expect((error as Error).message).toContain(file);
    expect((error as SessionStoreError).reason).toMatch(/not a wechat-rx session/);
    expect(readFileSync(file, 'utf8')).toBe(content);
    expect(modeOf(file)).toBe(0o644);
    expect(namesIn(folder.path)).toEqual(['session.json']);
  });

  it.each(others)('clear refuses to delete %s', async (_, content) => {
    writeFileSync(file, content);
    await expect(new FileSessionStore(file).clear()).rejects.toMatchObject({ name: 'SessionStoreError', operation: 'clear', path: file });
    expect(readFileSync(file, 'utf8')).toBe(content);
  });

  it('refuses a folder and a symbolic link at the path, leaving both as they are', async () => {
    mkdirSync(file);
    writeFileSync(join(file, 'inside.txt'), 'kept');
    await expect(new FileSessionStore(file).save(small())).rejects.toMatchObject({ reason: expect.stringMatching(/folder/) });
    await expect(new FileSessionStore(file).clear()).rejects.toMatchObject({ reason: expect.stringMatching(/folder/) });
    expect(readFileSync(join(file, 'inside.txt'), 'utf8')).toBe('kept');

    const real = join(folder.path, 'real.json');
    const link = join(folder.path, 'link.json');
    await new FileSessionStore(real).save(small());
    symlinkSync(real, link);
    await expect(new FileSessionStore(link).save(small())).rejects.toMatchObject({ reason: expect.stringMatching(/symbolic link/) });
    await expect(new FileSessionStore(link).load()).rejects.toMatchObject({ reason: expect.stringMatching(/symbolic link/) });
    expect(statSync(link).isFile()).toBe(true);
  });

  it('notices a file replaced by someone else after its own save', async () => {
    const store = new FileSessionStore(file);
    await store.save(small());
    writeFileSync(file, '{"mine":"not yours"}');
    await expect(store.save(small())).rejects.toMatchObject({ operation: 'save' });
    await expect(store.clear()).rejects.toMatchObject({ operation: 'clear' });
    expect(readFileSync(file, 'utf8')).toBe('{"mine":"not yours"}');
  });

  it('clear deletes its own session, and a missing file is fine', async () => {
    const store = new FileSessionStore(file);
    await store.save(small());
    await store.clear();
    expect(existsSync(file)).toBe(false);
    await store.clear();
    writeFileSync(file, JSON.stringify(small()));
    await new FileSessionStore(file).clear();
    expect(existsSync(file)).toBe(false);
  });
});

describe('FileSessionStore: modes', () => {
  it('writes mode 0600, also over a file that had a wider mode', async () => {
    const store = new FileSessionStore(file);
    await store.save(small());
    expect(modeOf(file)).toBe(0o600);
    chmodSync(file, 0o644);
    await store.save(small());
    expect(modeOf(file)).toBe(0o600);
  });

  it('creates missing folders with mode 0700 and leaves existing ones alone', async () => {
    chmodSync(folder.path, 0o755);
    const nested = join(folder.path, 'a', 'b', 'session.json');
    await new FileSessionStore(nested).save(small());
    expect(modeOf(join(folder.path, 'a'))).toBe(0o700);
    expect(modeOf(join(folder.path, 'a', 'b'))).toBe(0o700);
    expect(modeOf(folder.path)).toBe(0o755);
  });
});

describe('FileSessionStore: temp files', () => {
  it('leaves no temp file after saves', async () => {
    const store = new FileSessionStore(file);
    await Promise.all([store.save(small()), store.save(small()), store.save(small())]);
    expect(namesIn(folder.path)).toEqual(['session.json']);
  });

  it('a write that fails (file size limit) removes its temp file and keeps the old session', async () => {
    const old = JSON.stringify({ format: 'wechat-rx/session', ...small() });
    writeFileSync(file, old, { mode: 0o600 });
    const child = startChild('save-limited', file, 128);
    const outcome: unknown = JSON.parse(await child.nextLine());
    await child.kill();
    expect(outcome).toEqual({ name: 'SessionStoreError', reason: 'EFBIG in write', path: file });
    expect(readFileSync(file, 'utf8')).toBe(old);
    expect(namesIn(folder.path)).toEqual(['session.json']);
  });

  it('a session that cannot be written as JSON fails before any file is touched', async () => {
    const store = new FileSessionStore(file);
    await store.save(small());
    const before = readFileSync(file, 'utf8');
    const broken = { ...small(), cookies: { size: 10n } };
    await expect(store.save(broken)).rejects.toMatchObject({ name: 'SessionStoreError', reason: expect.stringMatching(/JSON \(TypeError\)/) });
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(namesIn(folder.path)).toEqual(['session.json']);
    await store.save({ ...small(), savedAt: 9 }); // the queue goes on after a failure
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ savedAt: 9 });
  });

  it('a folder that cannot be created (a file is in the way) is a SessionStoreError, and nothing is left', async () => {
    writeFileSync(join(folder.path, 'blocker'), 'x');
    const store = new FileSessionStore(join(folder.path, 'blocker', 'session.json'));
    await expect(store.save(small())).rejects.toMatchObject({ name: 'SessionStoreError', reason: expect.stringMatching(/^ENOTDIR/) });
    expect(namesIn(folder.path)).toEqual(['blocker']);
  });

  it.each(['load', 'lock'] as const)('%s removes temp files of dead writers and old ones, and nothing else', async (operation) => {
    const dead = deadPid();
    const hourAgo = new Date(Date.now() - 3_600_000);
    const files = {
      deadWriter: `session.json.${dead}.deadbeef.tmp`,
      deadLocker: `session.json.lock.${dead}.0badf00d.tmp`,
      oldLiveWriter: `session.json.${process.pid}.00c0ffee.tmp`,
      liveWriter: `session.json.${process.pid}.12345678.tmp`,
      otherSession: `other.json.${dead}.deadbeef.tmp`,
      backup: 'session.json.bak',
      notOurPattern: `session.json.${dead}.tmp`,
    };
    for (const name of Object.values(files)) writeFileSync(join(folder.path, name), 'x');
    utimesSync(join(folder.path, files.oldLiveWriter), hourAgo, hourAgo);
    const store = new FileSessionStore(file);
    if (operation === 'load') await store.load();
    else await (await store.lock()).release();
    expect(namesIn(folder.path)).toEqual([files.otherSession, files.backup, files.notOurPattern, files.liveWriter].sort());
  });
});

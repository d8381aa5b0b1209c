import { inspect } from 'node:util';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { SessionLockedError } from '../../src/errors/session-locked-error.js';
import { MemorySessionStore } from '../../src/web/session/memory-session-store.js';
import { sampleSession } from './sample-session.js';

describe('MemorySessionStore', () => {
  it('keeps a deep copy of what was saved', async () => {
    const store = new MemorySessionStore();
    const session = sampleSession(2, 2);
    await store.save(session);
    session.recentMessageIds.push('later');
    expect((await store.load())?.recentMessageIds).toHaveLength(2);
    await store.clear();
    expect(await store.load()).toBeUndefined();
  });

  it('shows nothing of the saved session when inspected or serialized', async () => {
    const store = new MemorySessionStore();
    const session = sampleSession(2, 2);
    await store.save(session);
    for (const shown of [inspect(store, { depth: 10 }), JSON.stringify(store)]) {
      expect(shown).not.toContain(session.credentials.skey);
      expect(shown).not.toContain(session.credentials.passTicket);
    }
  });

  it('a second lock before release names this process as the holder', async () => {
    const store = new MemorySessionStore();
    const before = Date.now();
    await store.lock();
    const error = await store.lock().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionLockedError);
    expect((error as SessionLockedError).holder).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect((error as SessionLockedError).holder.since).toBeGreaterThanOrEqual(before);
  });

  it('release frees the lock once; a stale release does not free a later holder', async () => {
    const store = new MemorySessionStore();
    const first = await store.lock();
    await first.release();
    await first.release();
    await store.lock();
    await first.release();
    await expect(store.lock()).rejects.toBeInstanceOf(SessionLockedError);
  });
});

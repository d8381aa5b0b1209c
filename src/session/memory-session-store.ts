import { hostname } from 'node:os';
import { SessionLockedError } from '../errors/session-locked-error.js';
import { copySession } from './session-copy.js';
import type { SessionLock, SessionStore } from './session-store.js';

/**
 * Keeps a session in memory: a deep copy, so later changes to the client's state do not leak in (lists the client
 * hands over for one save are kept as they are, see `handOver`). `lock()` makes it single-owner like the file store:
 * a second `lock()` before `release()` rejects with `SessionLockedError` naming this process.
 */
export class MemorySessionStore<S> implements SessionStore<S> {
  // `#` fields: `util.inspect` and `JSON.stringify` of the store must not show the session's credentials.
  #saved: S | undefined;
  #held: { readonly since: number } | undefined;

  constructor(initial?: S) {
    this.#saved = initial === undefined ? undefined : structuredClone(initial);
  }

  load(): Promise<S | undefined> {
    return Promise.resolve(this.#saved === undefined ? undefined : structuredClone(this.#saved));
  }

  save(session: S): Promise<void> {
    this.#saved = copySession(session);
    return Promise.resolve();
  }

  clear(): Promise<void> {
    this.#saved = undefined;
    return Promise.resolve();
  }

  lock(): Promise<SessionLock> {
    if (this.#held !== undefined) {
      return Promise.reject(new SessionLockedError({ pid: process.pid, hostname: hostname(), since: this.#held.since }));
    }
    const held = { since: Date.now() };
    this.#held = held;
    return Promise.resolve({
      release: () => {
        // Only this holding: a release after someone else took the lock again must not free theirs.
        if (this.#held === held) this.#held = undefined;
        return Promise.resolve();
      },
    });
  }
}

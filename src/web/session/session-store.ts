import type { SavedSession } from './saved-session.js';

/** A held session: `release` gives it back (safe to call more than once). */
export interface SessionLock {
  release(): Promise<void>;
}

/**
 * Where a client keeps its session between runs. `save` is called after login, after every applied webwxsync batch
 * (one save at a time, coalesced) and once more when the client stops; `clear` after logout or a final session end.
 * `load` resolves `undefined` when there is no session (a QR login follows) and rejects with a `SessionStoreError`
 * when there is one that cannot be read.
 *
 * `lock`, when a store has it, makes the session single-owner: the client takes it before loading and releases it
 * when it stops; a second taker gets a `SessionLockedError` naming the holder.
 */
export interface SessionStore {
  load(): Promise<SavedSession | undefined>;
  save(session: SavedSession): Promise<void>;
  clear(): Promise<void>;
  lock?(): Promise<SessionLock>;
}

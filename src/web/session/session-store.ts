import type { SessionLock, SessionStore as ProtocolSessionStore } from '../../session/session-store.js';
import type { SavedSession } from './saved-session.js';

export type { SessionLock };

/**
 * Where a client keeps its session between runs: the Web `SavedSession` unless `S` names another protocol's session.
 * A store of your own implements these four methods (`lock` optionally).
 */
export interface SessionStore<S = SavedSession> extends ProtocolSessionStore<S> {
  /**
   * The saved session, or `undefined` when there is none (a QR login follows); rejects with a `SessionStoreError`
   * when there is one that cannot be read.
   */
  load(): Promise<S | undefined>;
  /**
   * Keeps `session`. The Web client calls it after login, after every applied webwxsync batch (one save at a time,
   * coalesced) and once more when it stops.
   */
  save(session: S): Promise<void>;
  /** Forgets the session: the client calls it after logout or a final session end. */
  clear(): Promise<void>;
  /**
   * Makes the session single-owner, when a store has it: the client takes it before loading and releases it when it
   * stops; a second taker gets a `SessionLockedError` naming the holder.
   */
  lock?(): Promise<SessionLock>;
}

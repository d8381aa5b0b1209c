/** A held session: `release` gives it back (safe to call more than once). */
export interface SessionLock {
  release(): Promise<void>;
}

/**
 * Where a client keeps its session of type `S` between runs, whatever its protocol. The client saves after login
 * and as its state moves on, and clears after logout or a final session end. `load` resolves `undefined` when there
 * is no session (a login follows) and rejects with a `SessionStoreError` when there is one that cannot be read.
 *
 * `lock`, when a store has it, makes the session single-owner: the client takes it before loading and releases it
 * when it stops; a second taker gets a `SessionLockedError` naming the holder.
 */
export interface SessionStore<S> {
  load(): Promise<S | undefined>;
  save(session: S): Promise<void>;
  clear(): Promise<void>;
  lock?(): Promise<SessionLock>;
}

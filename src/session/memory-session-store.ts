import type { SavedSession } from './saved-session.js';
import type { SessionStore } from './session-store.js';

/** Keeps the session in memory (a deep copy, so later changes to the client's state do not leak in). */
export class MemorySessionStore implements SessionStore {
  private saved: SavedSession | undefined;

  constructor(initial?: SavedSession) {
    this.saved = initial === undefined ? undefined : structuredClone(initial);
  }

  load(): Promise<SavedSession | undefined> {
    return Promise.resolve(this.saved === undefined ? undefined : structuredClone(this.saved));
  }

  save(session: SavedSession): Promise<void> {
    this.saved = structuredClone(session);
    return Promise.resolve();
  }

  clear(): Promise<void> {
    this.saved = undefined;
    return Promise.resolve();
  }
}

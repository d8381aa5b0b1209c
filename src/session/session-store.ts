import type { SavedSession } from './saved-session.js';

/**
 * Where a client keeps its session between runs. `save` is called after login and after every successful
 * webwxsync (debounced), and once more when the client stops; `clear` after logout or a final session end.
 */
export interface SessionStore {
  load(): Promise<SavedSession | undefined>;
  save(session: SavedSession): Promise<void>;
  clear(): Promise<void>;
}

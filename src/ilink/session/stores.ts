import { FileSessionStore, type FileSessionStoreOptions } from '../../session/file-session-store.js';
import { MemorySessionStore } from '../../session/memory-session-store.js';
import type { SessionStore } from '../../session/session-store.js';
import { ilinkSessionCodec, type IlinkSavedSession } from './saved-session.js';

/** Options of `ilinkFileStore`. */
export type IlinkFileStoreOptions = FileSessionStoreOptions;

/**
 * Keeps the iLink session in the JSON file at `path`, with the Web file store's guarantees: atomic writes, mode
 * 0600, a `<path>.lock` that keeps a second process off the session, and a refusal (`SessionStoreError`) to read,
 * replace or delete any file that is not an iLink session, a Web session included.
 */
export function ilinkFileStore(path: string, options: IlinkFileStoreOptions = {}): SessionStore<IlinkSavedSession> {
  return new FileSessionStore(path, ilinkSessionCodec, options);
}

/** Keeps the iLink session in memory (a deep copy), single-owner through `lock()`; `initial` is loaded first. */
export function ilinkMemoryStore(initial?: IlinkSavedSession): SessionStore<IlinkSavedSession> {
  return new MemorySessionStore(initial);
}

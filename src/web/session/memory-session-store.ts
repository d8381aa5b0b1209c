import { MemorySessionStore as ProtocolMemorySessionStore } from '../../session/memory-session-store.js';
import type { SavedSession } from './saved-session.js';

/**
 * Keeps the Web session in memory (a deep copy, so later changes to the client's state do not leak in). `lock()`
 * makes it single-owner like the file store: a second `lock()` before `release()` rejects with `SessionLockedError`
 * naming this process.
 */
export class MemorySessionStore extends ProtocolMemorySessionStore<SavedSession> {}

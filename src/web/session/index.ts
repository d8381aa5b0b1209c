export type { SessionLock, SessionStore } from './session-store.js';
export { SavedSession } from './saved-session.js';
export { MemorySessionStore } from './memory-session-store.js';
export { FileSessionStore, type FileSessionStoreOptions } from './file-session-store.js';

import { FileSessionStore as ProtocolFileSessionStore, type FileSessionStoreOptions } from '../../session/file-session-store.js';
import { webSessionCodec, type SavedSession } from './saved-session.js';

export type { FileSessionStoreOptions };

/**
 * Keeps the Web session in a JSON file. The file holds credentials and cookies, so:
 *
 * - **Never destroys a file it did not write.** Every save writes a `"format": "wechat-rx/session"` marker; a file
 *   without it counts as a session only if it has the `SavedSession` shape with `version: 1` (files written before
 *   the marker). `save` refuses to replace, and `clear` to delete, anything else at the path — another program's
 *   file, the session of another protocol (an iLink bot's), a corrupt or unreadable file, a folder, a symbolic
 *   link — with a `SessionStoreError` naming the path, and leaves it untouched. Errors never quote the file's
 *   content.
 * - **Atomic writes.** A save writes `<file>.<pid>.<random>.tmp` in the same folder, syncs it to disk, renames it
 *   over the file and syncs the folder, so a crash leaves either the old session or the new one. A failed save
 *   removes its temp file; temp files of a killed process are removed by the next `load` or `lock`.
 * - **Owner-only modes.** The file is mode 0600 after every save, also when it existed with a wider mode; a
 *   missing folder is created with mode 0700 (existing folders are left as they are).
 * - **Single owner.** `lock()` creates `<file>.lock` exclusively, holding the owner's pid, hostname and start
 *   time; a second `lock()` on the same file (from this process or another) rejects with `SessionLockedError`
 *   naming that holder. The holder refreshes the lock file's mtime every `staleLockMs / 4`; a lock is stale, and
 *   the next `lock()` takes it over, when its holder's process is gone (same host, at once) or its mtime is older
 *   than `staleLockMs` (another host, a reused pid, a frozen process). Of several clients taking over one stale
 *   lock exactly one wins. `release()` removes the lock file only while it is still this holder's.
 *
 * Operations run one after another in call order. A save costs a stat, a write with fsync, a rename and a folder
 * fsync; the file is read again only when someone else changed it since this store last read or wrote it.
 */
export class FileSessionStore extends ProtocolFileSessionStore<SavedSession> {
  constructor(path: string, options: FileSessionStoreOptions = {}) {
    super(path, webSessionCodec, options);
  }
}

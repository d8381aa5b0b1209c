import { lstat, open, unlink } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { SessionStoreError } from '../errors/session-store-error.js';
import { isSameFile, removeLeftoverTemps, writeFileAtomically, type FileIdentity } from './atomic-file.js';
import { acquireFileLock, lockPathFor } from './file-lock.js';
import { ioFailure } from './io-failure.js';
import { describeSession, SESSION_FORMAT, UNMARKED_PROTOCOL, type SessionCodec, type SessionProtocol } from './session-codec.js';
import { readSessionText, type SessionFileContent } from './session-file.js';
import type { SessionLock, SessionStore } from './session-store.js';

/** Options of a file session store. */
export interface FileSessionStoreOptions {
  /**
   * How long a lock may go without its holder's heartbeat before another client may take it over, in ms (default
   * 10 000; the holder refreshes it every quarter of this). Give every client of one session file the same value.
   */
  readonly staleLockMs?: number;
}

const DEFAULT_STALE_LOCK_MS = 10_000;

type Operation = 'load' | 'save' | 'clear';

/**
 * Keeps the sessions of one protocol (the codec's) in a JSON file. The file holds credentials, so:
 *
 * - **Never destroys a file it did not write.** Every save writes a `"format": "wechat-rx/session"` marker (and the
 *   `protocol`, except for Web sessions, whose files had none before); a file without the marker counts as a
 *   session only if it has the codec's shape with a `version` (files written before the marker). `save` refuses to
 *   replace, and `clear` to delete, anything else at the path — another program's file, a session of another
 *   protocol, a corrupt or unreadable file, a folder, a symbolic link — with a `SessionStoreError` naming the path,
 *   and leaves it untouched. Errors never quote the file's content.
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
export class FileSessionStore<S> implements SessionStore<S> {
  /** The lock file `lock()` uses: the session file's path plus `.lock`. */
  readonly lockPath: string;
  private readonly staleLockMs: number;
  private queue: Promise<unknown> = Promise.resolve();
  /** The file as this store last read or wrote it, while it held a session: saving over it needs no second look. */
  private known: FileIdentity | undefined;

  constructor(
    readonly path: string,
    private readonly codec: SessionCodec<S>,
    options: FileSessionStoreOptions = {},
  ) {
    this.lockPath = lockPathFor(path);
    this.staleLockMs = options.staleLockMs ?? DEFAULT_STALE_LOCK_MS;
    // 0 or NaN would make the heartbeat spin.
    if (!(this.staleLockMs > 0 && Number.isFinite(this.staleLockMs))) {
      throw new InvalidArgumentError('FileSessionStore', 'staleLockMs', 'must be a positive number of ms');
    }
  }

  load(): Promise<S | undefined> {
    return this.enqueue('load', async () => {
      await this.removeLeftovers();
      const stats = await this.statTarget();
      if (stats === undefined) return undefined;
      if (!stats.isFile()) throw new SessionStoreError('load', notAFile(stats), { path: this.path });
      const file = await this.read();
      if (file === undefined) return undefined;
      const content = readSessionText(file.text, this.codec);
      if (content.kind !== 'session') throw new SessionStoreError('load', this.unreadable(content), { path: this.path });
      this.known = file.identity;
      return content.session;
    });
  }

  save(session: S): Promise<void> {
    return this.enqueue('save', async () => {
      const text = serialise(session, this.codec.protocol);
      await this.ensureOurs('save');
      this.known = await writeFileAtomically(this.path, text);
    });
  }

  clear(): Promise<void> {
    return this.enqueue('clear', async () => {
      if (!(await this.ensureOurs('clear'))) return;
      await unlink(this.path).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      });
      this.known = undefined;
    });
  }

  /** Takes `<file>.lock` (see the class description); rejects with `SessionLockedError` while another client has it. */
  async lock(): Promise<SessionLock> {
    const lock = await acquireFileLock(this.path, this.staleLockMs);
    await this.removeLeftovers();
    return lock;
  }

  /** `true` when a session file is there, `false` when nothing is; throws when something else is. */
  private async ensureOurs(operation: Exclude<Operation, 'load'>): Promise<boolean> {
    const stats = await this.statTarget();
    if (stats === undefined) return false;
    if (isSameFile(this.known, stats)) return true;
    if (!stats.isFile()) throw refusal(operation, `a file that is not a wechat-rx session (${notAFile(stats)})`, this.path);
    const file = await this.read();
    if (file === undefined) return false;
    const content = readSessionText(file.text, this.codec);
    if (content.kind === 'other') throw refusal(operation, `a file that is not a wechat-rx session (${content.why})`, this.path);
    if (content.kind === 'other-protocol') {
      throw refusal(operation, `a file that holds ${describeSession(content.protocol)} (this store keeps ${this.kept()}s)`, this.path);
    }
    this.known = file.identity;
    return true;
  }

  private unreadable(content: Exclude<SessionFileContent<S>, { kind: 'session' }>): string {
    if (content.kind === 'other') return `not a wechat-rx session: ${content.why}`;
    return `the file holds ${describeSession(content.protocol)}, not ${this.kept()}: give each protocol a session file of its own`;
  }

  /** `a Web WeChat session`, for this store's protocol. */
  private kept(): string {
    return describeSession(this.codec.protocol);
  }

  private async statTarget(): Promise<Stats | undefined> {
    try {
      return await lstat(this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** The file's text and the identity of what was read, or `undefined` if it vanished meanwhile. */
  private async read(): Promise<{ readonly text: string; readonly identity: FileIdentity } | undefined> {
    let handle;
    try {
      handle = await open(this.path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      const identity = await handle.stat();
      return { text: await handle.readFile('utf8'), identity };
    } finally {
      await handle.close();
    }
  }

  private removeLeftovers(): Promise<void> {
    return removeLeftoverTemps([this.path, this.lockPath], this.staleLockMs);
  }

  private enqueue<T>(operation: Operation, work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work).catch((error: unknown) => {
      throw ioFailure(operation, this.path, error);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/**
 * The markers go first, so a reader of the file sees at once what it is, and win over any the session carries, so
 * a store never writes a file it would refuse. Web sessions are written without a `protocol`, as before it existed,
 * so older versions of this library still read them.
 */
function serialise<S>(session: S, protocol: SessionProtocol): string {
  const markers = { format: SESSION_FORMAT, protocol: protocol === UNMARKED_PROTOCOL ? undefined : protocol };
  try {
    return JSON.stringify({ ...markers, ...session, ...markers });
  } catch (error) {
    // The error may describe the values it failed on (a custom toJSON can say anything), so only its kind is kept.
    throw new SessionStoreError('save', `the session cannot be written as JSON (${(error as Error).name})`);
  }
}

function notAFile(stats: Stats): string {
  if (stats.isDirectory()) return 'it is a folder';
  if (stats.isSymbolicLink()) return 'it is a symbolic link (give the store the real file)';
  return 'it is not a regular file';
}

function refusal(operation: 'save' | 'clear', what: string, path: string): SessionStoreError {
  const verb = operation === 'save' ? 'replace' : 'delete';
  return new SessionStoreError(operation, `will not ${verb} ${what}; move it away or use another path`, { path });
}

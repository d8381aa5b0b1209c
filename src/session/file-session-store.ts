import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { SessionStoreError } from '../errors/session-store-error.js';
import { describeIssues } from '../protocol/decode.js';
import { SavedSession } from './saved-session.js';
import type { SessionStore } from './session-store.js';

/**
 * Keeps the session in a JSON file readable by its owner only (mode 0600): it holds credentials and cookies.
 * Writes go to a temporary file that is renamed over the old one, so a crash mid-write never leaves half a file,
 * and they run one after another in call order.
 */
export class FileSessionStore implements SessionStore {
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {}

  async load(): Promise<SavedSession | undefined> {
    await this.queue;
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new SessionStoreError('load', (error as NodeJS.ErrnoException).code ?? 'unreadable file', { path: this.path, cause: error });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new SessionStoreError('load', 'the file is not JSON', { path: this.path });
    }
    const decoded = SavedSession.decode(json);
    if (E.isLeft(decoded)) {
      throw new SessionStoreError('load', `unexpected shape (${describeIssues(decoded.left).slice(0, 2).join('; ')})`, { path: this.path });
    }
    return decoded.right;
  }

  save(session: SavedSession): Promise<void> {
    return this.enqueue('save', async () => {
      await mkdir(dirname(this.path), { recursive: true });
      const temporary = `${this.path}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify(session), { mode: 0o600 });
      await chmod(temporary, 0o600);
      await rename(temporary, this.path);
    });
  }

  clear(): Promise<void> {
    return this.enqueue('clear', () => rm(this.path, { force: true }));
  }

  private enqueue(operation: 'save' | 'clear', work: () => Promise<void>): Promise<void> {
    const run = this.queue.then(work).catch((error: unknown) => {
      throw error instanceof SessionStoreError
        ? error
        : new SessionStoreError(operation, (error as NodeJS.ErrnoException).code ?? 'write failed', { path: this.path, cause: error });
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

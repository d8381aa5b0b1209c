import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { mkdir, open, readdir, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isProcessAlive } from './process-alive.js';

/*
 * Hand-written rather than npm's write-file-atomic: that one names temp files without the writer's pid (so a
 * killed writer's leftovers cannot be told from a live writer's), opens them non-exclusively, creates no missing
 * folder and does not sync the folder; and it costs a realpath and a stat per write on top of ours.
 */

/** Enough of a file's stat to tell whether it is still the file we last wrote or read. */
export interface FileIdentity {
  readonly dev: number;
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
}

export function isSameFile(known: FileIdentity | undefined, stats: FileIdentity): boolean {
  return (
    known !== undefined &&
    known.dev === stats.dev &&
    known.ino === stats.ino &&
    known.size === stats.size &&
    known.mtimeMs === stats.mtimeMs
  );
}

/** `<file>.<pid>.<8 hex>.tmp`, next to the file so the rename never crosses file systems. */
function tempNameFor(path: string): string {
  return `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Creates a new file (never opening an existing one) readable by its owner only; a missing folder is created with
 * mode 0700.
 */
export async function createExclusive(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    return open(path, 'wx', 0o600);
  }
}

/** Writes `text` to a new temp file and syncs it; the temp file is removed again if anything fails. */
export async function writeTemp(path: string, text: string): Promise<{ readonly temp: string; readonly identity: FileIdentity }> {
  const temp = tempNameFor(path);
  const handle = await createExclusive(temp);
  try {
    await handle.chmod(0o600); // the umask may have narrowed the mode further
    await handle.writeFile(text);
    await handle.sync();
    const identity = await handle.stat();
    await handle.close();
    return { temp, identity };
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/**
 * Replaces `path` with `text` so that readers (and a crash) see either the old file or the new one, never part of
 * one: temp file, write, fsync, rename over the target, then a best-effort fsync of the folder so the rename
 * itself survives a power loss. The result is mode 0600, whatever mode the replaced file had.
 */
export async function writeFileAtomically(path: string, text: string): Promise<FileIdentity> {
  const { temp, identity } = await writeTemp(path, text);
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncFolder(dirname(path));
  return identity;
}

async function syncFolder(folder: string): Promise<void> {
  // Some platforms (Windows) cannot open or sync a folder; the write itself already succeeded.
  const handle = await open(folder, 'r').catch(() => undefined);
  if (handle === undefined) return;
  await handle.sync().catch(() => undefined);
  await handle.close().catch(() => undefined);
}

/**
 * Removes temp files that a killed writer left next to `paths` (all in one folder): only names of the form
 * `<one of paths>.<pid>.<8 hex>.tmp`, and only when that pid no longer runs on this host or the file is older than
 * `olderThanMs` (a writer on another host, or a reused pid). Best effort: a folder that cannot be listed is skipped.
 */
export async function removeLeftoverTemps(paths: readonly string[], olderThanMs: number): Promise<void> {
  const folder = dirname(paths[0] ?? '.');
  const pattern = new RegExp(`^(?:${paths.map((path) => escapeRegExp(basename(path))).join('|')})\\.(\\d+)\\.[0-9a-f]{8}\\.tmp$`);
  const names = await readdir(folder).catch(() => [] as string[]);
  await Promise.all(
    names.map(async (name) => {
      const pid = pattern.exec(name)?.[1];
      if (pid === undefined) return;
      const file = join(folder, name);
      if (isProcessAlive(Number(pid))) {
        const stats: Stats | undefined = await stat(file).catch(() => undefined);
        if (stats === undefined || Date.now() - stats.mtimeMs <= olderThanMs) return;
      }
      await unlink(file).catch(() => undefined);
    }),
  );
}

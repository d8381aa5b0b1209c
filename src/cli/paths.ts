/**
 * Checks of the paths given on the command line, made before anything logs in, so a typo costs no QR scan and no
 * stack trace: each failure names the path, what is wrong and what to do.
 */
import type { Stats } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PathError } from './errors.js';

async function statOf(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new PathError(path, `cannot use ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
}

/** `--session FILE` must not be a folder; resolves whether a session file is already there. */
export async function checkSessionFile(path: string): Promise<boolean> {
  const found = await statOf(path);
  if (found?.isDirectory() === true) {
    throw new PathError(path, `--session ${path} is a folder: give a file instead, such as ${join(path, 'wechat-rx-session.json')}`);
  }
  return found !== undefined;
}

/** `--qr FILE` must be a file name in an existing folder (the PNG is written there at each new QR code). */
export async function checkQrFile(path: string): Promise<void> {
  const folder = dirname(path);
  const parent = await statOf(folder);
  if (parent === undefined) throw new PathError(path, `--qr ${path}: the folder ${folder} does not exist; create it or pick another --qr`);
  if (!parent.isDirectory()) throw new PathError(path, `--qr ${path}: ${folder} is not a folder; pick another --qr`);
  if ((await statOf(path))?.isDirectory() === true) {
    throw new PathError(path, `--qr ${path} is a folder: give a file instead, such as ${join(path, 'wechat-rx-qr.png')}`);
  }
}

/** Creates `--download DIR` and its parents if missing; fails when DIR, or a folder on its way, is a file. */
export async function ensureDownloadFolder(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new PathError(path, `--download ${path} is a file, not a folder; pick another --download`);
    if (code === 'ENOTDIR') throw new PathError(path, `--download ${path}: a part of this path is a file, not a folder; pick another --download`);
    throw new PathError(path, `--download ${path} cannot be created (${code ?? 'unknown error'}); pick another --download`);
  }
}

/**
 * The built page (`npm run build` writes it to `dist/playground/` of the package), read from disk once. The package
 * root is found by walking up from this file, which works from the sources (tests, tsx) and from `dist/`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Asset {
  readonly type: string;
  readonly body: Buffer;
}

/** The files the page is made of, by the name the page asks for. */
export const ASSET_TYPES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

/** Where `npm run build` puts the page. */
export function playgroundDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('wechat-rx: no package.json above the playground module');
    dir = up;
  }
  return join(dir, 'dist', 'playground');
}

const cache = new Map<string, Asset>();

/** A file of the page, or `undefined` for a name that is not one (or a page that was never built). */
export function readAsset(name: string): Asset | undefined {
  if (!Object.hasOwn(ASSET_TYPES, name)) return undefined;
  const type = ASSET_TYPES[name] as string;
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  const path = join(playgroundDir(), name);
  if (!existsSync(path)) return undefined;
  const asset = { type, body: readFileSync(path) };
  cache.set(name, asset);
  return asset;
}

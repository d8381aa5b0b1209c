/**
 * Builds the playground page (playground/) into dist/playground/: one script (Preact bundled by esbuild), one
 * stylesheet and the HTML, all served by the simulator from disk, so the page never loads anything from a CDN.
 * Run by `npm run build` (and so by `prepare`); the playground tests call `buildPlayground()` first.
 */
import { copyFile, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = join(ROOT, 'playground');
export const PLAYGROUND_OUT = join(ROOT, 'dist', 'playground');

/** Writes the page's three files; each is written whole and renamed into place, so a reader never sees half. */
export async function buildPlayground(out = PLAYGROUND_OUT): Promise<Record<string, number>> {
  await mkdir(out, { recursive: true });
  const result = await build({
    entryPoints: { app: join(SOURCE, 'src', 'main.tsx'), 'app-style': join(SOURCE, 'src', 'app.css') },
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['chrome110', 'firefox110', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    outdir: out,
    write: false,
    logLevel: 'silent',
  });
  const sizes: Record<string, number> = {};
  const place = async (name: string, bytes: Uint8Array): Promise<void> => {
    const temp = join(out, `.${name}.${process.pid}.tmp`);
    await writeFile(temp, bytes);
    await rename(temp, join(out, name));
    sizes[name] = gzipSync(bytes).length;
  };
  for (const file of result.outputFiles) await place(file.path.endsWith('.css') ? 'app.css' : 'app.js', file.contents);
  const temp = join(out, `.index.html.${process.pid}.tmp`);
  await copyFile(join(SOURCE, 'index.html'), temp);
  await rename(temp, join(out, 'index.html'));
  return sizes;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sizes = await buildPlayground();
  console.log(`playground: ${Object.entries(sizes).map(([name, size]) => `${name} ${(size / 1024).toFixed(1)} KiB gzip`).join(', ')}`);
}

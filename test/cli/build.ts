import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** What the build reads: a change to any of these (size or mtime) makes dist/ stale. */
const INPUTS = ['src', 'operators', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];
/** A file of the build's output: deleted or rewritten by another build, it makes the stamp differ too. */
const OUTPUT = join(ROOT, 'dist', 'src', 'cli', 'index.js');
/** Outside dist/, which is packed as it is. */
const CACHE = join(ROOT, 'node_modules', '.cache', 'wechat-rx-test-build');
const STAMP = join(CACHE, 'stamp');
const LOCK = join(CACHE, 'lock');
const STALE_LOCK_MS = 120_000;

function outputTime(): string {
  try {
    return String(statSync(OUTPUT).mtimeMs);
  } catch {
    return 'none';
  }
}

function stampOfInputs(): string {
  const hash = createHash('sha256');
  const visit = (path: string): void => {
    const info = statSync(path);
    if (info.isDirectory()) for (const name of readdirSync(path).sort()) visit(join(path, name));
    else hash.update(`${path}\0${info.size}\0${info.mtimeMs}\n`);
  };
  for (const input of INPUTS) visit(join(ROOT, input));
  return `${hash.digest('hex')} ${outputTime()}`;
}

const readStamp = (): string | undefined => {
  try {
    return readFileSync(STAMP, 'utf8');
  } catch {
    return undefined;
  }
};

/** Test hooks are synchronous here (other suites call `buildPackage()` without awaiting), so the wait is too. */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function lockAge(): number {
  try {
    return Date.now() - statSync(LOCK).mtimeMs;
  } catch {
    return 0;
  }
}

/** Runs `work` holding the build lock (a directory: creating it is atomic), taken over from a crashed holder. */
function withBuildLock(work: () => void): void {
  mkdirSync(CACHE, { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      if (lockAge() > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
      else sleep(100);
    }
  }
  try {
    work();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/**
 * Builds dist/ so the CLI runs as a user would run it (the tests never trust a stale build). The test files that
 * run in parallel share one build: the first compiles while the others wait, and none compiles again while the
 * sources are unchanged, so no tsc rewrites dist/ under a CLI another test file is running.
 */
export function buildPackage(): void {
  if (readStamp() === stampOfInputs()) return;
  withBuildLock(() => {
    if (readStamp() === stampOfInputs()) return;
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')], {
      cwd: ROOT,
      stdio: 'pipe',
    });
    writeFileSync(STAMP, stampOfInputs());
  });
}

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./fixtures/lifecycle.ts', import.meta.url));

/** Runs the fixture in a fresh process; resolves with its exit code and output, or kills it after `limitMs`. */
function run(mode: string, limitMs = 10_000): Promise<{ code: number | null; out: string; killed: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, limitMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out, killed });
    });
  });
}

describe('device client lifecycle', () => {
  it.each(['unsubscribe', 'close'])('leaves no socket or timer behind after %s (the process exits by itself)', async (mode) => {
    const result = await run(mode);
    expect(result.killed).toBe(false);
    expect(result.out).toContain(`released:${mode}`);
    expect(result.code).toBe(0);
  });
});

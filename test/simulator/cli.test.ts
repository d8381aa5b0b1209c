import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSimArgs, runSimCommand } from '../../src/cli/sim.js';

describe('wechat-rx sim', () => {
  it('parses options', () => {
    expect(parseSimArgs(['--port', '8080', '--friends', '5000', '--auto-confirm', '--no-strict-cookies'])).toEqual({
      port: 8080,
      autoConfirm: true,
      strictCookies: false,
      world: { friends: 5000 },
    });
    expect(parseSimArgs(['--replay-acknowledged', '--batch-size', '20'])).toEqual({ port: 0, replayAcknowledged: true, batchSize: 20, world: {} });
    expect(parseSimArgs(['--help'])).toBe('help');
    expect(() => parseSimArgs(['--port', 'eighty'])).toThrow(/--port/);
    expect(() => parseSimArgs(['--bogus'])).toThrow();
  });

  it('prints one JSON line with the origin, describes the API on stderr, and serves', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const command = await runSimCommand(['--sync-hold-ms', '200'], { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } });
    if (command === undefined) throw new Error('did not start');
    try {
      expect(out).toHaveLength(1);
      const { origin } = JSON.parse(out[0] ?? '') as { origin: string };
      expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(err.join('')).toContain('/__sim/inject');
      expect((await fetch(`${origin}/jslogin`)).status).toBe(200);
    } finally {
      await command.stop();
    }
  });

  it('runs as a process that exits cleanly on SIGTERM', async () => {
    const script = fileURLToPath(new URL('./fixtures/run-sim.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const firstLine = await new Promise<string>((resolve, reject) => {
      let buffered = '';
      child.stdout.on('data', (d: Buffer) => {
        buffered += d.toString();
        const nl = buffered.indexOf('\n');
        if (nl >= 0) resolve(buffered.slice(0, nl));
      });
      child.on('exit', (code) => reject(new Error(`exited early with ${String(code)}`)));
    });
    const { origin } = JSON.parse(firstLine) as { origin: string };
    expect((await fetch(`${origin}/__sim/stats`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPackage, ROOT } from './build.js';

beforeAll(buildPackage, 120_000);

function run(command: string, args: readonly string[], timeoutMs: number) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out; stdout so far:\n${stdout}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('npm start (the demo), as a new user runs it', () => {
  it('logs in with the scripted phone, shows events in and replies out, and ends by itself with code 0', async () => {
    const { code, stdout } = await run('npm', ['start', '--silent', '--', '--duration', '11'], 60_000);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines.some((l) => l.includes('online as'))).toBe(true);
    expect(lines.filter((l) => l.startsWith('← ')).length).toBeGreaterThanOrEqual(6);
    expect(lines.filter((l) => l.startsWith('→ ')).length).toBeGreaterThanOrEqual(5);
    expect(stdout).toContain('"pong"');
    expect(stdout).toMatch(/recalled "oops/);
    expect(stdout).toMatch(/Saved quarterly-report\.pdf \(\d+ bytes\)/);
    expect(stdout).toMatch(/Welcome, /);
    expect(stdout).toMatch(/you called\?/);
    expect(lines.at(-1)).toContain('the scene is over');
    expect(stdout).toContain("the simulator's login QR code, scanned by the simulated phone (not for a real phone)");
    expect(stdout).toMatch(/playground: http:\/\/127\.0\.0\.1:\d+\/__ui\/ \(talk to the bot in a browser\)/);
  }, 70_000);

  it('keeps the playground open after the scene with --ui, until Ctrl-C, then exits 0', async () => {
    const child = spawn(process.execPath, ['bin/wechat-rx.js', 'demo', '--ui'], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no playground line:\n${stdout}`)), 20_000);
        child.stdout.on('data', () => {
          const found = /playground: (\S+)/.exec(stdout)?.[1];
          if (found !== undefined) {
            clearTimeout(timer);
            resolve(found);
          }
        });
      });
      // Past the 8.5 s scene: still serving the page and the simulator.
      await new Promise((resolve) => setTimeout(resolve, 10_000));
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<html');
      expect(stdout).not.toContain('the scene is over');
    } finally {
      child.kill('SIGINT');
    }
    expect(await closed).toBe(0);
    expect(stdout).toContain('stopped by SIGINT');
  }, 40_000);

  it('prints one JSON object per line with --json', async () => {
    const { code, stdout } = await run(process.execPath, ['bin/wechat-rx.js', 'demo', '--duration', '4', '--json'], 40_000);
    expect(code).toBe(0);
    const objects = stdout.trim().split('\n').map((line) => JSON.parse(line) as { kind: string; text: string; qrUrl?: string });
    expect(objects.find((o) => o.qrUrl !== undefined)?.text).toMatch(/^the simulator's login QR code, .*not for a real phone/);
    expect(objects.some((o) => o.kind === 'in')).toBe(true);
    expect(objects.some((o) => o.kind === 'out')).toBe(true);
  }, 50_000);

  it('runs the same bot on the iLink simulator with npm start -- --ilink: direct chats, a file, a picture, a voice message', async () => {
    const { code, stdout } = await run('npm', ['start', '--silent', '--', '--ilink', '--duration', '10'], 60_000);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toContain('• the simulated phone confirmed the binding');
    expect(lines.some((l) => /^• online as bot \w+@im\.bot/.test(l))).toBe(true);
    expect(lines).toContain('→ to Alice: "echo: Hi bot, nice to meet you!"');
    expect(lines).toContain('→ to Alice: "pong"');
    expect(lines).toContain('← Carol: file quarterly-report.pdf (49152 bytes)');
    expect(lines).toContain('→ to Carol: "Saved quarterly-report.pdf (49152 bytes)."');
    expect(lines).toContain('← Bob: image message');
    expect(lines).toContain('← Carol: voice message (2 s): "see you at noon"');
    expect(lines).toContain('← Alice: "yes, that one" (quoting "Saved quarterly-report.pdf")');
    expect(lines.at(-1)).toBe('• the scene is over: logging out');
  }, 70_000);

  it('rejects bad arguments with a usage line and code 2', async () => {
    const { code, stderr } = await run(process.execPath, ['bin/wechat-rx.js', 'demo', '--duration', 'soon'], 20_000);
    expect(code).toBe(2);
    expect(stderr).toContain('usage: wechat-rx demo');
    for (const args of [['--ui', '--duration', '5'], ['--ui', '--ilink']]) {
      const refused = await run(process.execPath, ['bin/wechat-rx.js', 'demo', ...args], 20_000);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/option '--ui' cannot be used with option '--(duration|ilink)/);
    }
  }, 30_000);
});

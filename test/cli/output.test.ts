import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { perTest } from '../support/per-test.js';
import { buildPackage, ROOT } from './build.js';
import { control, runCli, runSim, STACK_LINE, stopRun } from './run-cli.js';

const after = perTest();
beforeAll(buildPackage, 120_000);

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[\d+m/;

describe('stdout closed early (wechat-rx … | head)', () => {
  it('sim --help into a closed pipe ends quietly', async () => {
    const help = runCli(['sim', '--help']);
    help.child.stdout.destroy();
    expect(await help.exited).toBe(0);
    expect(help.stderr()).toBe('');
  }, 20_000);

  it('demo --json: stops the demo and exits 0 once the reader is gone, without a stack', async () => {
    const demo = runCli(['demo', '--json', '--duration', '30']);
    await demo.waitFor((output) => output.split('\n').length > 2);
    demo.child.stdout.destroy();
    const started = Date.now();
    expect(await demo.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(demo.stderr()).not.toMatch(STACK_LINE);
    expect(demo.stderr()).not.toMatch(/EPIPE|Error/);
  }, 30_000);
});

describe('stdout closed early on the iLink demo', () => {
  it('demo --ilink --json: stops and exits 0 once the reader is gone, without a stack', async () => {
    const demo = runCli(['demo', '--ilink', '--json', '--duration', '30']);
    await demo.waitFor((output) => output.split('\n').length > 2);
    demo.child.stdout.destroy();
    const started = Date.now();
    expect(await demo.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(demo.stderr()).not.toMatch(STACK_LINE);
    expect(demo.stderr()).not.toMatch(/EPIPE|Error/);
  }, 30_000);
});

describe('login --json', () => {
  it('announces the QR code in one JSON line with its URL and the PNG path (removed once confirmed); the blocks go to stderr', async () => {
    const started = await runSim();
    after.closeAfter(started.run, stopRun);
    const dir = await after.tempDir('wechat-rx-json-');
    const png = join(dir, 'qr.png');
    const login = runCli(['login', '--json', '--server', started.origin, '--qr', png]);
    await login.waitFor(() => login.stdout().includes('qrPng'));
    expect((await readFile(png)).subarray(1, 4).toString()).toBe('PNG');
    await control(started.origin, 'phone/scan');
    await control(started.origin, 'phone/confirm');
    await login.waitFor((output) => output.includes('online as'));
    login.child.kill('SIGTERM');
    expect(await login.exited).toBe(0);
    const lines = login.stdout().trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const qr = lines.find((line) => 'qrUrl' in line);
    expect(qr).toMatchObject({ kind: 'info', qrPng: png, qrUrl: expect.stringMatching(/^https:\/\/login\.weixin\.qq\.com\/l\/\S+$/) as string });
    await expect(readFile(png)).rejects.toThrow(/ENOENT/);
    expect(login.stderr()).toMatch(/[█▀▄]{7}/);
  }, 40_000);
});

/** Runs the built CLI on a pseudo-terminal (util-linux `script`), with `redirect` applied inside, e.g. `2>file`. */
function onTerminal(args: string, redirect: string, env: NodeJS.ProcessEnv): Promise<string> {
  const command = `${process.execPath} bin/wechat-rx.js ${args} ${redirect}`;
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['CI', 'NO_COLOR', 'FORCE_COLOR', 'NODE_DISABLE_COLORS'].includes(k)));
  const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env: { ...clean, TERM: 'xterm-256color', ...env } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.on('close', () => resolve(output)));
}

describe('colours', () => {
  it('only on a terminal, decided per stream, never with NO_COLOR', async () => {
    const dir = await after.tempDir('wechat-rx-color-');
    const failing = `send --session ${join(dir, 's.json')} --to x --file ${join(dir, 'missing')}`;
    expect(await onTerminal(failing, '', {})).toMatch(ANSI);
    expect(await onTerminal(failing, '', { NO_COLOR: '1' })).not.toMatch(ANSI);
    // stderr into a file: no colour there, although stdout is a terminal.
    await onTerminal(failing, `2>${join(dir, 'err')}`, {});
    const err = await readFile(join(dir, 'err'), 'utf8');
    expect(err).toContain('error: Cannot send');
    expect(err).not.toMatch(ANSI);
    // Piped (not a terminal): no colour, even with FORCE_COLOR.
    const piped = runCli(['send', '--session', join(dir, 's.json'), '--to', 'x', '--file', join(dir, 'missing')], { NO_COLOR: undefined, FORCE_COLOR: '1' });
    expect(await piped.exited).toBe(1);
    expect(piped.stderr()).not.toMatch(ANSI);
  }, 30_000);
});

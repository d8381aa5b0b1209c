import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index.js';
import { startSimulator, type Simulator } from '../../src/testing/index.js';
import { memoryIo, STACK_LINE } from './run-cli.js';

let dir: string;
let sim: Simulator | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wechat-rx-paths-'));
});
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  const terminal = memoryIo();
  const code = await main(argv, terminal.io);
  return { code, stdout: terminal.stdout(), stderr: terminal.stderr() };
}

/** A failure before any login: exit code 1, one `error:` line in words on stderr, no stack, nothing on stdout. */
function expectFailure(result: { code: number; stdout: string; stderr: string }, words: RegExp): void {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(/^error: /);
  expect(result.stderr).toMatch(words);
  expect(result.stderr).not.toMatch(STACK_LINE);
}

describe('paths given on the command line are checked before any login', () => {
  it('--session naming a folder', async () => {
    const server = 'http://127.0.0.1:9';
    expectFailure(await cli('login', '--session', dir, '--server', server), /--session .* is a folder: give a file instead/);
    expectFailure(await cli('send', '--session', dir, '--to', 'x', '--text', 'hi', '--server', server), /is a folder/);
  });

  it('login --ilink: --session naming a folder, --download naming a file', async () => {
    const server = 'http://127.0.0.1:9';
    expectFailure(await cli('login', '--ilink', '--session', dir, '--server', server), /--session .* is a folder: give a file instead/);
    const file = join(dir, 'a-file');
    await writeFile(file, 'x');
    expectFailure(await cli('login', '--ilink', '--download', file, '--session', join(dir, 's.json'), '--server', server), /--download .* is a file, not a folder/);
    expectFailure(await cli('send', '--ilink', '--session', dir, '--to', 'x', '--text', 'hi', '--server', server), /is a folder/);
  });

  it('--qr in a missing folder, or naming a folder', async () => {
    const server = 'http://127.0.0.1:9';
    expectFailure(await cli('login', '--qr', join(dir, 'missing', 'qr.png'), '--server', server), /the folder .*missing does not exist; create it or pick another --qr/);
    expectFailure(await cli('login', '--qr', dir, '--server', server), /--qr .* is a folder/);
  });

  it('--download naming a file, or below one', async () => {
    const file = join(dir, 'a-file');
    await writeFile(file, 'x');
    const server = 'http://127.0.0.1:9';
    expectFailure(await cli('login', '--download', file, '--qr', join(dir, 'qr.png'), '--server', server), /--download .* is a file, not a folder/);
    expectFailure(await cli('login', '--download', join(file, 'inside'), '--qr', join(dir, 'qr.png'), '--server', server), /a part of this path is a file/);
  });

  it('send --file missing or a folder: said in words, and no QR login starts', async () => {
    sim = await startSimulator({ autoConfirm: { delayMs: 5 }, loginHoldMs: 300, syncHoldMs: 300 });
    const session = join(dir, 'session.json');
    const base = ['send', '--server', sim.origin, '--session', session, '--qr', join(dir, 'qr.png'), '--to', 'filehelper'];
    expectFailure(await cli(...base, '--file', join(dir, 'missing.pdf')), /Cannot send .*missing\.pdf: no such file\. Nothing was sent/);
    await mkdir(join(dir, 'folder'));
    expectFailure(await cli(...base, '--file', join(dir, 'folder')), /Cannot send .*folder: it is a folder, not a file/);
    expect(sim.stats().requests.jslogin ?? 0).toBe(0);
    await expect(stat(join(dir, 'qr.png'))).rejects.toThrow(/ENOENT/);

    await writeFile(join(dir, 'notes.txt'), 'hello');
    const sent = await cli(...base, '--file', join(dir, 'notes.txt'));
    expect(sent.code).toBe(0);
    expect(sim.stats().requests.jslogin).toBe(1);
  });
});

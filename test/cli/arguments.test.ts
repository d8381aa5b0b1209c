import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './build.js';
import { cliInMemory, expectUsageError } from './run-cli.js';

const cli = cliInMemory;

describe('the wechat-rx command line', () => {
  it('prints the package version with --version and -V', async () => {
    const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const result = await cli(flag);
      expect(result).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    }
  });

  it('answers --help for every command on stdout, listing its options', async () => {
    const expected: Record<string, string[]> = {
      demo: ['--ilink', '--duration', '--json', '--seed'],
      login: ['--ilink', '--session', '--qr', '--download', '--json', '--no-desktop', '--server'],
      send: ['--ilink', '--session', '--to', '--text', '--file', '--qr', '--json', '--server'],
      sim: ['--port', '--host', '--seed', '--friends', '--groups', '--group-size', '--official-accounts', '--auto-confirm',
        '--login-hold-ms', '--sync-hold-ms', '--qr-lifetime-ms', '--batch-size', '--desktop-only', '--no-compress', '--no-strict-cookies'],
    };
    for (const [command, options] of Object.entries(expected)) {
      for (const help of [[command, '--help'], [command, '-h'], ['help', command]]) {
        const result = await cli(...help);
        expect(result.code, help.join(' ')).toBe(0);
        expect(result.stderr).toBe('');
        expect(result.stdout).toContain(`Usage: wechat-rx ${command}`);
        for (const option of options) expect(result.stdout, `${command} --help lists ${option}`).toContain(option);
      }
    }
    const top = await cli('--help');
    expect(top.code).toBe(0);
    for (const command of ['demo', 'login', 'send', 'sim']) expect(top.stdout).toContain(command);
  });

  it('documents --server for login and send: the only origin, also for a session saved against another', async () => {
    for (const command of ['login', 'send']) {
      const { stdout } = await cli(command, '--help');
      expect(stdout.replace(/\s+/g, ' ')).toContain('a session saved against one server and used with another talks only to the new one');
    }
  });

  it('turns unknown options, missing values and bad values into one error line plus the usage, exit code 2', async () => {
    expectUsageError(await cli('demo', '--bogus'), /^error: unknown option '--bogus'$/, 'wechat-rx demo');
    expectUsageError(await cli('demo', '--jsno'), /^error: unknown option '--jsno' \(Did you mean --json\?\)$/, 'wechat-rx demo');
    expectUsageError(await cli('demo', '--duration'), /argument missing/, 'wechat-rx demo');
    expectUsageError(await cli('demo', '--duration', 'soon'), /'soon' is invalid\. expected a number from 3 to 3600/, 'wechat-rx demo');
    expectUsageError(await cli('demo', '--seed', '1.5'), /'1\.5' is invalid\. expected a whole number/, 'wechat-rx demo');
    expectUsageError(await cli('demo', '--seed', '-1'), /'-1' is invalid\. expected a whole number of at least 0/, 'wechat-rx demo');
    expectUsageError(await cli('login', '--session'), /'--session <file>' argument missing/, 'wechat-rx login');
    expectUsageError(await cli('sim', '--port', 'eighty'), /'--port <n>' argument 'eighty' is invalid/, 'wechat-rx sim');
    expectUsageError(await cli('sim', '--port', '99999'), /'--port <n>' argument '99999' is invalid\. expected a whole number from 0 to 65535/, 'wechat-rx sim');
    expectUsageError(await cli('sim', '--friends', '-3'), /expected a whole number of at least 0/, 'wechat-rx sim');
    expectUsageError(await cli('sim', 'extra'), /too many arguments/, 'wechat-rx sim');
    expectUsageError(await cli('bogus'), /^error: unknown command 'bogus'$/, 'wechat-rx <command>');
  });

  it('refuses a --server that is not an absolute http(s) URL', async () => {
    for (const server of ['localhost:8080', '/relative', 'ftp://127.0.0.1/', 'file:///etc/passwd']) {
      expectUsageError(await cli('login', '--server', server), /'--server <url>' argument .* is invalid\. expected an (absolute http\(s\)|http or https) URL/, 'wechat-rx login');
      expectUsageError(await cli('send', '--session', 's.json', '--to', 'x', '--text', 'hi', '--server', server), /--server/, 'wechat-rx send');
    }
    const withTicket = await cli('login', '--server', 'ftp://host/?pass_ticket=AbCd1234');
    expectUsageError(withTicket, /argument 'ftp:\/\/host\/\?pass_ticket=\*\*\*' is invalid/, 'wechat-rx login');
    const withPassword = await cli('login', '--server', 'http://admin:hunter2@127.0.0.1:1:2');
    expectUsageError(withPassword, /argument 'http:\/\/\*\*\*@127\.0\.0\.1:1:2' is invalid/, 'wechat-rx login');
  });

  it('asks send for --session, --to and exactly one of --text and --file', async () => {
    expectUsageError(await cli('send', '--session', 's.json', '--text', 'hi'), /required option '--to <name>'/, 'wechat-rx send');
    expectUsageError(await cli('send', '--to', 'x', '--text', 'hi'), /required option '--session <file>'/, 'wechat-rx send');
    expectUsageError(await cli('send', '--session', 's.json', '--to', 'x'), /exactly one of --text and --file/, 'wechat-rx send');
    expectUsageError(await cli('send', '--session', 's.json', '--to', 'x', '--text', 'a', '--file', 'b'), /exactly one of --text and --file/, 'wechat-rx send');
    expectUsageError(await cli('send', '--session', 's.json', '--to', 'x', '--text', ' '), /--text is empty/, 'wechat-rx send');
    expectUsageError(await cli('send', '--session', 's.json', '--to', '', '--text', 'hi'), /--to is empty/, 'wechat-rx send');
  });

  it('refuses Web-only options with --ilink, and checks the iLink command lines as the Web ones', async () => {
    expectUsageError(await cli('login', '--ilink', '--qr', 'q.png'), /^error: option '--qr <file>' cannot be used with option '--ilink'$/, 'wechat-rx login');
    expectUsageError(await cli('login', '--ilink', '--no-desktop'), /^error: option '--no-desktop' cannot be used with option '--ilink'$/, 'wechat-rx login');
    expectUsageError(await cli('login', '--ilink', '--server', 'localhost:8080'), /'--server <url>' argument .* is invalid/, 'wechat-rx login');
    const send = ['send', '--ilink', '--session', 's.json'];
    expectUsageError(await cli(...send, '--to', 'x', '--text', 'hi', '--qr', 'q.png'), /'--qr <file>' cannot be used with option '--ilink'/, 'wechat-rx send');
    expectUsageError(await cli(...send, '--text', 'hi'), /required option '--to <name>'/, 'wechat-rx send');
    expectUsageError(await cli('send', '--ilink', '--to', 'x', '--text', 'hi'), /required option '--session <file>'/, 'wechat-rx send');
    expectUsageError(await cli(...send, '--to', 'x'), /exactly one of --text and --file/, 'wechat-rx send');
    expectUsageError(await cli('demo', '--ilink', '--duration', '1'), /expected a number from 3 to 3600/, 'wechat-rx demo');
  });

  it('shows the command list on stderr with exit code 2 when no command is given', async () => {
    const result = await cli();
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Usage: wechat-rx <command> [options]');
  });
});

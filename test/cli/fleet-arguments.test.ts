import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newSessionKey } from './fleet-support.js';
import { cliInMemory, expectUsageError, STACK_LINE } from './run-cli.js';

afterEach(() => vi.unstubAllEnvs());

const cli = cliInMemory;

/** Exit code 2, nothing on stdout, one error line then the fleet command's usage line. */
const expectFleetUsage = (result: { code: number; stdout: string; stderr: string }, error: RegExp, usage: string) =>
  expectUsageError(result, error, `wechat-rx ${usage} --redis URL`);

/** Exit code 1 and one `error:` line, without a stack. */
function expectFailure(result: { code: number; stdout: string; stderr: string }, error: RegExp): void {
  expect(result.code).toBe(1);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(error);
  expect(result.stderr).not.toMatch(STACK_LINE);
}

const REDIS = 'redis://127.0.0.1:6390';

describe('wechat-rx fleet: wrong command lines', () => {
  it('refuses a missing --redis or --role, a bad role, --shards 0 and unknown options with exit code 2', async () => {
    expectFleetUsage(await cli('fleet', '--role', 'both'), /^error: required option '--redis <url>' not specified$/, 'fleet');
    expectFleetUsage(await cli('fleet', '--redis', REDIS), /^error: required option '--role <role>' not specified$/, 'fleet');
    expectFleetUsage(await cli('fleet', '--redis', REDIS, '--role', 'boss'), /'--role <role>' argument 'boss' is invalid\. Allowed choices are poller, worker, both/, 'fleet');
    expectFleetUsage(await cli('fleet', '--redis', REDIS, '--role', 'both', '--shards', '0'), /'--shards <n>' argument '0' is invalid\. expected a whole number from 1 to 16384/, 'fleet');
    expectFleetUsage(await cli('fleet', '--redis', REDIS, '--role', 'both', '--bogus'), /^error: unknown option '--bogus'/, 'fleet');
    expectFleetUsage(await cli('fleet', '--redis', REDIS, '--role', 'both', '--ttl', '10'), /'--ttl <ms>' argument '10' is invalid/, 'fleet');
    expectFleetUsage(await cli('fleet', '--redis', REDIS, '--role', 'both', '--group', 'a b'), /'--group <name>' argument 'a b' is invalid/, 'fleet');
    expectFleetUsage(await cli('fleet', 'status'), /^error: required option '--redis <url>' not specified$/, 'fleet status');
    expectFleetUsage(await cli('fleet', 'status', '--redis', REDIS, '--shards', 'many'), /'--shards <n>' argument 'many' is invalid/, 'fleet status');
    expectFleetUsage(await cli('fleet', 'add-account', '--redis', REDIS, '--account', 'a b'), /'--account <name>' argument 'a b' is invalid/, 'fleet add-account');
    expectFleetUsage(await cli('fleet', 'stauts', '--redis', REDIS), /^error: unknown command 'fleet stauts': fleet takes add-account, status, or no command/, 'fleet');
  });

  it('shows its help for `fleet help`', async () => {
    const result = await cli('fleet', 'help');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: wechat-rx fleet');
    expect(result.stdout).toContain('add-account');
  });

  it('refuses a URL that is not Redis without repeating it (it may hold a password)', async () => {
    for (const url of ['localhost:6379', 'http://127.0.0.1:6379', 'redis://:hunter2@', 'unix://']) {
      const result = await cli('fleet', 'status', '--redis', url);
      expectFleetUsage(result, /^error: option '--redis <url>' .*expected redis:\/\/HOST:PORT/, 'fleet status');
      expect(result.stderr).not.toContain('hunter2');
    }
  });

  it('refuses --sim for a worker and together with --server', async () => {
    expectFleetUsage(await cli('fleet', '--redis', REDIS, '--role', 'worker', '--sim'), /^error: option '--sim' needs --role both or poller/, 'fleet');
    expectFleetUsage(await cli('fleet', '--redis', REDIS, '--role', 'both', '--sim', '2', '--server', 'http://127.0.0.1:1'), /'--sim \[accounts\]' cannot be used with option '--server <url>'/, 'fleet');
    expectFleetUsage(await cli('fleet', '--redis', REDIS, '--role', 'both', '--sim', '0'), /'--sim \[accounts\]' argument '0' is invalid/, 'fleet');
  });

  it('refuses a --metrics-port another program listens on with exit code 2, before touching Redis', async () => {
    vi.stubEnv('WECHAT_RX_SESSION_KEY', newSessionKey());
    const busy = await listening();
    try {
      const port = String((busy.address() as { port: number }).port);
      const result = await cli('fleet', '--redis', REDIS, '--role', 'both', '--metrics-port', port);
      expectFleetUsage(result, new RegExp(`^error: option '--metrics-port <port>': ${port} on 127\\.0\\.0\\.1 is in use by another program`), 'fleet');
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });
});

describe('wechat-rx fleet: the session key', () => {
  it('explains a missing WECHAT_RX_SESSION_KEY in one line, exit code 1, for a poller and for add-account', async () => {
    vi.stubEnv('WECHAT_RX_SESSION_KEY', '');
    for (const argv of [['fleet', '--redis', REDIS, '--role', 'both'], ['fleet', '--redis', REDIS, '--role', 'poller'], ['fleet', 'add-account', '--redis', REDIS]]) {
      expectFailure(await cli(...argv), /^error: WECHAT_RX_SESSION_KEY is not set: the fleet seals the sessions it keeps in Redis with it\. Make one with export WECHAT_RX_SESSION_KEY="\$\(openssl rand -base64 32\)"/);
    }
  });

  it('explains a malformed key without printing it', async () => {
    vi.stubEnv('WECHAT_RX_SESSION_KEY', 'not-a-key-c2VjcmV0');
    const result = await cli('fleet', '--redis', REDIS, '--role', 'both');
    expectFailure(result, /^error: WECHAT_RX_SESSION_KEY must be 32 bytes, as bytes or in base64/);
    expect(result.stderr).not.toContain('not-a-key');
  });

  it('needs no key for a worker, which opens no session: it goes on to Redis', async () => {
    vi.stubEnv('WECHAT_RX_SESSION_KEY', '');
    const result = await cli('fleet', '--redis', 'unix:///nonexistent/wechat-rx-test.sock', '--role', 'worker');
    expectFailure(result, /^error: cannot reach Redis at \/nonexistent\/wechat-rx-test\.sock \(ENOENT\): start it/);
  });

  it('says which Redis it cannot reach, without the password of the URL', async () => {
    vi.stubEnv('WECHAT_RX_SESSION_KEY', newSessionKey());
    const closed = await listening();
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await cli('fleet', 'status', '--redis', `redis://:hunter2@127.0.0.1:${port}`);
    expectFailure(result, new RegExp(`^error: cannot reach Redis at 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`));
    expect(result.stderr).not.toContain('hunter2');
  });
});

describe('wechat-rx fleet --help', () => {
  it('documents every option of the fleet commands on stdout', async () => {
    const expected: Record<string, string[]> = {
      fleet: ['--redis', '--role', '--server', '--sim', '--namespace', '--shards', '--group', '--ttl', '--metrics-port', '--json', 'add-account', 'status'],
      'fleet add-account': ['--redis', '--server', '--ilink', '--account', '--namespace', '--shards'],
      'fleet status': ['--redis', '--namespace', '--shards', '--group', '--json'],
    };
    for (const [command, options] of Object.entries(expected)) {
      const result = await cli(...command.split(' '), '--help');
      expect(result.code, command).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain(`Usage: wechat-rx ${command}`);
      for (const option of options) expect(result.stdout, `${command} --help lists ${option}`).toContain(option);
    }
    expect((await cli('help', 'fleet')).stdout).toContain('Usage: wechat-rx fleet');
    expect((await cli('--help')).stdout).toContain('fleet');
    const status = (await cli('fleet', 'status', '--help')).stdout.replace(/\s+/g, ' ');
    expect(status).toContain('the shards that have accounts or events, and the shards nobody holds');
  });
});

function listening(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

import { createServer, type Server } from 'node:net';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/index.js';
import { explainFailure } from '../../src/cli/explain.js';
import { reportFailure } from '../../src/cli/safety-net.js';
import { ClientClosedError } from '../../src/errors/client-closed-error.js';
import { InvalidArgumentError } from '../../src/errors/invalid-argument-error.js';
import { MediaSourceError } from '../../src/errors/media-source-error.js';
import { NetworkError } from '../../src/errors/network-error.js';
import { SessionEndedError } from '../../src/errors/session-ended-error.js';
import { SessionLockedError } from '../../src/errors/session-locked-error.js';
import { IlinkLoginError } from '../../src/ilink/errors/ilink-login-error.js';
import { SendRefusedError } from '../../src/ilink/errors/send-refused-error.js';
import { SessionStoreError } from '../../src/errors/session-store-error.js';
import { UnknownChatError } from '../../src/errors/unknown-chat-error.js';
import { memoryIo, runCli, STACK_LINE } from './run-cli.js';
import { buildPackage } from './build.js';

beforeAll(buildPackage, 120_000);

describe('explainFailure', () => {
  it('says what happened to the session file and what the CLI does about it', () => {
    const corrupt = new SessionStoreError('load', 'not a wechat-rx session: it is not JSON', { path: '/home/me/s.json' });
    expect(explainFailure(corrupt)).toBe(
      'The session file /home/me/s.json cannot be used: not a wechat-rx session: it is not JSON. It was left untouched. ' +
        'Move or delete it (or pick another --session) to log in with a new QR code.',
    );
    expect(explainFailure(new SessionStoreError('save', 'EACCES', { path: '/ro/s.json' }))).toMatch(
      /^The session file \/ro\/s\.json could not be written: EACCES\. Check that it and its folder are writable/,
    );
    expect(explainFailure(new SessionStoreError('lock', 'EROFS', { path: '/ro/s.json' }))).toMatch(/could not be locked for this client: EROFS/);
    expect(explainFailure(new SessionStoreError('load', 'unreadable'))).toMatch(/^The saved session cannot be used: unreadable\./);
  });

  it('names the holder of a locked session', () => {
    const locked = new SessionLockedError({ pid: 4242, hostname: 'desk', since: Date.UTC(2026, 0, 2, 3, 4, 5) }, '/home/me/s.json');
    expect(explainFailure(locked)).toBe(
      'The session file /home/me/s.json is in use by another client (process 4242 on desk, since 2026-01-02T03:04:05.000Z); ' +
        'two clients on one session would both receive and answer every message. Stop that one first, or pick another --session.',
    );
  });

  it('explains a file that cannot be sent, a bad argument, an unknown chat and a closed client', () => {
    expect(explainFailure(new MediaSourceError('/tmp/x.pdf', 'no such file', 'ENOENT'))).toBe(
      'Cannot send /tmp/x.pdf: no such file. Nothing was sent; check the path given to --file.',
    );
    expect(explainFailure(new InvalidArgumentError('send', 'text', 'is empty'))).toBe('send refused: the text is empty; nothing was done.');
    expect(explainFailure(new UnknownChatError('send', 'Alcie'))).toMatch(/^No contact or group "Alcie" in this account; nothing was sent\. Give --to a remark/);
    expect(explainFailure(new ClientClosedError('send', 'logout'))).toBe('The session had already been ended by logout() when send ran; run the command again.');
  });

  it('says a server that cannot be reached is one, and what to check; an HTTP error stays as it is', () => {
    const refused = new NetworkError('jslogin', undefined, Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }));
    expect(explainFailure(refused)).toBe('jslogin request failed: ECONNREFUSED: the server could not be reached. Check the network connection, and --server if you gave one.');
    expect(explainFailure(new NetworkError('webwxsync', 503))).toBe('webwxsync request failed: HTTP 503');
  });
});

describe('explainFailure for iLink', () => {
  it('says what a refused send, a failed binding and a dead token mean, and what to do', () => {
    expect(explainFailure(new SendRefusedError('bob@im.wechat', 'prepare failed'))).toMatch(
      /^The iLink server refused the message to bob@im\.wechat \(-2: prepare failed\), so nothing was sent: .* wait for their next message/,
    );
    expect(explainFailure(new IlinkLoginError('the new bot token was refused at once (-14)'))).toBe(
      'iLink login failed: the new bot token was refused at once (-14). Run the command again to log in with a new QR code.',
    );
    expect(explainFailure(new SessionEndedError('getupdates', -14))).toMatch(/^The iLink server no longer accepts this bot \(-14\)/);
    expect(explainFailure(new SessionEndedError('synccheck', -14))).toBe('The server no longer takes this session’s ticket (-14). Log in again.');
    expect(explainFailure(new SessionEndedError('webwxsync', 1101))).toMatch(/^Logged out: this account logged in to web WeChat elsewhere/);
  });
});

describe('the safety net', () => {
  const secret = new Error('request failed: skey=@crypt_0123abcd_feedbeef&pass_ticket=AbCd%2B');

  it('prints "error: <message>", redacted, without a stack unless WECHAT_RX_DEBUG=1', () => {
    const quiet = memoryIo();
    reportFailure(secret, quiet.io, {});
    expect(quiet.stderr()).toBe('error: request failed: skey=***&pass_ticket=***\n');
    const debug = memoryIo();
    reportFailure(secret, debug.io, { WECHAT_RX_DEBUG: '1' });
    expect(debug.stderr()).toMatch(STACK_LINE);
    expect(debug.stderr()).not.toContain('0123abcd');
    expect(debug.stderr()).not.toContain('AbCd');
  });

  it('colours the error only when stderr has colours', () => {
    const terminal = memoryIo({ tty: true, colors: true });
    reportFailure(new Error('boom'), terminal.io, {});
    expect(terminal.stderr()).toBe('\u001b[31merror: boom\u001b[39m\n');
  });

  it('turns an unexpected failure of a command into exit code 1 and one line', async () => {
    const terminal = memoryIo();
    vi.stubEnv('TMPDIR', '/nonexistent-wechat-rx-tmp');
    try {
      expect(await main(['demo', '--duration', '3'], terminal.io)).toBe(1);
    } finally {
      vi.unstubAllEnvs();
    }
    expect(terminal.stderr()).toMatch(/^error: ENOENT.*nonexistent-wechat-rx-tmp.*\n$/);
  });

  it('shows the stack of the built CLI only with WECHAT_RX_DEBUG=1', async () => {
    const quiet = runCli(['sim', '--host', '192.0.2.1']);
    expect(await quiet.exited).toBe(1);
    expect(quiet.stderr()).toMatch(/^error: /);
    expect(quiet.stderr()).not.toMatch(STACK_LINE);
    const debug = runCli(['sim', '--host', '192.0.2.1'], { WECHAT_RX_DEBUG: '1' });
    expect(await debug.exited).toBe(1);
    expect(debug.stderr()).toMatch(STACK_LINE);
  }, 30_000);
});

describe('sim --host that is no address of this machine', () => {
  it('says so and what to give instead, exit code 1', async () => {
    for (const host of ['192.0.2.1', 'nonexistent.invalid']) {
      const terminal = memoryIo();
      expect(await main(['sim', '--host', host], terminal.io)).toBe(1);
      expect(terminal.stderr()).toMatch(new RegExp(`^error: cannot listen on ${host.replaceAll('.', '\\.')} \\((EADDRNOTAVAIL|ENOTFOUND|EAI_AGAIN)\\): give --host an address of this machine`));
    }
  });
});

describe('sim --port on a busy port', () => {
  let busy: Server | undefined;
  afterEach(() => void busy?.close());

  it('says the port is in use and what to do, exit code 1', async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy?.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    const terminal = memoryIo();
    expect(await main(['sim', '--port', String(port)], terminal.io)).toBe(1);
    expect(terminal.stderr()).toBe(
      `error: port ${port} on 127.0.0.1 is in use by another program: stop that program, or pick another --port (--port 0 picks a free one)\n`,
    );
    expect(terminal.stdout()).toBe('');
  });
});

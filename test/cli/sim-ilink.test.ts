import { createServer, type Server } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index.js';
import { simUserId } from '../../src/testing/ilink-simulator/random.js';
import { call, getQrcode, msgs, pollStatus } from '../ilink-simulator/helpers.js';
import { buildPlayground } from '../../scripts/build-playground.js';
import { is, tapEvents } from '../playground/event-tap.js';
import { perTest } from '../support/per-test.js';
import { buildPackage } from './build.js';
import { memoryIo, runCli, STACK_LINE, stopRun, type CliRun } from './run-cli.js';

const after = perTest();
beforeAll(buildPackage, 120_000);

/** Starts `wechat-rx sim --ilink` (the built CLI) and reads its one stdout line. */
async function runIlinkSim(args: readonly string[] = []): Promise<{ run: CliRun; origin: string; cdn: string }> {
  const run = after.closeAfter(runCli(['sim', '--ilink', '--port', '0', '--updates-hold-ms', '300', ...args]), stopRun);
  await run.waitFor((output) => output.includes('Stop with Ctrl-C'));
  const line = JSON.parse(run.stdout().split('\n')[0] ?? '') as { origin: string; cdn: string };
  return { run, ...line };
}

async function control(origin: string, method: string, path: string, body?: object): Promise<Record<string, unknown>> {
  const res = await fetch(`${origin}/__sim/${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  expect(res.status, `${method} /__sim/${path}`).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

async function cli(...argv: string[]) {
  const terminal = memoryIo();
  const code = await main(argv, terminal.io);
  return { code, stdout: terminal.stdout(), stderr: terminal.stderr() };
}

describe('npx wechat-rx sim --ilink', () => {
  it('prints one JSON line, describes the control API, and serves a bot a message injected over it', async () => {
    const { run, origin, cdn } = await runIlinkSim();
    expect(run.stdout()).toBe(`${JSON.stringify({ origin, cdn })}\n`);
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(cdn).toBe(`${origin}/c2c`);
    expect(run.stderr()).toContain(`iLink simulator on ${origin}`);
    expect(run.stderr()).toContain('POST   /__sim/inject');
    expect(run.stderr()).toContain('DELETE /__sim/fault');

    const bot = await control(origin, 'POST', 'bind');
    const token = bot['token'] as string;
    const poll = call(origin, 'getupdates', token, { get_updates_buf: '' });
    const injected = await control(origin, 'POST', 'inject', { text: 'over the control API' });
    const answer = await poll;
    expect(answer.body['ret']).toBe(0);
    expect(msgs(answer).map((m) => m['item_list'])).toEqual([[expect.objectContaining({ type: 1, text_item: { text: 'over the control API' } })]]);
    expect(answer.text).toContain(`"message_id":${injected['messageId'] as string}`);
    // --updates-hold-ms 300: an empty poll answers long before the default 35 s
    const empty = await call(origin, 'getupdates', token, { get_updates_buf: answer.body['get_updates_buf'] }, { signal: AbortSignal.timeout(5000) });
    expect(msgs(empty)).toEqual([]);
    expect((await control(origin, 'GET', 'stats'))['requests']).toEqual({ getupdates: 2 });

    run.child.kill('SIGTERM');
    // like `wechat-rx sim`: stopping is the simulator's normal end
    expect(await run.exited).toBe(0);
    expect(run.stderr()).not.toMatch(STACK_LINE);
  }, 60_000);

  it('applies its options: seed, auto-confirm, batch size and the context-token check', async () => {
    const { origin } = await runIlinkSim(['--seed', '7', '--auto-confirm', '--qr-hold-ms', '200', '--batch-size', '1', '--context-token-check', 'off']);
    expect((await control(origin, 'GET', 'users?count=2'))['users']).toEqual([simUserId(7, 0), simUserId(7, 1)]);

    const qrcode = await getQrcode(origin);
    let status = '';
    for (let polls = 0; polls < 50 && status !== 'confirmed'; polls++) status = (await pollStatus(origin, qrcode)).body['status'] as string;
    expect(status).toBe('confirmed');
    const { body: login } = await pollStatus(origin, qrcode);
    const token = login['bot_token'] as string;

    await control(origin, 'POST', 'inject', { text: 'one' });
    await control(origin, 'POST', 'inject', { text: 'two' });
    expect(msgs(await call(origin, 'getupdates', token, { get_updates_buf: '' }))).toHaveLength(1);

    const sent = await call(origin, 'sendmessage', token, {
      msg: { to_user_id: simUserId(7, 0), client_id: 'cli:1', message_type: 2, message_state: 2, item_list: [{ type: 1, text_item: { text: 'no token' } }] },
    });
    expect(sent.body['message_id']).toBeDefined();
    expect(((await control(origin, 'GET', 'outbox'))['outbox'] as Array<Record<string, unknown>>)[0]).toMatchObject({ contextToken: 'unchecked', outcome: 'delivered' });
  }, 60_000);

  it('serves the playground with --ui, names its address in the JSON line and on stderr', async () => {
    await buildPlayground();
    const { run, origin, cdn } = await runIlinkSim(['--ui']);
    const playground = `${origin}/__ui/`;
    expect(run.stdout()).toBe(`${JSON.stringify({ origin, cdn, playground })}\n`);
    expect(run.stderr()).toContain(`Playground: ${playground}`);
    const page = await fetch(playground);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const events = after.closeAfter(await tapEvents(origin), (tap) => tap.close());
    expect((await events.waitFor(is('hello'))).protocol).toBe('ilink');
  }, 60_000);

  it('stops on SIGINT too, and listens on the --port and --host it is given', async () => {
    const free = createServer();
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
    const port = (free.address() as { port: number }).port;
    await new Promise<void>((resolve) => free.close(() => resolve()));
    const run = after.closeAfter(runCli(['sim', '--ilink', '--port', String(port), '--host', '127.0.0.1']), stopRun);
    await run.waitFor((output) => output.includes('Stop with Ctrl-C'));
    expect(JSON.parse(run.stdout()) as unknown).toEqual({ origin: `http://127.0.0.1:${port}`, cdn: `http://127.0.0.1:${port}/c2c` });
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
  }, 60_000);
});

describe('sim --ilink on a busy port', () => {
  let busy: Server | undefined;
  afterEach(() => void busy?.close());

  it('says the port is in use and what to do, exit code 1', async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy?.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    const run = runCli(['sim', '--ilink', '--port', String(port)]);
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toBe(`error: port ${port} on 127.0.0.1 is in use by another program: stop that program, or pick another --port (--port 0 picks a free one)\n`);
    expect(run.stdout()).toBe('');
  }, 30_000);
});

describe('sim --ilink on the command line', () => {
  it('lists the iLink options in the help', async () => {
    const { code, stdout } = await cli('sim', '--help');
    expect(code).toBe(0);
    for (const option of ['--ilink', '--qr-hold-ms', '--updates-hold-ms', '--context-token-check', '--batch-size']) expect(stdout).toContain(option);
  });

  it('refuses Web options with --ilink and iLink options without it, exit code 2', async () => {
    const mixed = await cli('sim', '--ilink', '--friends', '3');
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/^error: option '--friends <n>' cannot be used with option '--ilink'\nusage: wechat-rx sim /);
    const alone = await cli('sim', '--updates-hold-ms', '100');
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/^error: option '--updates-hold-ms <n>' needs --ilink\nusage: wechat-rx sim /);
    const mode = await cli('sim', '--ilink', '--context-token-check', 'sometimes');
    expect(mode.code).toBe(2);
    expect(mode.stderr).toMatch(/Allowed choices are issued, latest, off/);
    expect(mode.stdout).toBe('');
  });
});

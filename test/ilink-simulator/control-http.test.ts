import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTROL_BODY_LIMIT } from '../../src/testing/ilink-simulator/control-http.js';
import { ILINK_CONTROL_ROUTES, ILINK_CONTROL_TABLE } from '../../src/testing/ilink-simulator/control-routes.js';
import { ILINK_INJECT_KINDS, startIlinkSimulator, type IlinkSimulator } from '../../src/testing/index.js';
import { call, getQrcode, getUpdates, msgs, pollStatus } from './helpers.js';

let sim: IlinkSimulator;
afterEach(async () => {
  await sim.close();
});

type Obj = Record<string, unknown>;

interface ControlAnswer {
  readonly status: number;
  readonly text: string;
  readonly body: Obj;
  readonly headers: Headers;
}

/** A control call as a user with only curl would make it. */
async function control(method: string, path: string, body?: unknown, raw?: string): Promise<ControlAnswer> {
  const res = await fetch(`${sim.origin}/__sim${path}`, { method, ...(body === undefined && raw === undefined ? {} : { body: raw ?? JSON.stringify(body) }) });
  const text = await res.text();
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return { status: res.status, text, body: JSON.parse(text) as Obj, headers: res.headers };
}

const post = (path: string, body?: unknown) => control('POST', path, body);
const get = (path: string) => control('GET', path);

/** A refused call: the status, and a body that is `{ error }` alone, with no stack in it. */
function expectRefused(answer: ControlAnswer, status: number, error: RegExp): void {
  expect(answer.status).toBe(status);
  expect(Object.keys(answer.body)).toEqual(['error']);
  expect(answer.body['error']).toMatch(error);
  expect(answer.text).not.toMatch(/\bat .+:\d+:\d+/);
}

const itemOf = (m: Obj): Obj => (m['item_list'] as Obj[])[0] as Obj;

describe('the iLink control API: listing and users', () => {
  it('lists every route of the table at GET /__sim', async () => {
    sim = await startIlinkSimulator();
    const { status, body } = await get('');
    expect(status).toBe(200);
    expect(body['routes']).toEqual(ILINK_CONTROL_ROUTES);
    for (const route of ILINK_CONTROL_TABLE) expect(ILINK_CONTROL_ROUTES.some((line) => line.startsWith(route.method) && line.includes(`/__sim/${route.path}`))).toBe(true);
  });

  it('names simulated users, the owner first', async () => {
    sim = await startIlinkSimulator({ seed: 9 });
    expect((await get('/users?count=3')).body).toEqual({ users: [sim.userId(0), sim.userId(1), sim.userId(2)] });
    expect(((await get('/users')).body['users'] as string[]).length).toBe(5);
    expectRefused(await get('/users?count=0'), 400, /count: expected a whole number from 1/);
    expectRefused(await get('/users?count=many'), 400, /count/);
  });
});

describe('the iLink control API: the phone', () => {
  it('scans and confirms a QR login', async () => {
    sim = await startIlinkSimulator({ qrHoldMs: 50 });
    expectRefused(await post('/phone/scan'), 404, /no QR login is open/);
    const qrcode = await getQrcode(sim.origin);
    expect((await post('/phone/scan', { userId: sim.userId(1) })).body).toEqual({ ok: true });
    expect((await pollStatus(sim.origin, qrcode)).body['status']).toBe('scaned');
    expectRefused(await post('/phone/scan', { qrcode }), 409, /is scaned/);
    expect((await post('/phone/confirm', { qrcode })).body).toEqual({ ok: true });
    const confirmed = (await pollStatus(sim.origin, qrcode)).body;
    expect(confirmed).toMatchObject({ status: 'confirmed', ilink_user_id: sim.userId(1) });
    expectRefused(await post('/phone/confirm', { qrcode: 'no-such-code' }), 404, /unknown QR code/);
  });

  it('requires a pair code, redirects and expires', async () => {
    sim = await startIlinkSimulator({ qrHoldMs: 50 });
    const first = await getQrcode(sim.origin);
    expect((await post('/phone/verify-code', { code: '42' })).body).toEqual({ ok: true });
    await post('/phone/scan');
    expect((await pollStatus(sim.origin, first)).body['status']).toBe('need_verifycode');
    expectRefused(await post('/phone/verify-code', {}), 400, /^bad body: code: expected string, got nothing$/);
    expectRefused(await post('/phone/verify-code', { code: '' }), 400, /pair code is needed/);
    expect((await post('/phone/expire', { qrcode: first })).body).toEqual({ ok: true });
    expect((await pollStatus(sim.origin, first)).body['status']).toBe('expired');

    const second = await getQrcode(sim.origin);
    expect((await post('/phone/redirect', { qrcode: second })).body).toEqual({ ok: true });
    expect((await pollStatus(sim.origin, second)).body).toMatchObject({ status: 'scaned_but_redirect', redirect_host: sim.redirectHost });
    expectRefused(await post('/phone/expire', { qrcode: 7 }), 400, /qrcode: expected string, got 7/);
  });
});

describe('the iLink control API: bots', () => {
  it('binds a bot, describes it and kills its token', async () => {
    sim = await startIlinkSimulator({ updatesHoldMs: 50 });
    expectRefused(await get('/bot'), 404, /no bot is logged in/);
    const bound = (await post('/bind', { userId: sim.userId(2) })).body;
    expect(bound).toMatchObject({ token: expect.any(String), botId: expect.stringMatching(/@im\.bot$/), userId: sim.userId(2), baseUrl: sim.origin });
    const token = bound['token'] as string;
    expect((await getUpdates(sim, token)).body['ret']).toBe(0);
    expect((await get('/bot')).body).toMatchObject({ botId: bound['botId'], userId: sim.userId(2), alive: true });
    expect((await get(`/bot?botId=${encodeURIComponent(bound['botId'] as string)}`)).body['botId']).toBe(bound['botId']);
    expectRefused(await get('/bot?botId=nobody@im.bot'), 404, /unknown bot/);

    expectRefused(await post('/kill', { token: 'not-a-token' }), 404, /^unknown token$/);
    expect((await post('/kill', { token })).body).toEqual({ ok: true });
    expect((await getUpdates(sim, token)).body['errcode']).toBe(-14);
    expect((await get(`/bot?botId=${encodeURIComponent(bound['botId'] as string)}`)).body['alive']).toBe(false);
    expectRefused(await post('/kill'), 404, /no live bot/);
    expectRefused(await post('/bind', { userId: ['x'] }), 400, /userId/);
  });

  it('never puts a token into an error', async () => {
    sim = await startIlinkSimulator();
    const { token } = sim.createBot();
    const refusals = [
      await post('/kill', { token: `${token}x` }),
      await post('/inject', { kind: 'text', text: 5, from: token }),
      await post('/bind', { userId: 1, token }),
      await get(`/nothing-here`),
    ];
    for (const refusal of refusals) {
      expect(refusal.status).toBeGreaterThanOrEqual(400);
      expect(refusal.text).not.toContain(token);
    }
  });
});

describe('the iLink control API: injected messages', () => {
  it('injects a message of every kind, delivered by getupdates', async () => {
    sim = await startIlinkSimulator({ updatesHoldMs: 50, batchSize: 50 });
    expectRefused(await post('/inject', { text: 'too early' }), 404, /no bot is logged in/);
    const { token } = sim.createBot();
    const bodies: Record<(typeof ILINK_INJECT_KINDS)[number], Obj> = {
      text: { text: 'plain' },
      image: { dataBase64: Buffer.from([0, 1, 2, 255]).toString('base64') },
      voice: { data: 'silk bytes', transcript: 'hello there' },
      file: { data: 'report', fileName: 'report.txt' },
      video: { data: 'mp4 bytes', playLength: 3 },
      quote: { text: 'yes', quotedText: 'really?' },
      unknown: { itemType: 99, item: { tool_item: { name: 'x' } } },
      generating: { text: 'streamed answer', partialText: 'stre' },
    };
    const injected: Record<string, Obj> = {};
    for (const kind of ILINK_INJECT_KINDS) {
      const answer = await post('/inject', { kind, from: sim.userId(1), ...bodies[kind] });
      expect(answer.status, kind).toBe(200);
      injected[kind] = answer.body;
    }
    expect(injected['text']).toMatchObject({ messageId: expect.stringMatching(/^\d+$/), from: sim.userId(1), contextToken: expect.any(String) });
    // `kind` defaults to text
    await post('/inject', { text: 'no kind given' });

    const delivered = msgs(await getUpdates(sim, token));
    const byId = (kind: string): Obj[] => delivered.filter((m) => m['context_token'] === injected[kind]?.['contextToken']);
    expect(itemOf(byId('text')[0] as Obj)).toMatchObject({ type: 1, text_item: { text: 'plain' } });
    expect(itemOf(byId('image')[0] as Obj)['type']).toBe(2);
    expect(itemOf(byId('voice')[0] as Obj)).toMatchObject({ type: 3, voice_item: { text: 'hello there' } });
    expect(itemOf(byId('file')[0] as Obj)).toMatchObject({ type: 4, file_item: { file_name: 'report.txt', len: '6' } });
    expect(itemOf(byId('video')[0] as Obj)).toMatchObject({ type: 5, video_item: { play_length: 3 } });
    expect(itemOf(byId('quote')[0] as Obj)).toMatchObject({ type: 1, ref_msg: { title: 'really?' } });
    expect(itemOf(byId('unknown')[0] as Obj)).toMatchObject({ type: 99, tool_item: { name: 'x' } });
    expect(byId('generating').map((m) => [m['message_state'], (itemOf(m)['text_item'] as Obj)['text']])).toEqual([
      [1, 'stre'],
      [2, 'streamed answer'],
    ]);
    expect(delivered.at(-1)?.['from_user_id']).toBe(sim.userId(0));

    const media = injected['image']?.['media'] as Obj;
    const read = await get(`/media?param=${encodeURIComponent(media['encryptQueryParam'] as string)}`);
    expect(read.body).toMatchObject({ source: 'inject', rawSize: 4, dataBase64: Buffer.from([0, 1, 2, 255]).toString('base64') });
  });

  it('refuses bad inject bodies with 400, naming the fault', async () => {
    sim = await startIlinkSimulator();
    sim.createBot();
    expectRefused(await post('/inject', { kind: 'sticker' }), 400, /^kind: expected one of text\|image/);
    expectRefused(await post('/inject', { kind: 'text' }), 400, /^bad body: text: expected string, got nothing$/);
    expectRefused(await post('/inject', { kind: 'image' }), 400, /image messages need data/);
    expectRefused(await post('/inject', { kind: 'file', data: 'x' }), 400, /fileName: expected string/);
    expectRefused(await post('/inject', { kind: 'video', data: 'x', dataBase64: 'eA==' }), 400, /not both/);
    expectRefused(await post('/inject', { kind: 'voice', dataBase64: 'not base64!' }), 400, /dataBase64: expected Base64/);
    expectRefused(await post('/inject', { kind: 'unknown', itemType: 1.5 }), 400, /itemType: expected Int/);
    expectRefused(await post('/inject', { kind: 'quote', text: 'a' }), 400, /quotedText/);
    expectRefused(await post('/inject', { kind: 'text', text: 'x', botId: 'nobody@im.bot' }), 404, /no live bot nobody@im\.bot/);
    expectRefused(await control('POST', '/inject', undefined, '{"text":'), 400, /^malformed JSON body$/);
    expectRefused(await control('POST', '/inject', undefined, '["text"]'), 400, /^the body must be a JSON object$/);
  });

  it('takes media of several MiB as dataBase64, and answers 413 to a larger body before reading it', async () => {
    sim = await startIlinkSimulator();
    sim.createBot();
    const video = Buffer.alloc(3 * 1024 * 1024, 7);
    const { body } = await post('/inject', { kind: 'video', dataBase64: video.toString('base64') });
    expect((body['media'] as Obj)['rawSize']).toBe(video.length);
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(`${sim.origin}/__sim/inject`, { method: 'POST', headers: { 'Content-Length': String(CONTROL_BODY_LIMIT + 1) } }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text)).toEqual({ error: `body larger than ${CONTROL_BODY_LIMIT} bytes` });
  });
});

describe('the iLink control API: what the bot did', () => {
  it('blocks a user, and reads the outbox, typing and the request log', async () => {
    sim = await startIlinkSimulator();
    const { token } = sim.createBot();
    const { from, contextToken } = sim.inject({ kind: 'text', text: 'hi', from: sim.userId(1) });
    expect((await post('/block', { userId: from })).body).toEqual({ ok: true });
    const send = () =>
      call(sim.origin, 'sendmessage', token, {
        msg: { to_user_id: from, client_id: `c${Math.random()}`, message_type: 2, message_state: 2, context_token: contextToken, item_list: [{ type: 1, text_item: { text: 'pong' } }] },
      });
    expect((await send()).body['message_id']).toBeUndefined();
    expect((await post('/block', { userId: from, blocked: false })).body).toEqual({ ok: true });
    expect((await send()).body['message_id']).toBeDefined();
    const outbox = (await get('/outbox')).body['outbox'] as Obj[];
    expect(outbox.map((o) => [o['to'], o['text'], o['outcome']])).toEqual([
      [from, 'pong', 'blocked'],
      [from, 'pong', 'delivered'],
    ]);
    expectRefused(await post('/block', {}), 400, /userId: expected string/);

    const ticket = (await call(sim.origin, 'getconfig', token, { ilink_user_id: from })).body['typing_ticket'] as string;
    await call(sim.origin, 'sendtyping', token, { ilink_user_id: from, typing_ticket: ticket, status: 1 });
    const typing = await get('/typing');
    expect(typing.body['typing']).toEqual([expect.objectContaining({ userId: from, status: 1, ticket: 'valid' })]);
    expect(typing.text).not.toContain(ticket);

    await fetch(`${sim.origin}/ilink/bot/getconfig`, { method: 'POST', body: '{}' });
    const all = (await get('/requests')).body['requests'] as Obj[];
    expect(all.map((r) => r['endpoint'])).toEqual(['sendmessage', 'sendmessage', 'getconfig', 'sendtyping', 'getconfig']);
    const sends = (await get('/requests?endpoint=sendmessage')).body['requests'] as Obj[];
    expect(sends).toHaveLength(2);
    const broken = (await get('/requests?problems=1')).body['requests'] as Obj[];
    expect(broken).toHaveLength(1);
    expect((broken[0]?.['problems'] as string[]).length).toBeGreaterThan(0);
    expect(JSON.stringify(all)).not.toContain(token);
  });

  it('reads a CDN object, refusing a missing or unknown parameter', async () => {
    sim = await startIlinkSimulator();
    sim.createBot();
    const { media } = sim.inject({ kind: 'file', data: 'contents', fileName: 'a.txt' });
    const param = media?.encryptQueryParam ?? '';
    expect((await get(`/media?param=${encodeURIComponent(param)}`)).body).toEqual({
      ...sim.media(param),
      dataBase64: Buffer.from('contents').toString('base64'),
    });
    expectRefused(await get('/media'), 400, /param/);
    expectRefused(await get('/media?param=nope'), 404, /unknown encrypt_query_param/);
  });
});

describe('the iLink control API: faults and stats', () => {
  it('adds and clears faults', async () => {
    sim = await startIlinkSimulator({ updatesHoldMs: 50 });
    const { token } = sim.createBot();
    const added = (await post('/fault', { endpoint: 'getupdates', kind: 'http', value: 503, times: 2 })).body;
    expect(added).toEqual({ id: expect.any(Number) });
    expect((await getUpdates(sim, token)).status).toBe(503);
    expect((await control('DELETE', `/fault?id=${added['id'] as number}`)).body).toEqual({ cleared: 1 });
    expect((await getUpdates(sim, token)).status).toBe(200);

    await post('/fault', { endpoint: 'sendmessage', kind: 'retcode', value: -2, field: 'both', errmsg: 'nope' });
    await post('/fault', { endpoint: '*', kind: 'delay', value: 10, forMs: 60_000 });
    expect((await control('DELETE', '/fault')).body).toEqual({ cleared: 2 });
    expectRefused(await control('DELETE', '/fault?id=-1'), 400, /id/);
    expectRefused(await post('/fault', { endpoint: 'getupdates', kind: 'meltdown' }), 400, /kind: expected one of retcode\|http\|reset\|delay\|garbage/);
    expectRefused(await post('/fault', { endpoint: 'getmessages', kind: 'http' }), 400, /endpoint: expected one of/);
    expectRefused(await post('/fault', { endpoint: 'upload', kind: 'retcode' }), 400, /CDN answers no JSON/);
    expectRefused(await post('/fault', { endpoint: 'getupdates', kind: 'http', times: 'twice' }), 400, /times: expected Int/);
  });

  it('counts API requests in the stats, and not control calls', async () => {
    sim = await startIlinkSimulator({ updatesHoldMs: 50 });
    const { token } = sim.createBot();
    await getUpdates(sim, token);
    await get('/users');
    const stats = (await get('/stats')).body;
    expect(stats).toEqual({ requests: { getupdates: 1 }, held: 0, timers: expect.any(Number), liveBots: 1, cdnObjects: 0 });
    expect(sim.requests()).toHaveLength(1);
  });
});

describe('the iLink control API: wrong routes and methods', () => {
  it('answers 404 for an unknown route and 405 with Allow for a wrong method', async () => {
    sim = await startIlinkSimulator();
    expectRefused(await get('/phone/dance'), 404, /unknown control route \/__sim\/phone\/dance/);
    const wrong = await get('/inject');
    expectRefused(wrong, 405, /use POST/);
    expect(wrong.headers.get('allow')).toBe('POST');
    const fault = await control('PUT', '/fault', {});
    expectRefused(fault, 405, /use POST, DELETE/);
    expect(fault.headers.get('allow')).toBe('POST, DELETE');
  });

  it('keeps the CDN off the control path', async () => {
    await expect(startIlinkSimulator({ cdnBasePath: '/__sim' })).rejects.toThrow(/outside \/ilink\/ and \/__sim\//);
    sim = await startIlinkSimulator({ cdnBasePath: '/__simcdn' });
    expect(sim.cdnBaseUrl).toBe(`${sim.origin}/__simcdn`);
  });
});

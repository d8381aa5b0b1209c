/** The iLink simulator's playground, server side: what its event stream carries, and what it never does. */
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { startIlinkSimulator, type IlinkSimulator, type IlinkSimulatorOptions } from '../../src/testing/index.js';
import type { PageEvent } from '../../src/testing/playground/page-events.js';
import { buildPlayground } from '../../scripts/build-playground.js';
import { BASE_INFO, call, encrypt, getQrcode, headers, md5, msgs, paddedSize, pollStatus } from '../ilink-simulator/helpers.js';
import { leaksOf } from '../support/credential-scan.js';
import { perTest } from '../support/per-test.js';
import { is, tapEvents, type EventTap } from './event-tap.js';

const after = perTest();
beforeAll(async () => {
  await buildPlayground();
});

async function start(options: IlinkSimulatorOptions = {}): Promise<{ sim: IlinkSimulator; tap: EventTap }> {
  const sim = after.closeAfter(await startIlinkSimulator({ ui: true, qrHoldMs: 200, updatesHoldMs: 200, ...options }), (s) => s.close());
  const tap = after.closeAfter(await tapEvents(sim.origin), (t) => t.close());
  return { sim, tap };
}

/** A bot's QR login over HTTP with the phone's buttons in between; the token the confirmed poll hands out. */
async function bind(sim: IlinkSimulator): Promise<string> {
  const qrcode = await getQrcode(sim.origin);
  sim.scan();
  sim.confirm();
  return (await pollStatus(sim.origin, qrcode)).body['bot_token'] as string;
}

const send = (sim: IlinkSimulator, token: string, to: string, item: Record<string, unknown>, contextToken?: string, uin?: string) =>
  fetch(`${sim.origin}/ilink/bot/sendmessage`, {
    method: 'POST',
    headers: headers(token, uin === undefined ? {} : { 'X-WECHAT-UIN': uin }),
    body: JSON.stringify({ msg: { to_user_id: to, client_id: `c${randomBytes(4).toString('hex')}`, message_type: 2, message_state: 2, item_list: [item], ...(contextToken === undefined ? {} : { context_token: contextToken }) }, base_info: BASE_INFO }),
  }).then(async (res) => (await res.json()) as Record<string, unknown>);

describe('the iLink simulator playground (server side)', () => {
  it('is off by default: no page, no event stream, no playground URL', async () => {
    const sim = after.closeAfter(await startIlinkSimulator(), (s) => s.close());
    expect(sim.playgroundUrl).toBeUndefined();
    for (const path of ['/__ui/', '/__ui/app.js', '/__ui/events']) expect((await fetch(sim.origin + path)).status).toBe(404);
  });

  it('serves the page on the main listener and opens with an iLink snapshot: users, no groups, the QR phone, its endpoints', async () => {
    const { sim, tap } = await start();
    expect(sim.playgroundUrl).toBe(`${sim.origin}/__ui/`);
    const page = await fetch(sim.playgroundUrl ?? '');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect((await fetch(`http://${sim.redirectHost}/__ui/`)).status).toBe(404);
    const hello = await tap.waitFor(is('hello'));
    expect(hello.protocol).toBe('ilink');
    expect(hello.world.friends.map((f) => f.id)).toEqual([0, 1, 2, 3, 4].map((i) => sim.userId(i)));
    expect(hello.world.groups).toEqual([]);
    expect(hello.features.login?.buttons.map((b) => b.action)).toEqual(['scan', 'confirm', 'pairCode', 'expire']);
    expect(hello.features.endpoints).toContain('getupdates');
    expect(hello.features.timeline).toBe('requests');
  });

  it('pushes the QR login with its pair code, the bot, the users\' messages, the replies with their verdicts, faults and the -14 end', async () => {
    const { sim, tap } = await start({ replyBudget: 1 });
    const qrcode = await getQrcode(sim.origin);
    expect((await tap.waitFor((e): e is Extract<PageEvent, { t: 'login' }> => e.t === 'login' && e.qrSvg !== undefined)).qrSvg).toMatch(/^<svg/);
    sim.requireVerifyCode('4711');
    sim.scan();
    expect(await tap.waitFor((e) => e.t === 'login' && e.state === 'verify-code')).toMatchObject({ uuid: qrcode, pairCode: '4711' });
    await pollStatus(sim.origin, qrcode, '4711');
    await tap.waitFor((e) => e.t === 'login' && e.state === 'scanned');
    sim.confirm();
    const token = (await pollStatus(sim.origin, qrcode)).body['bot_token'] as string;
    const bot = sim.bot()!;
    expect(await tap.waitFor((e) => e.t === 'session' && e.active)).toMatchObject({ uuid: bot.botId });
    expect(await tap.waitFor((e) => e.t === 'request' && e.endpoint === 'get_qrcode_status')).toMatchObject({ status: 200 });

    const user = sim.userId(1);
    const injected = sim.inject({ kind: 'text', from: user, text: 'hi bot' });
    expect(await tap.waitFor((e) => e.t === 'message' && e.dir === 'in')).toMatchObject({ msgId: injected.messageId, chat: user, chatName: 'User 1', kind: 'text', text: 'hi bot' });
    expect(await send(sim, token, user, { type: 1, text_item: { text: 'hello user' } }, injected.contextToken)).toMatchObject({ ret: 0 });
    expect(await tap.waitFor((e) => e.t === 'message' && e.dir === 'bot' && e.text === 'hello user')).toMatchObject({ chat: user, state: 'sent' });
    await send(sim, token, user, { type: 1, text_item: { text: 'over budget' } }, injected.contextToken);
    expect(await tap.waitFor((e) => e.t === 'message' && e.text === 'over budget')).toMatchObject({ state: 'refused', reason: 'reply-budget' });
    await send(sim, token, user, { type: 1, text_item: { text: 'no token' } });
    expect(await tap.waitFor((e) => e.t === 'message' && e.text === 'no token')).toMatchObject({ state: 'refused', reason: 'context-token' });
    expect(await tap.waitFor((e) => e.t === 'request' && e.endpoint === 'sendmessage' && e.code !== undefined)).toMatchObject({ status: 200, code: -2 });

    const { id } = sim.fault({ endpoint: 'getupdates', kind: 'http', value: 500, forMs: 60_000 });
    expect(await tap.waitFor((e) => e.t === 'faults' && e.faults.length === 1)).toMatchObject({ faults: [{ id, endpoint: 'getupdates', kind: 'http', value: 500, remaining: null }] });
    await call(sim.origin, 'getupdates', token, { get_updates_buf: '' });
    expect(await tap.waitFor((e) => e.t === 'request' && e.endpoint === 'getupdates')).toMatchObject({ status: 500, fault: 'http' });
    sim.clearFaults();
    await tap.waitFor((e) => e.t === 'faults' && e.faults.length === 0);

    sim.killToken();
    expect(await tap.waitFor((e) => e.t === 'session' && !e.active)).toMatchObject({ uuid: bot.botId, endCode: -14 });
    await call(sim.origin, 'getconfig', token, { ilink_user_id: user });
    expect(await tap.waitFor((e) => e.t === 'request' && e.endpoint === 'getconfig')).toMatchObject({ status: 200, code: -14 });
  });

  it('keeps pictures behind keys of its own: an injected image downloads as its bytes', async () => {
    const { sim, tap } = await start();
    sim.createBot();
    const picture = Buffer.from([0x89, 0x50, 0x4e, 0x47, 9, 8, 7, 6]);
    sim.inject({ kind: 'image', from: sim.userId(2), data: picture });
    const shown = await tap.waitFor((e): e is Extract<PageEvent, { t: 'message' }> => e.t === 'message' && e.kind === 'image');
    expect(shown.media).toMatch(/^m\d+$/);
    const served = await fetch(`${sim.origin}/__ui/media/${shown.media ?? ''}`);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer())).toEqual(picture);
    expect((await fetch(`${sim.origin}/__ui/media/nothing`)).status).toBe(404);
  });

  it('never sends the bot token, an AES key, a CDN parameter, a context token or an X-WECHAT-UIN value to the page', async () => {
    const { sim, tap } = await start();
    const token = await bind(sim);
    const user = sim.userId(1);
    const text = sim.inject({ kind: 'text', from: user, text: 'scan me' });
    const image = sim.inject({ kind: 'image', from: user, data: randomBytes(40) });
    const file = sim.inject({ kind: 'file', from: user, data: 'a report', fileName: 'report.txt' });

    // The bot uploads a picture and sends it back, with UIN values the test knows.
    const uins = [0, 1, 2].map(() => Buffer.from(String(randomBytes(4).readUInt32BE(0))).toString('base64'));
    const key = randomBytes(16);
    const plain = randomBytes(100);
    const ticket = await fetch(`${sim.origin}/ilink/bot/getuploadurl`, {
      method: 'POST',
      headers: headers(token, { 'X-WECHAT-UIN': uins[0]! }),
      body: JSON.stringify({ filekey: 'k1', media_type: 1, to_user_id: user, rawsize: plain.length, rawfilemd5: md5(plain), filesize: paddedSize(plain.length), aeskey: key.toString('hex'), no_need_thumb: true, base_info: BASE_INFO }),
    }).then(async (res) => (await res.json()) as { upload_param: string });
    const uploaded = await fetch(`${sim.cdnBaseUrl}/upload?encrypted_query_param=${encodeURIComponent(ticket.upload_param)}&filekey=k1`, { method: 'POST', headers: { 'X-WECHAT-UIN': uins[1]! }, body: encrypt(key, plain) });
    const param = uploaded.headers.get('x-encrypted-param') ?? '';
    const aesKey = Buffer.from(key.toString('hex')).toString('base64');
    const sent = await send(sim, token, user, { type: 2, image_item: { media: { encrypt_query_param: param, aes_key: aesKey, encrypt_type: 1 } } }, image.contextToken, uins[2]);
    expect(sent['ret']).toBe(0);
    const reply = await tap.waitFor((e): e is Extract<PageEvent, { t: 'message' }> => e.t === 'message' && e.dir === 'bot' && e.kind === 'image');
    expect(reply.state).toBe('sent');
    expect(Buffer.from(await (await fetch(`${sim.origin}/__ui/media/${reply.media ?? ''}`)).arrayBuffer())).toEqual(plain);
    const updates = await call(sim.origin, 'getupdates', token, { get_updates_buf: '' });
    expect(msgs(updates).length).toBeGreaterThan(0);
    sim.killToken();
    await tap.waitFor((e) => e.t === 'session' && !e.active);
    await tap.waitFor((e) => e.t === 'request' && e.endpoint === 'getupdates');

    const raw = tap.raw();
    const secrets = [
      token,
      key.toString('hex'),
      aesKey,
      key.toString('base64'),
      param,
      ticket.upload_param,
      ...uins,
      ...[text, image, file].map((m) => m.contextToken),
      ...[image, file].flatMap((m) => [m.media!.encryptQueryParam, m.media!.aesKeyHex, Buffer.from(m.media!.aesKeyHex, 'hex').toString('base64'), Buffer.from(m.media!.aesKeyHex).toString('base64')]),
    ];
    expect(secrets.every((s) => s.length >= 8)).toBe(true);
    for (const secret of secrets) expect(leaksOf(raw, secret)).toEqual([]);
    expect(raw).toContain('scan me');
    expect(raw).toContain('report.txt');
  });
});

import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/testing/index.js';
import type { PageEvent } from '../../src/testing/playground/page-events.js';
import { buildPlayground } from '../../scripts/build-playground.js';
import { API, get, init, login, post } from '../simulator/helpers.js';
import { leaksOf } from '../support/credential-scan.js';
import { is, tapEvents, type EventTap } from './event-tap.js';

let sim: Simulator | undefined;
let tap: EventTap | undefined;
beforeAll(async () => {
  await buildPlayground();
});
afterEach(async () => {
  tap?.close();
  await sim?.close();
  sim = tap = undefined;
});

/** Cookies that hold a credential (`wxloadtime`, `mm_lang` do not). */
const SECRET_COOKIES = ['wxuin', 'wxsid', 'webwx_data_ticket', 'webwx_auth_ticket', 'webwxuvid'];

describe('the Web simulator playground (server side)', () => {
  it('is off by default: no page, no event stream, no playground URL', async () => {
    sim = await startSimulator();
    expect(sim.playgroundUrl).toBeUndefined();
    for (const path of ['/__ui', '/__ui/', '/__ui/app.js', '/__ui/events']) expect((await fetch(sim.origin + path)).status).toBe(404);
    const off = await startSimulator({ ui: false });
    try {
      expect(off.playgroundUrl).toBeUndefined();
      expect((await fetch(`${off.origin}/__ui/`)).status).toBe(404);
    } finally {
      await off.close();
    }
  });

  it('serves the page and its assets from the package, with a policy that allows nothing from elsewhere', async () => {
    sim = await startSimulator({ ui: true });
    expect(sim.playgroundUrl).toBe(`${sim.origin}/__ui/`);
    const page = await fetch(sim.playgroundUrl ?? '');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    const html = await page.text();
    expect(html).toContain('src="app.js"');
    expect(html).not.toMatch(/https?:\/\//);
    const script = await fetch(`${sim.origin}/__ui/app.js`);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await script.text()).length).toBeGreaterThan(1000);
    expect((await fetch(`${sim.origin}/__ui/constructor`)).status).toBe(404);
    expect((await fetch(`${sim.origin}/__ui/../package.json`)).status).toBe(404);
  });

  it('pushes the login (with its QR), the requests, the messages, what the client sent, recalls, world changes and the end of the session', async () => {
    sim = await startSimulator({ ui: true, loginHoldMs: 300, syncHoldMs: 300 });
    tap = await tapEvents(sim.origin);
    const hello = await tap.waitFor(is('hello'));
    expect(hello.world.friends.length).toBe(20);

    const s = await login(sim);
    const qr = await tap.waitFor((e): e is Extract<PageEvent, { t: 'login' }> => e.t === 'login' && e.qrSvg !== undefined);
    expect(qr.qrSvg).toMatch(/^<svg/);
    await tap.waitFor((e) => e.t === 'login' && e.state === 'confirmed');
    await tap.waitFor((e) => e.t === 'session' && e.active);
    expect(await tap.waitFor((e) => e.t === 'request' && e.endpoint === 'login')).toMatchObject({ status: 200 });

    const body = await init(sim, s);
    const friend = sim.world().friends()[0]!;
    const [msgId] = sim.inject({ from: friend.id, text: 'hi bot' }).msgIds;
    expect(await tap.waitFor((e) => e.t === 'message' && e.msgId === msgId)).toMatchObject({ chat: friend.id, dir: 'in', kind: 'text', text: 'hi bot' });

    const selfName = (body['User'] as { UserName: string }).UserName;
    const to = 'filehelper';
    const sent = JSON.parse((await post(sim.origin, `${API}/webwxsendmsg?pass_ticket=${s.passTicket}`, { BaseRequest: s.base, Msg: { Type: 1, Content: 'hello friend', FromUserName: selfName, ToUserName: to, LocalID: '17', ClientMsgId: '17' } }, s.jar)).text) as { MsgID: string };
    expect(await tap.waitFor((e) => e.t === 'message' && e.dir === 'bot')).toMatchObject({ msgId: sent.MsgID, chat: 'filehelper', text: 'hello friend', state: 'sent' });
    await post(sim.origin, `${API}/webwxrevokemsg?pass_ticket=${s.passTicket}`, { BaseRequest: s.base, SvrMsgId: sent.MsgID, ToUserName: to, ClientMsgId: '17' }, s.jar);
    await tap.waitFor((e) => e.t === 'recall' && e.msgId === sent.MsgID);

    sim.contacts.modify({ contact: friend.id, remarkName: 'Renamed' });
    await tap.waitFor((e) => e.t === 'world' && e.world.friends.some((f) => f.id === friend.id && f.name === 'Renamed'));
    sim.fault({ endpoint: 'webwxsync', kind: 'retcode', value: 1205 });
    await tap.waitFor((e) => e.t === 'faults' && e.faults.length === 1);
    await post(sim.origin, `${API}/webwxsync?sid=${s.base.Sid}&skey=${s.skey}&pass_ticket=${s.passTicket}`, { BaseRequest: s.base, SyncKey: body['SyncKey'], rr: -1 }, s.jar);
    expect(await tap.waitFor((e) => e.t === 'request' && e.endpoint === 'webwxsync')).toMatchObject({ fault: 'retcode', status: 200 });

    sim.phone.kick({ code: 1101 });
    await tap.waitFor((e) => e.t === 'session' && !e.active && e.endCode === 1101);
  });

  it('never sends a credential of the session to the page', async () => {
    sim = await startSimulator({ ui: true, loginHoldMs: 300, syncHoldMs: 300 });
    tap = await tapEvents(sim.origin);
    const s = await login(sim);
    const loginSkey = s.skey;
    const body = await init(sim, s);
    const friend = sim.world().friends()[0]!;
    sim.inject({ from: friend.id, text: 'scan me' });
    sim.inject({ from: friend.id, kind: 'image' });
    const selfName = (body['User'] as { UserName: string }).UserName;
    await post(sim.origin, `${API}/webwxsendmsg?pass_ticket=${s.passTicket}`, { BaseRequest: s.base, Msg: { Type: 1, Content: 'x', FromUserName: selfName, ToUserName: 'filehelper', LocalID: '1', ClientMsgId: '1' } }, s.jar);
    await get(sim.origin, `${API}/synccheck?sid=${s.base.Sid}&uin=${s.base.Uin}&skey=${s.skey}&deviceid=${s.base.DeviceID}&synckey=1_1&r=1`, s.jar);
    sim.phone.kick();
    await tap.waitFor((e) => e.t === 'session' && !e.active);
    await tap.waitFor((e) => e.t === 'request' && e.endpoint === 'synccheck');

    const raw = tap.raw();
    const secrets = [s.creds.skey, loginSkey, s.skey, s.creds.wxsid, s.creds.wxuin, s.creds.passTicket, decodeURIComponent(s.creds.passTicket), s.base.DeviceID, ...SECRET_COOKIES.map((name) => s.jar.cookies.get(name) ?? '')].filter((v) => String(v).length >= 6);
    expect(secrets.length).toBeGreaterThanOrEqual(12);
    for (const secret of secrets) expect(leaksOf(raw, String(secret))).toEqual([]);
    expect(raw).toContain('scan me');
  });

  it('keeps uploaded bytes: an image injected with data downloads as those bytes', async () => {
    sim = await startSimulator({ ui: true, loginHoldMs: 300 });
    await login(sim);
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4, 5]);
    const res = await fetch(`${sim.origin}/__sim/inject`, { method: 'POST', body: JSON.stringify({ kind: 'image', data: bytes.toString('base64') }) });
    const { msgIds } = (await res.json()) as { msgIds: string[] };
    const picture = await fetch(`${sim.origin}/__ui/media/${msgIds[0] ?? ''}`);
    expect(picture.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await picture.arrayBuffer())).toEqual(bytes);
    const refused = await fetch(`${sim.origin}/__sim/inject`, { method: 'POST', body: JSON.stringify({ kind: 'text', data: 'AAAA' }) });
    expect(refused.status).toBe(400);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { LoginRefusedError } from '../../src/errors/login-refused-error.js';
import { parseJsLogin, parseLoginPage, parseLoginPoll, parsePushLogin } from '../../src/web/protocol/login-bodies.js';
import { ManualClock, startSimulator, type Simulator } from '../../src/testing/index.js';
import { API, get, Jar, login, loginPage } from './helpers.js';

const JSLOGIN = '/jslogin?appid=wx782c26e4c19acffb&fun=new&lang=zh_CN&_=1';
const DESKTOP_JSLOGIN = `${JSLOGIN}&redirect_uri=${encodeURIComponent('https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxnewloginpage?mod=desktop')}`;

let sim: Simulator;
afterEach(async () => {
  await sim.close();
});

const pollPath = (uuid: string) => `${API}/login?loginicon=true&uuid=${encodeURIComponent(uuid)}&tip=1&r=-1&_=1`;

describe('login stage', () => {
  it('answers jslogin with the exact captured shape', async () => {
    sim = await startSimulator({ loginHoldMs: 200 });
    const r = await get(sim.origin, JSLOGIN);
    expect(r.res.headers.get('content-type')).toBe('text/javascript');
    expect(r.text).toMatch(/^window\.QRLogin\.code = 200; window\.QRLogin\.uuid = "[A-Za-z0-9_-]{10}==";$/);
    expect(Buffer.byteLength(r.text)).toBe(64);
    expect(parseJsLogin(r.text).uuid).toHaveLength(12);
  });

  it('serves the QR code as a real PNG', async () => {
    sim = await startSimulator();
    const { uuid } = parseJsLogin((await get(sim.origin, JSLOGIN)).text);
    const res = await fetch(`${sim.origin}/qrcode/${uuid}`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(res.headers.get('content-type')).toBe('image/png');
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const width = Buffer.from(bytes).readUInt32BE(16);
    expect(width).toBeGreaterThan(100);
    expect((await fetch(`${sim.origin}/qrcode/nope==`)).status).toBe(404);
  });

  it('holds the poll (408), wakes it on scan (201 + avatar) and on confirm (200 + redirect with LF)', async () => {
    sim = await startSimulator({ loginHoldMs: 200 });
    const { uuid } = parseJsLogin((await get(sim.origin, JSLOGIN)).text);
    const started = Date.now();
    const idle = await get(sim.origin, pollPath(uuid));
    expect(idle.text).toBe('window.code=408;');
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);

    const held = get(sim.origin, pollPath(uuid));
    await new Promise((r) => setTimeout(r, 50));
    sim.phone.scan();
    const scanned = await held;
    expect(scanned.text).toMatch(/^window\.code=201;window\.userAvatar = 'data:img\/jpg;base64,\/9j\/[A-Za-z0-9+/=]+';$/);
    expect(parseLoginPoll(scanned.text)).toMatchObject({ kind: 'scanned' });

    const waiting = get(sim.origin, pollPath(uuid));
    await new Promise((r) => setTimeout(r, 50));
    sim.phone.confirm();
    const confirmed = await waiting;
    expect(confirmed.text).toMatch(/^window\.code=200;\nwindow\.redirect_uri="http:\/\/127\.0\.0\.1:\d+\/cgi-bin\/mmwebwx-bin\/webwxnewloginpage\?ticket=A[\w-]+@qrticket_0&uuid=.+&lang=zh_CN&scan=\d+";$/);
    const poll = parseLoginPoll(confirmed.text);
    expect(poll.kind).toBe('confirmed');
  });

  it('exchanges the ticket for credentials and cookies, once', async () => {
    sim = await startSimulator({ loginHoldMs: 200 });
    const jar = new Jar();
    const s = await login(sim, jar);
    expect(s.creds.skey).toMatch(/^@crypt_[0-9a-f]{8}_[0-9a-f]{32}$/);
    expect(s.creds.wxsid).toMatch(/^[A-Za-z0-9+/]{16}$/);
    expect(s.creds.wxsid).toMatch(/[+/]/);
    expect(Number(s.creds.wxuin)).toBeGreaterThan(2 ** 31);
    expect(s.creds.passTicket).toMatch(/%2B|%2F/);
    for (const name of ['wxuin', 'wxsid', 'wxloadtime', 'mm_lang', 'webwx_data_ticket', 'webwxuvid', 'webwx_auth_ticket']) {
      expect(jar.cookies.has(name), name).toBe(true);
    }
    expect(jar.cookies.get('wxsid')).toBe(s.creds.wxsid);
    const again = await get(sim.origin, `${API}/webwxnewloginpage?ticket=x&uuid=${encodeURIComponent(s.uuid)}&lang=zh_CN&scan=1`);
    expect(again.text).toMatch(/^<error><ret>-14<\/ret>/);
  });

  it('answers 301 with the same body and cookies in desktop mode', async () => {
    sim = await startSimulator({ autoConfirm: { delayMs: 10 }, loginHoldMs: 500 });
    const jar = new Jar();
    const { uuid } = parseJsLogin((await get(sim.origin, DESKTOP_JSLOGIN, jar)).text);
    let poll = parseLoginPoll((await get(sim.origin, pollPath(uuid), jar)).text);
    for (let i = 0; i < 5 && poll.kind !== 'confirmed'; i++) poll = parseLoginPoll((await get(sim.origin, pollPath(uuid), jar)).text);
    if (poll.kind !== 'confirmed') throw new Error('autoConfirm did not confirm');
    const url = new URL(poll.redirectUri);
    const page = await get(url.origin, url.pathname + url.search, jar);
    expect(page.status).toBe(301);
    expect(parseLoginPage(page.text).wxuin).toBe(jar.cookies.get('wxuin'));
    expect(jar.cookies.get('webwx_data_ticket')).toBeTruthy();
  });

  it('also answers 301 when only the request carries the desktop headers', async () => {
    sim = await startSimulator({ loginHoldMs: 200 });
    const jar = new Jar();
    const { uuid } = parseJsLogin((await get(sim.origin, JSLOGIN, jar)).text);
    sim.phone.confirm({ session: uuid });
    const poll = parseLoginPoll((await get(sim.origin, pollPath(uuid), jar)).text);
    if (poll.kind !== 'confirmed') throw new Error('not confirmed');
    const url = new URL(poll.redirectUri);
    const page = await get(url.origin, url.pathname + url.search, jar, { extspam: 'Go8FCIkFEokFCggwMDAwMDAwMRAGGvAE', 'client-version': '2.0.0' });
    expect(page.status).toBe(301);
    expect(page.text).toMatch(/^<error><ret>0<\/ret><message><\/message><skey>/);
  });

  it('answers 400 once the QR expired, also to a held poll', async () => {
    const clock = new ManualClock();
    sim = await startSimulator({ clock, loginHoldMs: 90_000, qrLifetimeMs: 60_000 });
    const { uuid } = parseJsLogin((await get(sim.origin, JSLOGIN)).text);
    const held = get(sim.origin, pollPath(uuid));
    await new Promise((r) => setTimeout(r, 50));
    clock.advance(60_000);
    expect((await held).text).toBe('window.code=400;');
    expect((await get(sim.origin, pollPath(uuid))).text).toBe('window.code=400;');
    expect(() => sim.phone.scan({ session: uuid })).toThrow(/expired/);
  });

  it('lets the phone cancel after a scan (the held poll answers 408 at once)', async () => {
    sim = await startSimulator({ loginHoldMs: 5_000 });
    const { uuid } = parseJsLogin((await get(sim.origin, JSLOGIN)).text);
    sim.phone.scan();
    expect(parseLoginPoll((await get(sim.origin, pollPath(uuid))).text).kind).toBe('scanned');
    const held = get(sim.origin, pollPath(uuid));
    await new Promise((r) => setTimeout(r, 50));
    sim.phone.cancel();
    expect((await held).text).toBe('window.code=408;');
  });

  it('refuses web login with 1203 and no credentials', async () => {
    sim = await startSimulator({ loginHoldMs: 200 });
    const jar = new Jar();
    const { uuid } = parseJsLogin((await get(sim.origin, JSLOGIN, jar)).text);
    sim.phone.refuse();
    sim.phone.confirm();
    const poll = parseLoginPoll((await get(sim.origin, pollPath(uuid), jar)).text);
    if (poll.kind !== 'confirmed') throw new Error('not confirmed');
    const url = new URL(poll.redirectUri);
    const page = await get(url.origin, url.pathname + url.search, jar);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/^<error><ret>1203<\/ret><message>.+<\/message><\/error>$/);
    expect(() => parseLoginPage(page.text)).toThrow(LoginRefusedError);
    expect(jar.cookies.has('wxsid')).toBe(false);
  });

  it('starts a push login for a known jar; the phone confirms without a scan', async () => {
    sim = await startSimulator({ loginHoldMs: 300 });
    const jar = new Jar();
    const first = await login(sim, jar);
    const refused = parsePushLogin((await get(sim.origin, `${API}/webwxpushloginurl?uin=${first.creds.wxuin}`)).text);
    expect(refused.ret).not.toBe(0);

    const push = await get(sim.origin, `${API}/webwxpushloginurl?uin=${first.creds.wxuin}`, jar);
    expect(push.text).toMatch(/^\{"ret":"0","msg":"all ok","uuid":"[\w-]{10}=="\}$/);
    const { uuid } = parsePushLogin(push.text);
    if (uuid === undefined) throw new Error('no uuid');
    expect(parseLoginPoll((await get(sim.origin, pollPath(uuid), jar)).text)).toEqual({ kind: 'scanned', code: 201 });
    const held = get(sim.origin, pollPath(uuid), jar);
    await new Promise((r) => setTimeout(r, 50));
    sim.phone.confirm({ session: uuid });
    const poll = parseLoginPoll((await held).text);
    if (poll.kind !== 'confirmed') throw new Error('not confirmed');
    const second = await loginPage(poll.redirectUri, uuid, jar);
    expect(second.creds.wxuin).toBe(first.creds.wxuin);
    expect(second.creds.wxsid).not.toBe(first.creds.wxsid);
    expect(sim.sessions().filter((s) => s.active)).toHaveLength(1);
  });
});

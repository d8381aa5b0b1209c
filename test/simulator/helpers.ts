/** A bare-bones Web WeChat client for simulator tests: plain `fetch`, a name→value cookie jar, the protocol parsers. */
import { parseJsLogin, parseLoginPage, parseLoginPoll, type LoginCredentials } from '../../src/web/protocol/login-bodies.js';
import { parseJson } from '../../src/web/protocol/json.js';
import type { Simulator } from '../../src/testing/index.js';

export class Jar {
  readonly cookies = new Map<string, string>();

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }
}

export interface Call {
  readonly status: number;
  readonly text: string;
  readonly res: Response;
}

export async function get(origin: string, path: string, jar?: Jar, headers: Record<string, string> = {}): Promise<Call> {
  const res = await fetch(origin + path, { headers: { ...headers, ...(jar === undefined ? {} : { cookie: jar.header() }) }, redirect: 'manual' });
  jar?.store(res);
  return { status: res.status, text: await res.text(), res };
}

export async function post(origin: string, path: string, body: unknown, jar?: Jar): Promise<Call> {
  const res = await fetch(origin + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json;charset=UTF-8', ...(jar === undefined ? {} : { cookie: jar.header() }) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    redirect: 'manual',
  });
  jar?.store(res);
  return { status: res.status, text: await res.text(), res };
}

export const API = '/cgi-bin/mmwebwx-bin';

export interface Logged {
  readonly jar: Jar;
  readonly creds: LoginCredentials;
  readonly uuid: string;
  readonly base: { Uin: number; Sid: string; Skey: string; DeviceID: string };
  readonly passTicket: string;
  skey: string;
}

/** jslogin → phone scan + confirm → poll → webwxnewloginpage. */
export async function login(sim: Simulator, jar = new Jar()): Promise<Logged> {
  const { uuid } = parseJsLogin((await get(sim.origin, '/jslogin?appid=wx782c26e4c19acffb&fun=new&lang=zh_CN', jar)).text);
  sim.phone.confirm({ session: uuid });
  const poll = parseLoginPoll((await get(sim.origin, `${API}/login?loginicon=true&uuid=${encodeURIComponent(uuid)}&tip=0`, jar)).text);
  if (poll.kind !== 'confirmed') throw new Error(`expected confirmed, got ${poll.kind}`);
  return loginPage(poll.redirectUri, uuid, jar);
}

export async function loginPage(redirectUri: string, uuid: string, jar: Jar, headers: Record<string, string> = {}): Promise<Logged> {
  const url = new URL(redirectUri);
  const page = await get(url.origin, url.pathname + url.search, jar, headers);
  const creds = parseLoginPage(page.text);
  const base = { Uin: Number(creds.wxuin), Sid: creds.wxsid, Skey: creds.skey, DeviceID: 'e123456789012345' };
  return { jar, creds, uuid, base, passTicket: creds.passTicket, skey: creds.skey };
}

/** webwxinit; switches to the new SKey like a real client must. */
export async function init(sim: Simulator, s: Logged): Promise<Record<string, unknown>> {
  const r = await post(sim.origin, `${API}/webwxinit?r=-1&pass_ticket=${s.passTicket}`, { BaseRequest: s.base }, s.jar);
  const body = parseJson(r.text, 'webwxinit') as Record<string, unknown>;
  const skey = body['SKey'];
  if (typeof skey === 'string' && skey !== '') {
    s.skey = skey;
    s.base.Skey = skey;
  }
  return body;
}

export function syncKeyString(key: unknown): string {
  const list = (key as { List: { Key: number; Val: number }[] }).List;
  return list.map((k) => `${k.Key}_${k.Val}`).join('|');
}

export async function sync(sim: Simulator, s: Logged, syncKey: unknown): Promise<Call & { body: Record<string, unknown> }> {
  const r = await post(sim.origin, `${API}/webwxsync?sid=${encodeURIComponent(s.base.Sid)}&skey=${encodeURIComponent(s.skey)}&pass_ticket=${s.passTicket}`, { BaseRequest: s.base, SyncKey: syncKey, rr: -1 }, s.jar);
  return { ...r, body: parseJson(r.text, 'webwxsync') as Record<string, unknown> };
}

export function synccheckPath(s: Logged, synckey: string | undefined): string {
  const q = new URLSearchParams({ r: '1', skey: s.skey, sid: s.base.Sid, uin: String(s.base.Uin), deviceid: s.base.DeviceID, _: '1' });
  if (synckey !== undefined) q.set('synckey', synckey);
  return `${API}/synccheck?${q.toString()}`;
}

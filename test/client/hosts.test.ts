import { filter, firstValueFrom, lastValueFrom, NEVER, of, timeout } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { perTest } from '../support/per-test.js';
import { originGuard } from '../../src/web/client/origin-guard.js';
import { createClient } from '../../src/web/client/client.js';
import { isInvalidArgumentError, isOriginNotAllowedError } from '../../src/errors/guards.js';
import { WxCookieJar } from '../../src/http/cookie-jar.js';
import { createUndiciTransport } from '../../src/http/undici-transport.js';
import type { Transport } from '../../src/http/transport.js';
import { deriveHosts, type Hosts } from '../../src/web/protocol/hosts.js';
import { createFakeTransport, textResponse } from '../../src/testing/fake-transport.js';
import { MemorySessionStore } from '../../src/web/session/memory-session-store.js';
import type { SavedSession } from '../../src/web/session/saved-session.js';
import type { Simulator } from '../../src/testing/index.js';
import { clientFor, FAST_CLIENT, login, recording, startFastSim } from './helpers.js';

const after = perTest();
const sim = async (): Promise<Simulator> => after.closeAfter(await startFastSim(), (s) => s.close());

/** Logs in against `sim` and closes, leaving the session saved in the returned store. */
async function savedSessionOf(sim: Simulator): Promise<MemorySessionStore> {
  const store = new MemorySessionStore();
  const client = clientFor(sim, { store });
  await login(client);
  await lastValueFrom(client.close(), { defaultValue: undefined });
  return store;
}

/** A transport of our own with the saved cookies, recording every URL it is asked for. */
async function recordingTransport(store: MemorySessionStore) {
  const saved = (await store.load()) as SavedSession;
  const inner = createUndiciTransport({ jar: WxCookieJar.fromJSON(saved.cookies as string) });
  after.closeAfter(inner, (t) => t.close());
  return recording(inner);
}

const origins = (urls: readonly string[]) => [...new Set(urls.map((url) => new URL(url).origin))];

describe('hosts never surprise', () => {
  it('a session saved against one server and resumed with another sends nothing to the first', async () => {
    const first = await sim();
    const second = await sim();
    const store = await savedSessionOf(first);
    const before = first.stats().requests;
    const { transport, urls } = await recordingTransport(store);
    const client = createClient({ ...FAST_CLIENT, server: second.origin, store, transport, relogin: 'push-then-qr' });
    const steps = await login(client);
    expect(steps.at(-1)?.type).toBe('logged-in');
    expect(urls.length).toBeGreaterThan(0);
    expect(origins(urls)).toEqual([second.origin]);
    expect(first.stats().requests).toEqual(before);
    await lastValueFrom(client.close(), { defaultValue: undefined });
  });

  it('a simulated session refused on resume falls back (push login) on its own origin, never the WeChat hosts', async () => {
    const only = await sim();
    const store = await savedSessionOf(only);
    only.phone.kick({ code: 1101 });
    const { transport, urls } = await recordingTransport(store);
    // No `server`: the saved session's origin pins the client.
    const client = createClient({ ...FAST_CLIENT, store, transport });
    const steps = await login(client);
    expect(steps.map((s) => s.type)).toContain('confirmed');
    expect(urls.some((url) => url.includes('webwxpushloginurl'))).toBe(true);
    expect(origins(urls)).toEqual([only.origin]);
    await lastValueFrom(client.close(), { defaultValue: undefined });
  });

  it('refuses a server that is not an absolute http(s) URL before anything is sent', () => {
    for (const server of ['localhost:8080', 'ftp://127.0.0.1', '']) {
      let caught: unknown;
      try {
        createClient({ server });
      } catch (error) {
        caught = error;
      }
      expect(isInvalidArgumentError(caught), server).toBe(true);
    }
  });
});

describe('originGuard', () => {
  const sent: string[] = [];
  const inner: Transport = {
    request: (req) => {
      sent.push(req.url);
      return of({ status: 200, headers: {}, text: 'ok' });
    },
  };
  const attempt = async (pinned: string | undefined, url: string) =>
    lastValueFrom(originGuard(inner, () => pinned).request({ endpoint: 'webwxsync', method: 'GET', url })).then(
      () => 'sent',
      (error: unknown) => (isOriginNotAllowedError(error) ? `refused: ${error.message}` : 'other error'),
    );

  it('with a pinned origin, lets that origin through and nothing else', async () => {
    expect(await attempt('http://127.0.0.1:4000', 'http://127.0.0.1:4000/cgi-bin/mmwebwx-bin/webwxsync?skey=x')).toBe('sent');
    expect(await attempt('http://127.0.0.1:4000', 'http://127.0.0.1:40001/cgi-bin/x')).toMatch(/^refused/);
    expect(await attempt('http://127.0.0.1:4000', 'https://wx2.qq.com/cgi-bin/x')).toMatch(/^refused/);
    expect(sent.splice(0)).toEqual(['http://127.0.0.1:4000/cgi-bin/mmwebwx-bin/webwxsync?skey=x']);
  });

  it('without one, lets only the WeChat hosts over https through, naming the origin but no credential', async () => {
    expect(await attempt(undefined, 'https://wx2.qq.com/cgi-bin/mmwebwx-bin/webwxsync')).toBe('sent');
    expect(await attempt(undefined, 'https://webpush.web.wechat.com/x')).toBe('sent');
    const refused = await attempt(undefined, 'http://127.0.0.1:4000/cgi-bin/x?skey=@crypt_1234_abcd');
    expect(refused).toBe('refused: webwxsync not sent to http://127.0.0.1:4000: this client only talks to the WeChat hosts (https)');
    expect(await attempt(undefined, 'http://wx.qq.com/x')).toMatch(/^refused/);
    expect(await attempt(undefined, 'https://wx.qq.com.evil.example/x')).toMatch(/^refused/);
    expect(sent.splice(0)).toEqual(['https://wx2.qq.com/cgi-bin/mmwebwx-bin/webwxsync', 'https://webpush.web.wechat.com/x']);
  });
});

describe('a real session that the server no longer accepts', () => {
  const wx2 = deriveHosts('https://wx2.qq.com/cgi-bin/mmwebwx-bin/webwxnewloginpage?ticket=x');
  const savedOn = (hosts: Hosts): SavedSession => ({
    version: 1,
    credentials: { uin: 1234567, sid: 'sid', skey: '@crypt_0_0', passTicket: 'pt', deviceId: 'e123456789012345' },
    hosts,
    user: { UserName: '@self', NickName: 'Me' },
    syncKey: { Count: 1, List: [{ Key: 1, Val: 1 }] },
    syncCheckKey: { Count: 1, List: [{ Key: 1, Val: 1 }] },
    cookies: new WxCookieJar().serialize(),
    recentMessageIds: [],
    savedAt: 0,
  });

  it('falls back (push login, then QR) on its own hosts, not the default WeChat ones', async () => {
    const transport = createFakeTransport((req) => {
      switch (req.endpoint) {
        case 'webwxsync':
          return of(textResponse('{"BaseResponse":{"Ret":1101,"ErrMsg":""}}'));
        case 'webwxpushloginurl':
          return of(textResponse('{"ret":"1","msg":"refused"}'));
        case 'jslogin':
          return of(textResponse('window.QRLogin.code = 200; window.QRLogin.uuid = "gYmgd1grLg==";'));
        default:
          return NEVER;
      }
    });
    const client = createClient({ store: new MemorySessionStore(savedOn(wx2)), transport, env: { now: () => 1, random: () => 0.5 } });
    const uuid = await firstValueFrom(client.login$.pipe(filter((step) => step.type === 'uuid'), timeout(5000)));
    expect(uuid).toMatchObject({ uuid: 'gYmgd1grLg==' });
    const hostOf = (endpoint: string) => transport.requests.filter((r) => r.endpoint === endpoint).map((r) => new URL(r.url).host);
    expect(hostOf('webwxpushloginurl')).toEqual(['wx2.qq.com']);
    expect(hostOf('jslogin')).toEqual(['login.wx2.qq.com']);
    expect(transport.requests.every((r) => new URL(r.url).hostname.endsWith('wx2.qq.com'))).toBe(true);
    await lastValueFrom(client.close(), { defaultValue: undefined });
  });

  it('a saved session whose hosts are not URLs is a bad session, not a crash', async () => {
    const transport = createFakeTransport(() => NEVER);
    const bad = savedOn({ login: 'login.example', main: 'wx.example', push: 'push.example', file: 'file.example', qr: 'qr.example' });
    const client = createClient({ store: new MemorySessionStore(bad), transport });
    const error = await lastValueFrom(client.login$).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'SessionStoreError', reason: 'its hosts are not http(s) URLs' });
    expect(transport.requests).toEqual([]);
  });
});

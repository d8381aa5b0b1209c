import { CookieJar, MemoryCookieStore } from 'tough-cookie';
import { describe, expect, it } from 'vitest';
import { WxCookieJar } from '../../src/http/cookie-jar.js';

const MAIN = 'https://wx2.qq.com/cgi-bin/mmwebwx-bin/webwxnewloginpage?ticket=x';
const FILE = 'https://file.wx2.qq.com/cgi-bin/mmwebwx-bin/webwxuploadmedia?f=json';
const PUSH = 'https://webpush.wx2.qq.com/cgi-bin/mmwebwx-bin/synccheck';
const FUTURE = 'Expires=Thu, 01 Jan 2037 00:00:00 GMT';

function loggedInJar(): WxCookieJar {
  const jar = new WxCookieJar();
  jar.store(MAIN, [
    `wxuin=2450346660; Domain=wx2.qq.com; Path=/; ${FUTURE}`,
    `wxsid=a+b/cDeFgHiJkLmN; Domain=wx2.qq.com; Path=/; ${FUTURE}`,
    `webwx_data_ticket=gSf+dT/x=; Domain=.qq.com; Path=/; ${FUTURE}`,
    'mm_lang=zh_CN; Path=/',
    `webwx_auth_ticket=CIsBEKu; Domain=.qq.com; Path=/; Expires=Sat, 01 Jan 2033 00:00:00 GMT; HttpOnly`,
  ]);
  return jar;
}

describe('WxCookieJar domain rules', () => {
  it('sends webwx_data_ticket (Domain=.qq.com) to the file and push hosts', () => {
    const jar = loggedInJar();
    expect(jar.get('webwx_data_ticket', FILE)).toBe('gSf+dT/x=');
    expect(jar.cookieHeader(PUSH)).toContain('webwx_data_ticket=gSf+dT/x=');
    expect(jar.cookieHeader('https://login.wx.qq.com/jslogin')).toContain('webwx_data_ticket=');
  });

  it('keeps host-only cookies on their host and Domain=wx2.qq.com cookies under wx2', () => {
    const jar = loggedInJar();
    expect(jar.cookieHeader('https://wx2.qq.com/')).toContain('mm_lang=zh_CN');
    expect(jar.cookieHeader(FILE)).not.toContain('mm_lang');
    expect(jar.get('wxsid', PUSH)).toBe('a+b/cDeFgHiJkLmN');
    expect(jar.get('wxsid', 'https://wx.qq.com/')).toBeUndefined();
    expect(jar.cookieHeader('https://example.com/')).toBe('');
  });

  it('ignores a cookie for a domain the response may not set', () => {
    const jar = new WxCookieJar();
    expect(jar.store('https://wx2.qq.com/', ['evil=1; Domain=example.com; Path=/'])).toBe(false);
    expect(jar.cookieHeader('https://example.com/')).toBe('');
  });

  it('stores loopback cookies host-only whatever Domain they name, so one origin stands in for every host', () => {
    const jar = new WxCookieJar();
    jar.store('http://127.0.0.1:4567/cgi-bin/mmwebwx-bin/webwxnewloginpage', [
      'webwx_data_ticket=T; Domain=.qq.com; Path=/',
      'wxsid=S; Domain=wx.qq.com; Path=/; Secure',
    ]);
    expect(jar.get('webwx_data_ticket', 'http://127.0.0.1:4567/cgi-bin/mmwebwx-bin/webwxuploadmedia')).toBe('T');
    expect(jar.cookieHeader('http://127.0.0.1:4567/cgi-bin/mmwebwx-bin/synccheck')).toBe('webwx_data_ticket=T; wxsid=S');
    expect(jar.cookieHeader('https://wx.qq.com/')).toBe('');
  });

  it('removes a cookie the server expires', () => {
    const jar = loggedInJar();
    jar.store(MAIN, ['mm_lang=; Path=/; Max-Age=0']);
    expect(jar.get('mm_lang', MAIN)).toBeUndefined();
  });
});

describe('WxCookieJar persistence', () => {
  it('round-trips through serialize / fromJSON, also via a JSON string', () => {
    const jar = loggedInJar();
    const saved = JSON.stringify(jar.serialize());
    for (const restored of [WxCookieJar.fromJSON(saved), WxCookieJar.fromJSON(JSON.parse(saved) as ReturnType<WxCookieJar['serialize']>)]) {
      expect(restored.cookieHeader(PUSH)).toBe(jar.cookieHeader(PUSH));
      expect(restored.cookieHeader('https://wx2.qq.com/')).toBe(jar.cookieHeader('https://wx2.qq.com/'));
      expect(restored.get('webwx_auth_ticket', FILE)).toBe('CIsBEKu');
    }
    expect(jar.cookieHeader('https://wx2.qq.com/').split('; ')).toHaveLength(5);
  });

  it('writes no cookie when something holding the jar is serialized, only when asked', () => {
    const jar = loggedInJar();
    expect(JSON.stringify({ transport: { jar } })).not.toContain('CIsBEKu');
    expect(JSON.stringify(jar.serialize())).toContain('CIsBEKu');
  });
});

describe('WxCookieJar restore', () => {
  it('adds the saved cookies with their scopes, replacing same-named ones and leaving the others', () => {
    const json = loggedInJar().serialize();
    const jar = new WxCookieJar();
    jar.store(MAIN, [`wxsid=old; Domain=wx2.qq.com; Path=/; ${FUTURE}`, `other=kept; Domain=wx2.qq.com; Path=/; ${FUTURE}`]);
    const changes: number[] = [];
    jar.changes$.subscribe(() => changes.push(1));
    expect(jar.restore(JSON.stringify(json))).toBe(true);
    expect(jar.get('wxsid', PUSH)).toBe('a+b/cDeFgHiJkLmN');
    expect(jar.get('other', MAIN)).toBe('kept');
    expect(jar.get('webwx_data_ticket', FILE)).toBe('gSf+dT/x=');
    expect(jar.get('mm_lang', FILE)).toBeUndefined();
    expect(changes).toHaveLength(1);
    // The same cookies again change nothing.
    expect(jar.restore(json)).toBe(false);
    expect(changes).toHaveLength(1);
  });

  it('leaves out a saved cookie that has expired since', () => {
    const saved = new WxCookieJar();
    saved.store(MAIN, ['gone=1; Path=/; Expires=Thu, 01 Jan 2037 00:00:00 GMT', 'kept=1; Path=/']);
    const json = JSON.stringify(saved.serialize()).replace('2037-01-01T00:00:00.000Z', '2001-01-01T00:00:00.000Z');
    const jar = new WxCookieJar();
    jar.restore(json);
    expect(jar.get('kept', MAIN)).toBe('1');
    // Not kept either, so it is not saved again with the session.
    expect(jar.serialize().cookies.map((c) => c.key)).toEqual(['kept']);
  });
});

// The default store counts its changes; another tough-cookie store is compared by its cookies: both emit the same.
describe.each([
  ['the default store', () => new WxCookieJar()],
  ['tough-cookie’s memory store', () => new WxCookieJar(new CookieJar(new MemoryCookieStore()))],
])('WxCookieJar change notifications on %s', (_store, newJar) => {
  it('emits once per store that changed something, not for identical re-sends or reads', () => {
    const jar = newJar();
    let changes = 0;
    const sub = jar.changes$.subscribe(() => changes++);
    expect(jar.store(MAIN, ['wxloadtime=1546214741; Path=/'])).toBe(true);
    expect(changes).toBe(1);
    expect(jar.store(MAIN, ['wxloadtime=1546214741; Path=/'])).toBe(false);
    jar.cookieHeader(MAIN);
    jar.get('wxloadtime', MAIN);
    expect(changes).toBe(1);
    jar.store(MAIN, ['wxloadtime=1546214741_expired; Path=/', 'wxpluginkey=1546214741; Path=/']);
    expect(changes).toBe(2);
    jar.store(MAIN, []);
    jar.store(MAIN, ['not a cookie']);
    expect(changes).toBe(2);
    jar.store(MAIN, ['wxpluginkey=; Path=/; Max-Age=0']);
    expect(changes).toBe(3);
    jar.clear();
    expect(changes).toBe(4);
    jar.clear();
    expect(changes).toBe(4);
    sub.unsubscribe();
  });

  it('emits when a cookie comes back with other flags or another lifetime, and for a restore that adds one', () => {
    const jar = newJar();
    let changes = 0;
    const sub = jar.changes$.subscribe(() => changes++);
    jar.store(MAIN, [`wxuin=1; Domain=wx2.qq.com; Path=/; ${FUTURE}`]);
    jar.store(MAIN, [`wxuin=1; Domain=wx2.qq.com; Path=/; ${FUTURE}; HttpOnly`]);
    jar.store(MAIN, ['wxuin=1; Domain=wx2.qq.com; Path=/; Max-Age=600; HttpOnly']);
    expect(changes).toBe(3);
    const saved = loggedInJar().serialize();
    expect(jar.restore(saved)).toBe(true);
    expect(jar.restore(saved)).toBe(false);
    expect(changes).toBe(4);
    sub.unsubscribe();
  });
});

describe('WxCookieJar header cache', () => {
  it('reuses a computed header for the same URL and drops it when the jar changes', () => {
    const jar = loggedInJar();
    const first = jar.cookieHeader(`${PUSH}?r=1`);
    expect(jar.cookieHeader(`${PUSH}?r=2`)).toBe(first);
    jar.store(MAIN, [`wxsid=changed; Domain=wx2.qq.com; Path=/; ${FUTURE}`]);
    expect(jar.cookieHeader(`${PUSH}?r=3`)).toContain('wxsid=changed');
    jar.clear();
    expect(jar.cookieHeader(`${PUSH}?r=4`)).toBe('');
  });

  it('answers get() from the same cache, and sees a re-issued cookie at once', () => {
    const jar = loggedInJar();
    const ticket = jar.get('webwx_data_ticket', FILE);
    expect(ticket).toBeDefined();
    expect(jar.get('webwx_data_ticket', FILE.replace('f=json', 'f=json&r=2'))).toBe(ticket);
    jar.store(MAIN, [`webwx_data_ticket=renewed; Domain=.qq.com; Path=/; ${FUTURE}`]);
    expect(jar.get('webwx_data_ticket', FILE)).toBe('renewed');
    expect(jar.get('no_such_cookie', FILE)).toBeUndefined();
  });

  it('keeps a cookie on a narrower path to that path, before and after the jar had only root-path cookies', () => {
    const jar = loggedInJar();
    const api = 'https://wx2.qq.com/cgi-bin/mmwebwx-bin/webwxsync';
    const other = 'https://wx2.qq.com/other/page';
    const rootHeader = jar.cookieHeader(api);
    expect(jar.cookieHeader(other)).toBe(rootHeader);
    jar.store(api, [`narrow=1; Path=/cgi-bin; ${FUTURE}`]);
    expect(jar.cookieHeader(api)).toContain('narrow=1');
    expect(jar.cookieHeader(other)).toBe(rootHeader);
    expect(jar.get('narrow', other)).toBeUndefined();
    jar.store(api, ['narrow=; Path=/cgi-bin; Expires=Thu, 01 Jan 1970 00:00:00 GMT']);
    expect(jar.cookieHeader(api)).toBe(rootHeader);
    // Another host is another entry: host-only mm_lang stays on wx2.qq.com.
    expect(jar.cookieHeader('https://file.wx2.qq.com/x')).toContain('webwx_data_ticket=');
    expect(jar.cookieHeader('https://file.wx2.qq.com/x')).not.toContain('mm_lang');
    expect(rootHeader).toContain('mm_lang=zh_CN');
  });

  it('stops sending a cookie once it expires', async () => {
    const jar = new WxCookieJar();
    jar.store(MAIN, ['short=1; Path=/; Max-Age=1', `long=2; Path=/; ${FUTURE}`]);
    expect(jar.cookieHeader(MAIN)).toBe('short=1; long=2');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(jar.cookieHeader(MAIN)).toBe('long=2');
  });
});

import { CookieJar, MemoryCookieStore } from 'tough-cookie';
import { describe, expect, it } from 'vitest';
import { CompactCookieStore } from '../../src/http/compact-cookie-store.js';
import { WxCookieJar } from '../../src/http/cookie-jar.js';

const MAIN = 'https://wx2.qq.com/cgi-bin/mmwebwx-bin/webwxinit';
const FUTURE = 'Expires=Thu, 01 Jan 2037 00:00:00 GMT';

/** Set-Cookie lines and the URLs they come from: domains, host-only cookies, paths, flags, updates, a removal. */
const RESPONSES: readonly (readonly [string, readonly string[]])[] = [
  [MAIN, [`wxuin=1; Domain=wx2.qq.com; Path=/; ${FUTURE}`, `wxsid=a+b/c; Domain=wx2.qq.com; Path=/; ${FUTURE}`, 'mm_lang=zh_CN; Path=/']],
  [MAIN, [`webwx_data_ticket=gSf=; Domain=.qq.com; Path=/; ${FUTURE}`, 'webwx_auth_ticket=CIs; Domain=.qq.com; Path=/; Max-Age=3600; HttpOnly; Secure']],
  ['https://file.wx2.qq.com/cgi-bin/mmwebwx-bin/webwxuploadmedia', ['upload=1; Path=/cgi-bin; SameSite=Lax', 'deep=2; Path=/cgi-bin/mmwebwx-bin/x']],
  [MAIN, [`wxsid=d+e/f; Domain=wx2.qq.com; Path=/; ${FUTURE}`, 'mm_lang=en; Path=/', 'gone=1; Path=/']],
  [MAIN, ['gone=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT']],
];
const READS = [
  MAIN,
  'https://wx2.qq.com/',
  'https://webpush.wx2.qq.com/cgi-bin/mmwebwx-bin/synccheck',
  'https://file.wx2.qq.com/cgi-bin/mmwebwx-bin/webwxuploadmedia',
  'https://file.wx2.qq.com/cgi-bin/mmwebwx-bin/x/y',
  'http://file.wx2.qq.com/cgi-bin/',
  'https://login.wx.qq.com/jslogin',
  'https://example.com/',
];

function filled(jar: CookieJar): CookieJar {
  for (const [url, lines] of RESPONSES) for (const line of lines) jar.setCookieSync(line, url, { ignoreError: true });
  return jar;
}

const headers = (jar: CookieJar): string[] => READS.map((url) => jar.getCookieStringSync(url));
/** The saved cookies, times aside (the two jars fill a few milliseconds apart). */
const saved = (jar: CookieJar): unknown[] =>
  (jar.serializeSync()?.cookies ?? []).map(({ lastAccessed: _lastAccessed, creation, ...cookie }) => Object.assign(cookie, { created: typeof creation }));

describe('CompactCookieStore', () => {
  it('answers every read as tough-cookie’s memory store does', () => {
    const compact = filled(new CookieJar(new CompactCookieStore()));
    const memory = filled(new CookieJar(new MemoryCookieStore()));
    expect(headers(compact)).toEqual(headers(memory));
    expect(headers(compact)[0]).toBe('wxuin=1; wxsid=d+e/f; mm_lang=en; webwx_data_ticket=gSf=; webwx_auth_ticket=CIs');
  });

  it('saves the same jar, and restores it', () => {
    const compact = filled(new CookieJar(new CompactCookieStore()));
    const memory = filled(new CookieJar(new MemoryCookieStore()));
    expect(saved(compact)).toEqual(saved(memory));
    const json = compact.serializeSync();
    if (json === undefined) throw new Error('not serializable');
    const restored = CookieJar.deserializeSync(json, new CompactCookieStore());
    expect(restored.serializeSync()).toEqual(json);
    expect(headers(restored)).toEqual(headers(compact));
  });

  it('counts what changes it: additions, other values or lifetimes, removals; not a cookie sent again as it was', () => {
    const store = new CompactCookieStore();
    const jar = new CookieJar(store);
    jar.setCookieSync(`wxuin=1; Domain=wx2.qq.com; Path=/; ${FUTURE}`, MAIN);
    jar.setCookieSync('mm_lang=zh_CN; Path=/', MAIN);
    expect(store.revision).toBe(2);
    jar.setCookieSync(`wxuin=1; Domain=wx2.qq.com; Path=/; ${FUTURE}`, MAIN);
    jar.getCookiesSync(MAIN);
    expect(store.revision).toBe(2);
    jar.setCookieSync('mm_lang=en; Path=/', MAIN);
    jar.setCookieSync('wxuin=1; Domain=wx2.qq.com; Path=/; Max-Age=60', MAIN);
    expect(store.revision).toBe(4);
    store.removeCookie('wx2.qq.com', '/', 'nothing', () => undefined);
    store.removeCookies('example.com', null, () => undefined);
    expect(store.revision).toBe(4);
    store.removeCookie('wx2.qq.com', '/', 'mm_lang', () => undefined);
    jar.removeAllCookiesSync();
    jar.removeAllCookiesSync();
    expect(store.revision).toBe(6);
  });

  it('restarts the Max-Age of a cookie sent again as it was', async () => {
    const jar = new CookieJar(new CompactCookieStore());
    jar.setCookieSync('t=1; Path=/; Max-Age=1', MAIN);
    await new Promise((resolve) => setTimeout(resolve, 600));
    jar.setCookieSync('t=1; Path=/; Max-Age=1', MAIN);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(jar.getCookieStringSync(MAIN)).toBe('t=1');
  });

  it('removes one domain, one path and everything', () => {
    const jar = filled(new CookieJar(new CompactCookieStore()));
    jar.store.removeCookies('file.wx2.qq.com', '/cgi-bin', () => undefined);
    expect(jar.getCookieStringSync('https://file.wx2.qq.com/cgi-bin/mmwebwx-bin/x/y')).toBe('deep=2; wxuin=1; wxsid=d+e/f; webwx_data_ticket=gSf=; webwx_auth_ticket=CIs');
    jar.store.removeCookies('wx2.qq.com', null, () => undefined);
    expect(jar.getCookieStringSync(MAIN)).toBe('webwx_data_ticket=gSf=; webwx_auth_ticket=CIs');
    jar.removeAllCookiesSync();
    expect(headers(jar).every((header) => header === '')).toBe(true);
  });

  it('answers through promises when no callback is given', async () => {
    const store = new CompactCookieStore();
    filled(new CookieJar(store));
    expect((await store.findCookie('wx2.qq.com', '/', 'wxsid'))?.value).toBe('d+e/f');
    // Every cookie of the host and its parent domains on a matching path, expired ones too: the jar filters them.
    const found = await store.findCookies('file.wx2.qq.com', '/cgi-bin/mmwebwx-bin/x/y');
    expect(found.map((cookie) => cookie.key).sort()).toEqual(['deep', 'gone', 'mm_lang', 'upload', 'webwx_auth_ticket', 'webwx_data_ticket', 'wxsid', 'wxuin']);
    await store.removeCookie('wx2.qq.com', '/', 'wxsid');
    expect(await store.findCookie('wx2.qq.com', '/', 'wxsid')).toBeUndefined();
    await store.removeAllCookies();
    expect(await store.getAllCookies()).toEqual([]);
  });

  it('counts Max-Age from when the cookie came, however often it is read', async () => {
    const jar = new CookieJar(new CompactCookieStore());
    jar.setCookieSync('short=1; Path=/; Max-Age=1', MAIN);
    for (let i = 0; i < 6; i++) {
      expect(jar.getCookieStringSync(MAIN)).toBe('short=1');
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(jar.getCookieStringSync(MAIN)).toBe('');
  });

  it('backs the client’s jar by default, saved and restored', () => {
    const jar = new WxCookieJar();
    jar.store(MAIN, RESPONSES[0]?.[1] ?? []);
    const restored = WxCookieJar.fromJSON(JSON.stringify(jar.serialize()));
    expect(restored.cookieHeader(MAIN)).toBe('wxuin=1; wxsid=a+b/c; mm_lang=zh_CN');
    expect(restored.get('wxsid', MAIN)).toBe('a+b/c');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isOfficialAccount } from '../../src/model/codes.js';
import { classifyRetcode, describeRetcode } from '../../src/errors/retcodes.js';
import { defaultHosts, deriveHosts, isWeChatHost, qrContent } from '../../src/web/protocol/hosts.js';
import { cacheBuster, deviceId, localId, syncKeyFromString, syncKeyString, syncRr } from '../../src/web/protocol/ids.js';

const redirect = (host: string) => `https://${host}/cgi-bin/mmwebwx-bin/webwxnewloginpage?ticket=T@qrticket_0&uuid=u==&lang=zh_CN&scan=1`;

describe('host derivation (docs/protocol.md §1.2)', () => {
  it.each([
    ['wx.qq.com', 'login.wx.qq.com', 'webpush.wx.qq.com', 'file.wx.qq.com'],
    ['wx2.qq.com', 'login.wx2.qq.com', 'webpush.wx2.qq.com', 'file.wx2.qq.com'],
    ['wx8.qq.com', 'login.wx8.qq.com', 'webpush.wx8.qq.com', 'file.wx8.qq.com'],
    ['web.wechat.com', 'login.web.wechat.com', 'webpush.web.wechat.com', 'file.web.wechat.com'],
    ['web2.wechat.com', 'login.web2.wechat.com', 'webpush.web2.wechat.com', 'file.web2.wechat.com'],
    ['wx3.qq.com', 'login.wx.qq.com', 'webpush.wx.qq.com', 'file.wx.qq.com'],
    ['web9.wechat.com', 'login.web.wechat.com', 'webpush.web.wechat.com', 'file.web.wechat.com'],
  ])('%s → login %s, push %s, file %s', (main, login, push, file) => {
    expect(deriveHosts(redirect(main))).toEqual({
      main: `https://${main}`,
      login: `https://${login}`,
      push: `https://${push}`,
      file: `https://${file}`,
      qr: 'https://login.weixin.qq.com',
    });
  });

  it('maps every host onto the configured server', () => {
    const hosts = deriveHosts(redirect('wx2.qq.com'), 'http://127.0.0.1:8080/ignored');
    expect(new Set(Object.values(hosts))).toEqual(new Set(['http://127.0.0.1:8080']));
    expect(defaultHosts('http://127.0.0.1:9').login).toBe('http://127.0.0.1:9');
    expect(defaultHosts().login).toBe('https://login.wx.qq.com');
  });

  it('knows which hosts a login may redirect to', () => {
    expect(isWeChatHost('wx2.qq.com')).toBe(true);
    expect(isWeChatHost('WEB.WECHAT.COM')).toBe(true);
    expect(isWeChatHost('qq.com.evil.example')).toBe(false);
    expect(isWeChatHost('evilqq.com')).toBe(false);
  });

  it('builds the QR content a phone scans', () => {
    expect(qrContent('gbyKnbsmqQ==')).toBe('https://login.weixin.qq.com/l/gbyKnbsmqQ==');
  });
});

describe('ids and small values', () => {
  it('DeviceID is "e" + 15 digits', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 0.9999999, noNaN: true }), (r) => {
        expect(deviceId(() => r)).toMatch(/^e\d{15}$/);
      }),
    );
  });

  it('LocalID is the ms time plus 4 random digits (17 digits)', () => {
    expect(localId(1_546_214_741_416, () => 0.05)).toBe('15462147414160000');
    expect(localId(1_546_214_741_416, () => 0.99)).toMatch(/^1546214741416\d{4}$/);
  });

  it('r and rr are negative numbers derived from the time', () => {
    expect(cacheBuster(1_546_214_741_416)).toBeLessThan(0);
    expect(syncRr(1_546_214_741_416)).toBe(~1_546_214_741);
  });

  it('turns a SyncKey into the synccheck string', () => {
    expect(
      syncKeyString({ Count: 3, List: [{ Key: 1, Val: 700 }, { Key: 2, Val: 701 }, { Key: 1000, Val: 1_546_211_541 }] }),
    ).toBe('1_700|2_701|1000_1546211541');
  });

  it('reads a SyncKey back from its string with the same numbers, the largest exact ones included', () => {
    const key = { Count: 4, List: [{ Key: 1, Val: 700 }, { Key: 2, Val: 0 }, { Key: 1000, Val: 1_546_211_541 }, { Key: 1001, Val: Number.MAX_SAFE_INTEGER }] };
    expect(syncKeyFromString(syncKeyString(key))).toEqual(key);
    expect(syncKeyFromString('')).toEqual({ Count: 0, List: [] });
  });
});

describe('retcodes', () => {
  it.each([
    [0, 'ok'],
    ['0', 'ok'],
    [1100, 'session-ended'],
    ['1101', 'session-ended'],
    [' 1102 ', 'session-ended'],
    [1205, 'rate-limited'],
    ['1203', 'login-refused'],
    [1204, 'not-friend'],
    [-14, 'session-ended'],
    [1, 'fatal'],
    [-1, 'fatal'],
    ['3', 'fatal'],
    ['garbage', 'fatal'],
  ] as const)('%j is %s', (code, expected) => {
    expect(classifyRetcode(code)).toBe(expected);
  });

  it('describes codes in words', () => {
    expect(describeRetcode(1101)).toBe('logged out elsewhere');
    expect(describeRetcode('1203')).toBe('this account may not use web WeChat');
    expect(describeRetcode(42)).toBe('unknown code');
  });

  it('recognises official accounts by VerifyFlag & 8', () => {
    expect([0, 8, 24, 56].map(isOfficialAccount)).toEqual([false, true, true, true]);
  });
});

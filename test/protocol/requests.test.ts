import { describe, expect, it } from 'vitest';
import { isWeChatError } from '../../src/errors/guards.js';
import { defaultHosts, deriveHosts } from '../../src/web/protocol/hosts.js';
import type { FormFile, WxRequest } from '../../src/http/request.js';
import { webwxinit, webwxlogout, webwxstatreport, webwxstatusnotify } from '../../src/web/protocol/endpoints/account.js';
import { webwxcreatechatroom, webwxupdatechatroom } from '../../src/web/protocol/endpoints/chatroom.js';
import { webwxbatchgetcontact, webwxgetcontact, webwxoplog, webwxverifyuser } from '../../src/web/protocol/endpoints/contacts.js';
import type { SessionContext } from '../../src/web/protocol/endpoints/context.js';
import { InvalidRequestError } from '../../src/web/protocol/endpoints/invalid-request-error.js';
import {
  DEFAULT_EXTSPAM,
  DESKTOP_REDIRECT_URI,
  jslogin,
  login,
  qrcode,
  webwxnewloginpage,
  webwxpushloginurl,
} from '../../src/web/protocol/endpoints/login.js';
import {
  UPLOAD_CHUNK_SIZE,
  avatarEndpointOf,
  uploadMediaRequests,
  uploadMediaType,
  webwxgetheadimg,
  webwxgeticon,
  webwxgetmedia,
  webwxgetmsgimg,
  webwxgetvideo,
  webwxgetvoice,
  webwxuploadmedia,
} from '../../src/web/protocol/endpoints/media.js';
import {
  webwxrevokemsg,
  webwxsendappmsg,
  webwxsendemoticon,
  webwxsendmsg,
  webwxsendmsgimg,
  webwxsendvideomsg,
} from '../../src/web/protocol/endpoints/send.js';
import { synccheck, webwxsync } from '../../src/web/protocol/endpoints/sync.js';

const NOW = 1_546_214_741_416;
const PASS_TICKET = 'AbC%2BdEf%2FgHi%3D';
const SID = 'a+b/cDeFgHiJkLmN';
const SKEY = '@crypt_0123abcd_0123456789abcdef0123456789abcdef';
const UIN = 2_450_346_660;
const DEVICE_ID = 'e123456789012345';
const REDIRECT =
  'https://wx2.qq.com/cgi-bin/mmwebwx-bin/webwxnewloginpage?ticket=A1b2C3_d4e5f6@qrticket_0&uuid=wbQ1x2Y3z4==&lang=zh_CN&scan=1546214741';

/** A clock that ticks and a random source that never repeats, so anything derived per call would differ. */
function makeEnv() {
  let t = NOW;
  let r = 0;
  return {
    now: () => t++,
    random: () => {
      r = (r + 0.137) % 1;
      return r;
    },
  };
}

function session(overrides: Partial<SessionContext> = {}): SessionContext {
  return {
    hosts: deriveHosts(REDIRECT),
    env: makeEnv(),
    credentials: { uin: UIN, sid: SID, skey: SKEY, passTicket: PASS_TICKET, deviceId: DEVICE_ID },
    ...overrides,
  };
}

const fixedEnv = { now: () => NOW, random: () => 0.5 };
const query = (req: WxRequest) => new URL(req.url).searchParams;
const pathOf = (req: WxRequest) => new URL(req.url).pathname;
const originOf = (req: WxRequest) => new URL(req.url).origin;
const json = (req: WxRequest) => req.json as Record<string, unknown>;
const msg = (req: WxRequest) => json(req)['Msg'] as Record<string, unknown>;
const baseRequest = { Uin: UIN, Sid: SID, Skey: SKEY, DeviceID: DEVICE_ID };
const fromHeadImgUrl = (s: SessionContext, headImgUrl: string) => avatarEndpointOf(headImgUrl).request(s, { headImgUrl });

describe('login builders', () => {
  it('jslogin asks login.wx.qq.com for a uuid with the web appid', () => {
    const req = jslogin.request({ hosts: defaultHosts(), env: fixedEnv });
    expect(req).toMatchObject({ endpoint: 'jslogin', method: 'GET', timeoutMs: 15_000 });
    expect(req.url).toBe(`https://login.wx.qq.com/jslogin?appid=wx782c26e4c19acffb&fun=new&lang=zh_CN&_=${NOW}`);
    expect(req.json).toBeUndefined();
  });

  it('jslogin in desktop mode adds the encoded desktop redirect_uri', () => {
    const req = jslogin.request({ hosts: defaultHosts(), env: fixedEnv }, { desktop: true });
    expect(query(req).get('redirect_uri')).toBe(DESKTOP_REDIRECT_URI);
    expect(req.url).toContain('redirect_uri=https%3A%2F%2Fwx.qq.com%2Fcgi-bin%2Fmmwebwx-bin%2Fwebwxnewloginpage%3Fmod%3Ddesktop&');
    expect(query(req).get('fun')).toBe('new');
  });

  it('qrcode fetches the image as a stream from the QR host', () => {
    const req = qrcode.request({ hosts: defaultHosts(), env: fixedEnv }, 'wbQ1x2Y3z4==');
    expect(req.url).toBe(`https://login.weixin.qq.com/qrcode/wbQ1x2Y3z4==?t=webwx&_=${NOW}`);
    expect(req.expect).toBe('stream');
  });

  it('the login poll sends loginicon, uuid, tip, a negative r and _, with a long-poll timeout', () => {
    const req = login.request({ hosts: defaultHosts(), env: fixedEnv }, { uuid: 'wbQ1x2Y3z4==' });
    expect(pathOf(req)).toBe('/cgi-bin/mmwebwx-bin/login');
    expect(originOf(req)).toBe('https://login.wx.qq.com');
    expect([...query(req).keys()]).toEqual(['loginicon', 'uuid', 'tip', 'r', '_']);
    expect(query(req).get('loginicon')).toBe('true');
    expect(query(req).get('uuid')).toBe('wbQ1x2Y3z4==');
    expect(query(req).get('tip')).toBe('1');
    expect(Number(query(req).get('r'))).toBe(~NOW);
    expect(query(req).get('_')).toBe(String(NOW));
    expect(req.timeoutMs).toBe(35_000);
    expect(query(login.request({ hosts: defaultHosts(), env: fixedEnv }, { uuid: 'u', tip: 0 })).get('tip')).toBe('0');
  });

  it('long-poll timeouts are configurable, and undefined removes them', () => {
    const ctx = { hosts: defaultHosts(), env: fixedEnv, timeouts: { login: 60_000 } };
    expect(login.request(ctx, { uuid: 'u' }).timeoutMs).toBe(60_000);
    const none = login.request({ ...ctx, timeouts: { login: undefined } }, { uuid: 'u' });
    expect('timeoutMs' in none).toBe(false);
    expect(synccheck.timeoutMs).toBe(35_000);
    expect(webwxsendmsg.timeoutMs).toBe(15_000);
    for (const media of [webwxuploadmedia, webwxgetmsgimg, webwxgetvoice, webwxgetvideo, webwxgetmedia]) {
      expect(media.timeoutMs).toBeUndefined();
    }
  });

  it('the login page is the redirect_uri exactly', () => {
    const req = webwxnewloginpage.request({ hosts: deriveHosts(REDIRECT), env: fixedEnv }, { redirectUri: REDIRECT });
    expect(req).toMatchObject({ endpoint: 'webwxnewloginpage', method: 'GET', url: REDIRECT });
    expect(req.headers).toEqual({ referer: 'https://wx2.qq.com/' });
  });

  it('the login page keeps path and query but moves to an overridden server', () => {
    const req = webwxnewloginpage.request({ hosts: deriveHosts(REDIRECT, 'http://127.0.0.1:4567'), env: fixedEnv }, { redirectUri: REDIRECT });
    expect(req.url).toBe(`http://127.0.0.1:4567${REDIRECT.slice('https://wx2.qq.com'.length)}`);
  });

  it('the desktop login page carries client-version, extspam and the desktop referer', () => {
    const ctx = { hosts: deriveHosts(REDIRECT), env: fixedEnv };
    expect(webwxnewloginpage.request(ctx, { redirectUri: REDIRECT, desktop: true }).headers).toEqual({
      'client-version': '2.0.0',
      extspam: DEFAULT_EXTSPAM,
      referer: 'https://wx.qq.com/?&lang=zh_CN&target=t',
    });
    expect(webwxnewloginpage.request(ctx, { redirectUri: REDIRECT, desktop: true, extspam: 'Gp8ICJkI' }).headers?.['extspam']).toBe('Gp8ICJkI');
  });

  it('a redirect_uri that is not an absolute URL is refused without echoing it', () => {
    const call = () => webwxnewloginpage.request({ hosts: defaultHosts(), env: fixedEnv }, { redirectUri: '/x?ticket=SECRET' });
    expect(call).toThrow(InvalidRequestError);
    expect(call).not.toThrow(/SECRET/);
  });

  it('push login sends the uin', () => {
    const req = webwxpushloginurl.request({ hosts: deriveHosts(REDIRECT), env: fixedEnv }, UIN);
    expect(req.url).toBe(`https://wx2.qq.com/cgi-bin/mmwebwx-bin/webwxpushloginurl?uin=${UIN}`);
    expect(req.method).toBe('GET');
  });
});

describe('session builders', () => {
  it('webwxinit posts the BaseRequest with pass_ticket verbatim (not encoded twice)', () => {
    const req = webwxinit.request(session());
    expect(req.method).toBe('POST');
    expect(pathOf(req)).toBe('/cgi-bin/mmwebwx-bin/webwxinit');
    expect(req.url).toContain(`&pass_ticket=${PASS_TICKET}`);
    expect(req.url).not.toContain('%25');
    expect(query(req).get('lang')).toBe('zh_CN');
    expect(Number(query(req).get('r'))).toBe(~NOW);
    expect(req.json).toEqual({ BaseRequest: baseRequest });
    expect(typeof (json(req)['BaseRequest'] as { Uin: unknown }).Uin).toBe('number');
  });

  it('webwxstatusnotify sends Code 3 to self after init and Code 1 to mark a chat read', () => {
    const inited = webwxstatusnotify.request(session({ env: fixedEnv }), { code: 3, self: '@me' });
    expect(inited.json).toEqual({ BaseRequest: baseRequest, Code: 3, FromUserName: '@me', ToUserName: '@me', ClientMsgId: NOW });
    const read = webwxstatusnotify.request(session({ env: fixedEnv }), { code: 1, self: '@me', chat: '@@room' });
    expect(read.json).toMatchObject({ Code: 1, FromUserName: '@me', ToUserName: '@@room' });
    expect(query(read).get('pass_ticket')).toBe(decodeURIComponent(PASS_TICKET));
  });

  it('webwxgetcontact is a GET paged by seq with the skey', () => {
    const req = webwxgetcontact.request(session({ env: fixedEnv }), 1234);
    expect(req.method).toBe('GET');
    expect(req.json).toBeUndefined();
    expect(query(req).get('seq')).toBe('1234');
    expect(query(req).get('skey')).toBe(SKEY);
    expect(query(req).get('r')).toBe(String(NOW));
    expect(query(webwxgetcontact.request(session())).get('seq')).toBe('0');
  });

  it('webwxbatchgetcontact lists up to 50 entries and refuses more with a typed error', () => {
    const entries = Array.from({ length: 50 }, (_, i) => ({ UserName: `@u${i}` }));
    const req = webwxbatchgetcontact.request(session(), [{ UserName: '@@g' }, { UserName: '@m', EncryChatRoomId: '@abc' }]);
    expect(req.json).toEqual({
      BaseRequest: baseRequest,
      Count: 2,
      List: [
        { UserName: '@@g', EncryChatRoomId: '' },
        { UserName: '@m', EncryChatRoomId: '@abc' },
      ],
    });
    expect(query(req).get('type')).toBe('ex');
    expect(json(webwxbatchgetcontact.request(session(), entries))['Count']).toBe(50);
    let error: unknown;
    try {
      webwxbatchgetcontact.request(session(), [...entries, { UserName: '@one-too-many' }]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(isWeChatError(error)).toBe(true);
    expect(error).toMatchObject({ endpoint: 'webwxbatchgetcontact' });
    expect((error as Error).message).toContain('51');
  });

  it('synccheck goes to the push host with encoded sid/skey and the key string', () => {
    const key = { Count: 2, List: [{ Key: 1, Val: 650_000_001 }, { Key: 2, Val: 650_000_123 }] };
    const req = synccheck.request(session({ env: fixedEnv }), key);
    expect(originOf(req)).toBe('https://webpush.wx2.qq.com');
    expect(pathOf(req)).toBe('/cgi-bin/mmwebwx-bin/synccheck');
    expect([...query(req).keys()]).toEqual(['r', 'skey', 'sid', 'uin', 'deviceid', 'synckey', '_']);
    expect(req.url).toContain('sid=a%2Bb%2FcDeFgHiJkLmN&');
    expect(req.url).toContain('skey=%40crypt_0123abcd_');
    expect(query(req).get('sid')).toBe(SID);
    expect(query(req).get('uin')).toBe(String(UIN));
    expect(query(req).get('deviceid')).toBe(DEVICE_ID);
    expect(query(req).get('synckey')).toBe('1_650000001|2_650000123');
    expect(query(req).get('r')).toBe(String(NOW));
    expect(query(req).get('_')).toBe(String(NOW));
    expect(req.timeoutMs).toBe(35_000);
  });

  it('synccheck refuses an empty key, which the server would answer instantly', () => {
    expect(() => synccheck.request(session(), { Count: 0, List: [] })).toThrow(InvalidRequestError);
    expect(() => synccheck.request(session(), '')).toThrow(InvalidRequestError);
  });

  it('builds the same synccheck and webwxsync from a key as from its string, as a session keeps it', () => {
    const key = { Count: 2, List: [{ Key: 1, Val: 650_000_001 }, { Key: 1000, Val: 1_546_214_000 }] };
    const s = session({ env: fixedEnv });
    expect(synccheck.request(s, '1_650000001|1000_1546214000')).toEqual(synccheck.request(s, key));
    expect(webwxsync.request(s, '1_650000001|1000_1546214000')).toEqual(webwxsync.request(s, key));
  });

  it('webwxsync posts the SyncKey with a Count matching the list and a negative rr', () => {
    const key = { Count: 9, List: [{ Key: 1, Val: 10 }, { Key: 1000, Val: 1_546_214_000 }] };
    const req = webwxsync.request(session({ env: fixedEnv }), key);
    expect(query(req).get('sid')).toBe(SID);
    expect(query(req).get('skey')).toBe(SKEY);
    expect(req.url).toContain(`pass_ticket=${PASS_TICKET}`);
    expect(req.json).toEqual({
      BaseRequest: baseRequest,
      SyncKey: { Count: 2, List: key.List },
      rr: ~Math.trunc(NOW / 1000),
    });
    expect(json(req)['rr']).toBeLessThan(0);
  });

  it('uses one DeviceID for every request whatever the random source does', () => {
    const s = session();
    const key = { List: [{ Key: 1, Val: 1 }] };
    const reqs = [webwxinit.request(s), webwxsync.request(s, key), webwxsendmsg.request(s, { from: '@me', to: '@you', content: 'hi' })];
    for (const req of reqs) expect((json(req)['BaseRequest'] as { DeviceID: string }).DeviceID).toBe(DEVICE_ID);
    expect(query(synccheck.request(s, key)).get('deviceid')).toBe(DEVICE_ID);
    expect(query(synccheck.request(s, key)).get('deviceid')).toBe(DEVICE_ID);
  });
});

describe('send builders', () => {
  it('webwxsendmsg: LocalID is 17 digits (ms + 4 random) and equals ClientMsgId', () => {
    const req = webwxsendmsg.request(session({ env: fixedEnv }), { from: '@me', to: '@you', content: 'a & b\nc' });
    expect(pathOf(req)).toBe('/cgi-bin/mmwebwx-bin/webwxsendmsg');
    expect([...query(req).keys()]).toEqual(['lang', 'pass_ticket']);
    const m = msg(req);
    expect(Object.keys(m)).toEqual(['Type', 'Content', 'FromUserName', 'ToUserName', 'LocalID', 'ClientMsgId']);
    expect(m).toMatchObject({ Type: 1, Content: 'a & b\nc', FromUserName: '@me', ToUserName: '@you' });
    expect(m['LocalID']).toMatch(/^\d{17}$/);
    expect(String(m['LocalID']).startsWith(String(NOW))).toBe(true);
    expect(m['ClientMsgId']).toBe(m['LocalID']);
    expect(json(req)['Scene']).toBe(0);
  });

  it('a caller-chosen localId, a card type and the forward scene are kept', () => {
    const req = webwxsendmsg.request(session(), {
      from: '@me',
      to: '@you',
      content: '<msg username="@x" nickname="X"/>',
      type: 42,
      scene: 2,
      localId: '15462147414160521',
    });
    expect(msg(req)).toMatchObject({ Type: 42, LocalID: '15462147414160521', ClientMsgId: '15462147414160521' });
    expect(json(req)['Scene']).toBe(2);
  });

  it('image, video and app messages use fun=async&f=json and their types', () => {
    const s = session();
    const img = webwxsendmsgimg.request(s, { from: '@me', to: '@you', mediaId: '@crypt_m' });
    expect(img.url).toBe(`https://wx2.qq.com/cgi-bin/mmwebwx-bin/webwxsendmsgimg?fun=async&f=json&lang=zh_CN&pass_ticket=${PASS_TICKET}`);
    expect(Object.keys(msg(img))).toEqual(['Type', 'MediaId', 'Content', 'FromUserName', 'ToUserName', 'LocalID', 'ClientMsgId']);
    expect(msg(img)).toMatchObject({ Type: 3, MediaId: '@crypt_m', Content: '' });
    const video = webwxsendvideomsg.request(s, { from: '@me', to: '@you', mediaId: '@crypt_v' });
    expect(pathOf(video)).toBe('/cgi-bin/mmwebwx-bin/webwxsendvideomsg');
    expect(msg(video)).toMatchObject({ Type: 43, MediaId: '@crypt_v' });
    const app = webwxsendappmsg.request(s, { from: '@me', to: '@you', content: "<appmsg appid='wxeb7ec651dd0aefa9' sdkver=''/>" });
    expect(query(app).get('fun')).toBe('async');
    expect(msg(app)).toMatchObject({ Type: 6, Content: "<appmsg appid='wxeb7ec651dd0aefa9' sdkver=''/>" });
  });

  it('webwxsendemoticon uses fun=sys, EmojiFlag 2 and a MediaId or an md5', () => {
    const byId = webwxsendemoticon.request(session(), { from: '@me', to: '@you', mediaId: '@crypt_g' });
    expect([...query(byId).entries()].slice(0, 1)).toEqual([['fun', 'sys']]);
    expect(msg(byId)).toMatchObject({ Type: 47, EmojiFlag: 2, MediaId: '@crypt_g' });
    const byMd5 = webwxsendemoticon.request(session(), { from: '@me', to: '@you', md5: '0123abcd' });
    expect(msg(byMd5)).toMatchObject({ EMoticonMd5: '0123abcd' });
    expect(msg(byMd5)['MediaId']).toBeUndefined();
  });
});

describe('upload builder', () => {
  const upload = (size: number, fileName = '报告 final.pdf') =>
    uploadMediaRequests(session({ env: fixedEnv }), {
      fileName,
      mimeType: 'application/pdf',
      data: Uint8Array.from({ length: size }, (_, i) => i % 251),
      from: '@me',
      to: '@you',
      fileMd5: 'd41d8cd98f00b204e9800998ecf8427e',
      dataTicket: 'ticket+/=',
      lastModifiedDate: 'Tue Jul 14 2009 13:32:31 GMT+0800 (CST)',
    });
  const names = (req: WxRequest) => (req.form ?? []).map(([name]) => name);
  const field = (req: WxRequest, name: string) => req.form?.find(([n]) => n === name)?.[1];

  it('a file up to 512 KiB is one request with the 10 fields and the file, in order', () => {
    const reqs = upload(1000);
    expect(reqs).toHaveLength(1);
    const [req] = reqs as [WxRequest];
    expect(req.url).toBe('https://file.wx2.qq.com/cgi-bin/mmwebwx-bin/webwxuploadmedia?f=json');
    expect(req.method).toBe('POST');
    expect(req.timeoutMs).toBeUndefined();
    expect(names(req)).toEqual([
      'id',
      'name',
      'type',
      'lastModifiedDate',
      'size',
      'mediatype',
      'uploadmediarequest',
      'webwx_data_ticket',
      'pass_ticket',
      'filename',
    ]);
    expect(field(req, 'name')).toBe('%E6%8A%A5%E5%91%8A%20final.pdf');
    expect(field(req, 'size')).toBe('1000');
    expect(field(req, 'mediatype')).toBe('doc');
    expect(field(req, 'webwx_data_ticket')).toBe('ticket+/=');
    expect(field(req, 'pass_ticket')).toBe(PASS_TICKET);
    const file = field(req, 'filename') as FormFile;
    expect(file.fileName).toBe('%E6%8A%A5%E5%91%8A%20final.pdf');
    expect(file.contentType).toBe('application/octet-stream');
    expect(file.data.byteLength).toBe(1000);
    const body = field(req, 'uploadmediarequest') as string;
    expect(body).not.toMatch(/\s/);
    expect(Object.keys(JSON.parse(body) as object)).toEqual([
      'UploadType',
      'BaseRequest',
      'ClientMediaId',
      'TotalLen',
      'StartPos',
      'DataLen',
      'MediaType',
      'FromUserName',
      'ToUserName',
      'FileMd5',
    ]);
    expect(JSON.parse(body)).toEqual({
      UploadType: 2,
      BaseRequest: baseRequest,
      ClientMediaId: NOW,
      TotalLen: 1000,
      StartPos: 0,
      DataLen: 1000,
      MediaType: 4,
      FromUserName: '@me',
      ToUserName: '@you',
      FileMd5: 'd41d8cd98f00b204e9800998ecf8427e',
    });
  });

  it('a file of 2.5 chunks is three requests with chunks/chunk after size, sharing one uploadmediarequest', () => {
    const size = 2 * UPLOAD_CHUNK_SIZE + 100;
    const reqs = upload(size);
    expect(reqs).toHaveLength(3);
    reqs.forEach((req, i) => {
      expect(names(req)).toEqual([
        'id',
        'name',
        'type',
        'lastModifiedDate',
        'size',
        'chunks',
        'chunk',
        'mediatype',
        'uploadmediarequest',
        'webwx_data_ticket',
        'pass_ticket',
        'filename',
      ]);
      expect(field(req, 'chunks')).toBe('3');
      expect(field(req, 'chunk')).toBe(String(i));
      expect(field(req, 'size')).toBe(String(size));
      expect(field(req, 'uploadmediarequest')).toBe(field(reqs[0] as WxRequest, 'uploadmediarequest'));
    });
    const parts = reqs.map((req) => (field(req, 'filename') as FormFile).data);
    expect(parts.map((p) => p.byteLength)).toEqual([UPLOAD_CHUNK_SIZE, UPLOAD_CHUNK_SIZE, 100]);
    expect(parts[1]?.[0]).toBe(UPLOAD_CHUNK_SIZE % 251);
    expect(parts[2]?.[99]).toBe((size - 1) % 251);
  });

  it('exactly 512 KiB is still one chunk', () => {
    expect(upload(UPLOAD_CHUNK_SIZE)).toHaveLength(1);
    expect(upload(UPLOAD_CHUNK_SIZE + 1)).toHaveLength(2);
  });

  it('picks mediatype by extension', () => {
    expect(['a.JPG', 'b.jpeg', 'c.png', 'd.bmp'].map(uploadMediaType)).toEqual(['pic', 'pic', 'pic', 'pic']);
    expect(uploadMediaType('clip.mp4')).toBe('video');
    expect(['x.gif', 'y.pdf', 'noext', 'z.mp4.txt'].map(uploadMediaType)).toEqual(['doc', 'doc', 'doc', 'doc']);
    expect(field(upload(10, 'photo.png')[0] as WxRequest, 'mediatype')).toBe('pic');
  });

  it('refuses to build an upload without the webwx_data_ticket', () => {
    const call = () =>
      uploadMediaRequests(session(), {
        fileName: 'a.txt',
        mimeType: 'text/plain',
        data: new Uint8Array(1),
        from: '@me',
        to: '@you',
        fileMd5: '00',
        dataTicket: '',
      });
    expect(call).toThrow(InvalidRequestError);
  });
});

describe('download builders', () => {
  it('webwxgetmsgimg asks for big or slave by MsgID, streamed, no timeout', () => {
    const s = session();
    const big = webwxgetmsgimg.request(s, { msgId: '6929942228714508460' });
    expect(big.url).toBe(`https://wx2.qq.com/cgi-bin/mmwebwx-bin/webwxgetmsgimg?MsgID=6929942228714508460&skey=${encodeURIComponent(SKEY)}&type=big`);
    expect(big.expect).toBe('stream');
    expect(big.timeoutMs).toBeUndefined();
    expect(query(webwxgetmsgimg.request(s, { msgId: '1', size: 'slave' })).get('type')).toBe('slave');
  });

  it('webwxgetvoice and webwxgetvideo; video carries Range: bytes=0-', () => {
    const voice = webwxgetvoice.request(session(), '123');
    expect(pathOf(voice)).toBe('/cgi-bin/mmwebwx-bin/webwxgetvoice');
    expect(query(voice).get('msgid')).toBe('123');
    expect(voice.headers?.['range']).toBeUndefined();
    const video = webwxgetvideo.request(session(), '456');
    expect(query(video).get('msgid')).toBe('456');
    expect(video.headers?.['range']).toBe('bytes=0-');
    expect(video.expect).toBe('stream');
  });

  it('webwxgetmedia goes to the file host with the data ticket and pass_ticket verbatim', () => {
    const req = webwxgetmedia.request(session(), {
      sender: '@sender',
      mediaId: '@crypt_media',
      fileName: 'a b.pdf',
      encryFileName: 'a%20b%2Epdf',
      dataTicket: 'T+/=',
    });
    expect(originOf(req)).toBe('https://file.wx2.qq.com');
    expect([...query(req).keys()]).toEqual([
      'sender',
      'mediaid',
      'filename',
      'encryfilename',
      'fromuser',
      'pass_ticket',
      'webwx_data_ticket',
    ]);
    expect(query(req).get('filename')).toBe('a b.pdf');
    expect(query(req).get('fromuser')).toBe(String(UIN));
    expect(query(req).get('webwx_data_ticket')).toBe('T+/=');
    expect(req.url).toContain(`pass_ticket=${PASS_TICKET}&`);
  });

  it('avatars: webwxgeticon (with chatroomid), webwxgetheadimg, and HeadImgUrl with the skey filled in', () => {
    const icon = webwxgeticon.request(session(), { userName: '@m', chatroomId: '@abc', big: true });
    expect(pathOf(icon)).toBe('/cgi-bin/mmwebwx-bin/webwxgeticon');
    expect([...query(icon).entries()]).toEqual([
      ['seq', '0'],
      ['username', '@m'],
      ['skey', SKEY],
      ['chatroomid', '@abc'],
      ['type', 'big'],
    ]);
    const head = webwxgetheadimg.request(session(), { userName: '@@g', seq: 7 });
    expect(head.endpoint).toBe('webwxgetheadimg');
    expect(query(head).get('seq')).toBe('7');
    const fromUrl = fromHeadImgUrl(session(), '/cgi-bin/mmwebwx-bin/webwxgeticon?seq=1&username=@x&skey=');
    expect(fromUrl.url).toBe(`https://wx2.qq.com/cgi-bin/mmwebwx-bin/webwxgeticon?seq=1&username=@x&skey=${encodeURIComponent(SKEY)}`);
    expect(fromHeadImgUrl(session(), '/cgi-bin/mmwebwx-bin/webwxgetheadimg?seq=2&username=@@g').endpoint).toBe('webwxgetheadimg');
    expect(fromHeadImgUrl(session(), 'https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxgeticon?username=@y').url).toBe(
      `https://wx2.qq.com/cgi-bin/mmwebwx-bin/webwxgeticon?username=@y&skey=${encodeURIComponent(SKEY)}`,
    );
  });
});

describe('recall, contacts and groups', () => {
  it('webwxrevokemsg', () => {
    const req = webwxrevokemsg.request(session(), { svrMsgId: '5012345678901234567', localId: '15462147414160521', to: '@you' });
    expect(req.json).toEqual({
      BaseRequest: baseRequest,
      SvrMsgId: '5012345678901234567',
      ToUserName: '@you',
      ClientMsgId: '15462147414160521',
    });
  });

  it('webwxoplog: CmdId 2 remark, CmdId 3 pin with OP', () => {
    expect(webwxoplog.request(session(), { cmd: 'remark', userName: '@f', remarkName: 'Bob' }).json).toEqual({
      BaseRequest: baseRequest,
      UserName: '@f',
      CmdId: 2,
      RemarkName: 'Bob',
    });
    expect(webwxoplog.request(session(), { cmd: 'pin', userName: '@f', pinned: true }).json).toMatchObject({ CmdId: 3, OP: 1 });
    expect(webwxoplog.request(session(), { cmd: 'pin', userName: '@f', pinned: false }).json).toMatchObject({ CmdId: 3, OP: 0 });
  });

  it('webwxverifyuser: Opcode 2 sends a greeting, Opcode 3 carries the ticket', () => {
    const add = webwxverifyuser.request(session(), { opcode: 2, userName: '@s', greeting: '我是 Alice' });
    expect(add.json).toEqual({
      BaseRequest: baseRequest,
      Opcode: 2,
      VerifyUserListSize: 1,
      VerifyUserList: [{ Value: '@s', VerifyUserTicket: '' }],
      VerifyContent: '我是 Alice',
      SceneListCount: 1,
      SceneList: [33],
      skey: SKEY,
    });
    const accept = webwxverifyuser.request(session(), { opcode: 3, userName: '@s', ticket: 'v2_abc@stranger' });
    expect(accept.json).toMatchObject({
      Opcode: 3,
      VerifyUserList: [{ Value: '@s', VerifyUserTicket: 'v2_abc@stranger' }],
      VerifyContent: '',
    });
    expect([...query(accept).keys()]).toEqual(['r', 'lang', 'pass_ticket']);
  });

  it('webwxcreatechatroom', () => {
    expect(webwxcreatechatroom.request(session(), { members: ['@a', '@b'], topic: 'Weekend' }).json).toEqual({
      BaseRequest: baseRequest,
      MemberCount: 2,
      MemberList: [{ UserName: '@a' }, { UserName: '@b' }],
      Topic: 'Weekend',
    });
  });

  it('webwxupdatechatroom: addmember, invitemember, delmember, modtopic', () => {
    const s = session();
    const add = webwxupdatechatroom.request(s, { fun: 'addmember', room: '@@r', members: ['@a', '@b'] });
    expect(query(add).get('fun')).toBe('addmember');
    expect(add.json).toEqual({ BaseRequest: baseRequest, ChatRoomName: '@@r', AddMemberList: '@a,@b' });
    expect(webwxupdatechatroom.request(s, { fun: 'invitemember', room: '@@r', members: ['@a'] }).json).toMatchObject({
      InviteMemberList: '@a',
    });
    expect(webwxupdatechatroom.request(s, { fun: 'delmember', room: '@@r', members: ['@a'] }).json).toMatchObject({
      DelMemberList: '@a',
    });
    const topic = webwxupdatechatroom.request(s, { fun: 'modtopic', room: '@@r', topic: 'New' });
    expect(topic.json).toEqual({ BaseRequest: baseRequest, ChatRoomName: '@@r', NewTopic: 'New' });
    expect(query(topic).get('fun')).toBe('modtopic');
  });

  it('webwxstatreport', () => {
    const req = webwxstatreport.request(session(), ['{"a":1}']);
    expect(query(req).get('fun')).toBe('new');
    expect(req.json).toEqual({ BaseRequest: baseRequest, Count: 1, List: [{ Type: 1, Text: '{"a":1}' }] });
  });

  it('webwxlogout posts without a body', () => {
    const req = webwxlogout.request(session());
    expect(req.method).toBe('POST');
    expect(req.json).toBeUndefined();
    expect(req.form).toBeUndefined();
    expect([...query(req).entries()]).toEqual([
      ['redirect', '1'],
      ['type', '0'],
      ['skey', SKEY],
    ]);
    expect(query(webwxlogout.request(session(), 1)).get('type')).toBe('1');
  });
});

import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../src/errors/decode-error.js';
import type { IlinkContext } from '../../src/ilink/protocol/endpoints/context.js';
import { notifyStart, notifyStop } from '../../src/ilink/protocol/endpoints/lifecycle.js';
import { getBotQrcode, getQrcodeStatus } from '../../src/ilink/protocol/endpoints/login.js';
import { getUploadUrl } from '../../src/ilink/protocol/endpoints/media.js';
import { sendMessage } from '../../src/ilink/protocol/endpoints/send.js';
import { getConfig, sendTyping } from '../../src/ilink/protocol/endpoints/typing.js';
import { getUpdates } from '../../src/ilink/protocol/endpoints/updates.js';
import { mediaItem, textItem } from '../../src/ilink/protocol/outgoing.js';

const identity = { channelVersion: '2.4.3', packedVersion: '132099', botAgent: 'MyBot/1.0 wechat-rx/0.1' };
const anonymous: IlinkContext = { base: 'https://ilinkai.weixin.qq.com', uin: new Uint8Array([0xde, 0xad, 0xbe, 0xef]), identity };
const authed: IlinkContext = { ...anonymous, base: 'https://edge.example/api', token: ' TOKEN-1 ' };
const BASE_INFO = { channel_version: '2.4.3', bot_agent: 'MyBot/1.0 wechat-rx/0.1' };
const APP = { 'ilink-app-id': 'bot', 'ilink-app-clientversion': '132099' };

describe('request builders', () => {
  it('get_bot_qrcode: POST with local_token_list, never a bearer token or base_info, no timeout', () => {
    const req = getBotQrcode.request(authed, ['a', 'b']);
    expect(req).toEqual({
      endpoint: 'get_bot_qrcode',
      method: 'POST',
      url: 'https://edge.example/api/ilink/bot/get_bot_qrcode?bot_type=3',
      json: { local_token_list: ['a', 'b'] },
      headers: { ...APP, authorizationtype: 'ilink_bot_token', 'x-wechat-uin': 'MzczNTkyODU1OQ==' },
    });
    expect((getBotQrcode.request(anonymous, Array.from({ length: 12 }, (_, i) => `t${i}`)).json as { local_token_list: string[] }).local_token_list).toHaveLength(10);
  });

  it('get_qrcode_status: GET with the URL-encoded code (and pair code), app headers only, 35 s', () => {
    const req = getQrcodeStatus.request(authed, { qrcode: 'a+b/c=', verifyCode: '123456' });
    expect(req).toEqual({
      endpoint: 'get_qrcode_status',
      method: 'GET',
      url: 'https://edge.example/api/ilink/bot/get_qrcode_status?qrcode=a%2Bb%2Fc%3D&verify_code=123456',
      headers: APP,
      timeoutMs: 35_000,
    });
  });

  it('getupdates: the cursor and base_info, a trimmed bearer token, the suggested hold plus 5 s', () => {
    const req = getUpdates.request(authed, { cursor: 'CUR', holdMs: 35_000 });
    expect(req).toMatchObject({
      method: 'POST',
      url: 'https://edge.example/api/ilink/bot/getupdates',
      json: { get_updates_buf: 'CUR', base_info: BASE_INFO },
      headers: { ...APP, authorizationtype: 'ilink_bot_token', authorization: 'Bearer TOKEN-1' },
      timeoutMs: 40_000,
    });
    expect(getUpdates.request({ ...authed, timeouts: { getupdates: 1000 } }, { cursor: '', holdMs: 35_000 }).timeoutMs).toBe(1000);
    expect(getUpdates.request({ ...authed, timeouts: { getupdates: undefined } }, { cursor: '', holdMs: 35_000 })).not.toHaveProperty('timeoutMs');
  });

  it('getupdates on the edge that cuts held requests after about 16 s: 10 s at most, unless told otherwise', () => {
    const edge = { ...authed, base: 'https://ilinkai.wechat.com' };
    expect(getUpdates.request(edge, { cursor: '', holdMs: 35_000 }).timeoutMs).toBe(10_000);
    expect(getUpdates.request(edge, { cursor: '', holdMs: 3_000 }).timeoutMs).toBe(8_000);
    expect(getUpdates.request({ ...edge, timeouts: { getupdates: 30_000 } }, { cursor: '', holdMs: 35_000 }).timeoutMs).toBe(30_000);
    expect(getUpdates.request({ ...authed, base: 'https://ilinkai.weixin.qq.com' }, { cursor: '', holdMs: 35_000 }).timeoutMs).toBe(40_000);
  });

  it('sendmessage: one finished bot message with the context token, 15 s', () => {
    const req = sendMessage.request(authed, { to: 'u@im.wechat', clientId: 'c1', contextToken: 'CTX', item: textItem('hi') });
    expect(req.json).toEqual({
      msg: { from_user_id: '', to_user_id: 'u@im.wechat', client_id: 'c1', message_type: 2, message_state: 2, context_token: 'CTX', item_list: [{ type: 1, text_item: { text: 'hi' } }] },
      base_info: BASE_INFO,
    });
    expect(req.timeoutMs).toBe(15_000);
  });

  it('getuploadurl, getconfig, sendtyping, notifystart and notifystop', () => {
    const upload = getUploadUrl.request(authed, { filekey: 'fk', mediaType: 1, to: 'u', rawSize: 3008, md5: 'm', cipherSize: 3024, aesKeyHex: 'k' });
    expect(upload.json).toEqual({ filekey: 'fk', media_type: 1, to_user_id: 'u', rawsize: 3008, rawfilemd5: 'm', filesize: 3024, no_need_thumb: true, aeskey: 'k', base_info: BASE_INFO });
    expect(getConfig.request(authed, { user: 'u', contextToken: 'CTX' }).json).toEqual({ ilink_user_id: 'u', context_token: 'CTX', base_info: BASE_INFO });
    expect(getConfig.request(authed, { user: 'u' }).json).toEqual({ ilink_user_id: 'u', base_info: BASE_INFO });
    expect(sendTyping.request(authed, { user: 'u', ticket: 'T', typing: false }).json).toEqual({ ilink_user_id: 'u', typing_ticket: 'T', status: 2, base_info: BASE_INFO });
    expect(notifyStart.request(authed, undefined)).toMatchObject({ url: 'https://edge.example/api/ilink/bot/msg/notifystart', json: { base_info: BASE_INFO }, timeoutMs: 10_000 });
    expect(notifyStop.request(authed, undefined).url).toBe('https://edge.example/api/ilink/bot/msg/notifystop');
  });

  it('a fresh X-WECHAT-UIN comes from the context of each request', () => {
    const a = sendTyping.request({ ...authed, uin: new Uint8Array([0, 0, 0, 1]) }, { user: 'u', ticket: 'T', typing: true });
    const b = sendTyping.request({ ...authed, uin: new Uint8Array([0, 0, 0, 2]) }, { user: 'u', ticket: 'T', typing: true });
    expect(a.headers?.['x-wechat-uin']).not.toBe(b.headers?.['x-wechat-uin']);
  });

  it('builds media items as Tencent does', () => {
    const media = { encryptedParam: 'P', aesKey: 'K', size: 3008, cipherSize: 3024 };
    const ref = { encrypt_query_param: 'P', aes_key: 'K', encrypt_type: 1 };
    expect(mediaItem('image', media, 'a.png')).toEqual({ type: 2, image_item: { media: ref, mid_size: 3024 } });
    expect(mediaItem('video', media, 'a.mp4')).toEqual({ type: 5, video_item: { media: ref, video_size: 3024 } });
    expect(mediaItem('file', media, 'a.pdf')).toEqual({ type: 4, file_item: { media: ref, file_name: 'a.pdf', len: '3008' } });
  });
});

describe('answer decoders', () => {
  it('get_bot_qrcode needs both the code and its content', () => {
    expect(getBotQrcode.decode('{"ret":0,"qrcode":"Q","qrcode_img_content":"https://liteapp.weixin.qq.com/q/x"}')).toEqual({ qrcode: 'Q', qrUrl: 'https://liteapp.weixin.qq.com/q/x' });
    expect(() => getBotQrcode.decode('{"qrcode":"Q"}')).toThrow(DecodeError);
  });

  it('get_qrcode_status keeps the fields a status carries', () => {
    expect(getQrcodeStatus.decode('{"status":"confirmed","bot_token":"T","ilink_bot_id":"b@im.bot","ilink_user_id":"u","baseurl":"","x":1}')).toEqual({
      status: 'confirmed',
      bot_token: 'T',
      ilink_bot_id: 'b@im.bot',
      ilink_user_id: 'u',
    });
    expect(() => getQrcodeStatus.decode('{"ret":0}')).toThrow(DecodeError);
  });

  it('getupdates reads the messages, the cursor and the suggested hold', () => {
    expect(getUpdates.decode('{"ret":0,"msgs":[{"message_id":7430120123456789012}],"get_updates_buf":"C2","longpolling_timeout_ms":35000}')).toEqual({
      msgs: [{ message_id: '7430120123456789012' }],
      cursor: 'C2',
      holdMs: 35_000,
    });
    expect(getUpdates.decode('{}')).toEqual({ msgs: [] });
  });

  it('sendmessage reads message_id as exact text, and its absence', () => {
    expect(sendMessage.decode('{"ret":0,"message_id":7430120123456789012}')).toEqual({ messageId: '7430120123456789012' });
    for (const body of ['{}', '{"ret":0}', '{"ret":0,"errmsg":""}']) expect(sendMessage.decode(body)).toEqual({});
  });

  it('getuploadurl needs upload_full_url or upload_param', () => {
    expect(getUploadUrl.decode('{"upload_param":"P"}')).toEqual({ uploadParam: 'P' });
    expect(getUploadUrl.decode('{"upload_full_url":"https://c/u","filekey":"f","taskid":"t"}')).toEqual({ uploadFullUrl: 'https://c/u' });
    const error = (() => {
      try {
        getUploadUrl.decode('{"ret":0,"aeskey":"SECRETKEY"}');
      } catch (e) {
        return e as DecodeError;
      }
    })();
    expect(error).toBeInstanceOf(DecodeError);
    expect(error?.excerpt).not.toContain('SECRETKEY');
  });

  it('getconfig needs a ticket', () => {
    expect(getConfig.decode('{"ret":0,"typing_ticket":"T"}')).toBe('T');
    expect(() => getConfig.decode('{"ret":0}')).toThrow(DecodeError);
  });
});

import { describe, expect, it } from 'vitest';
import { decodeFrame, decodePayload, encodeFrame, encodePayload, type OutgoingFrame } from '../../src/device/codec.js';
import { DeviceAuthType, DeviceContentType, DeviceErrorCode, DeviceMsgType, ForceOfflineReason } from '../../src/device/enums.js';
import { frameBytes } from '../../src/device/frame-decoder.js';
import { schemaProtoText, schemaType } from '../../src/device/schema.js';
import type { KnownMsgType, PayloadByMsgType, PayloadInput } from '../../src/device/wire-types.js';
import { FrameDecodeError } from '../../src/device/errors/frame-decode-error.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const fromHex = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
const utf8 = (text: string) => new TextEncoder().encode(text);
/** Ids over 2^53: a `number` would round them. */
const BIG = '9223372036854775807';
const BIG2 = '9007199254740993';

/** One payload per message type, every field set (2025-only fields too), with int64 values beyond 2^53. */
const SAMPLES: { readonly [K in KnownMsgType]: PayloadInput<PayloadByMsgType[K]> } = {
  1001: { Imei: 'IMEI0001', WeChatId: 'wxid_a' },
  1003: { ErrorCode: DeviceErrorCode.TargetNotOnline, ErrorMsg: '对方不在线' },
  1010: { AuthType: DeviceAuthType.DeviceCode, Credential: 'IMEI0001' },
  1011: {
    AccessToken: 'token-1',
    Extra: { SupplierId: BIG, UnionId: BIG2, AccountType: 2, SupplierName: '商户', NickName: 'nick', Token: 't' },
  },
  1013: { Reason: ForceOfflineReason.ByReAlloc, Message: 'moved', WeChatId: 'wxid_a' },
  1015: { Type: 3, ServerUrl: '10.0.0.2', ServerPort: 9000, UploadUrl: 'http://up' },
  1020: {
    WeChatId: 'wxid_a', WeChatNo: 'a_no', WeChatNick: '阿', Gender: 2, Country: 'CN', Province: 'GD', City: 'SZ',
    Avatar: 'http://a', IMEI: 'IMEI0001', Phone: '138',
  },
  1021: { WeChatId: 'wxid_a', IMEI: 'IMEI0001', Reason: 4 },
  1022: {
    WeChatId: 'wxid_a',
    Friend: {
      FriendId: 'wxid_f', FriendNo: 'f_no', FriendNick: 'F', Memo: 'm', Gender: 1, Country: 'CN', Province: 'GD',
      City: 'GZ', Avatar: 'http://f', Remark: 'r', Type: 1, LabelIds: '1,2', Phone: '139', Desc: 'd', Source: 30,
      SourceExt: 'ext', CreateTime: BIG,
    },
  },
  1023: { WeChatId: 'wxid_a', FriendId: 'wxid_f', Reason: 2 },
  1024: {
    WeChatId: 'wxid_a', FriendId: 'wxid_f', ContentType: DeviceContentType.Text, Content: utf8('你好 😀'), MsgId: BIG,
    msgSvrId: BIG2, Ext: '{}', CreateTime: '1700000000', NickName: 'F',
  },
  1025: { Success: true, Code: 0, ErrMsg: 'ok', TaskId: BIG, TaskType: DeviceMsgType.AddFriendsTask, WeChatId: 'wxid_a' },
  1026: {
    WeChatId: 'wxid_a', FriendId: '123@chatroom', ContentType: DeviceContentType.Picture, Content: utf8('http://img'),
    MsgId: BIG2, msgSvrId: BIG, CreateTime: '1700000001', Ext: 'e', TaskId: BIG,
  },
  1027: {
    WeChatId: 'wxid_a', FriendId: 'wxid_r', FriendNo: 'r_no', FriendNick: 'R', Reason: 'hi, I am R', Avatar: 'http://r',
    Source: 6, SourceUser: 'wxid_s', Gender: 1, Province: 'BJ', City: 'BJ',
  },
  1028: {
    Success: false, Code: DeviceErrorCode.TargetNotOnline, ErrMsg: 'offline', WeChatId: 'wxid_a', FriendId: 'wxid_f',
    MsgId: BIG, MsgSvrId: BIG2, CreateTime: '1700000002',
  },
  1070: {
    WeChatId: 'wxid_a', FriendId: 'wxid_f', ContentType: DeviceContentType.Text, Content: utf8('hello'), Remark: 'r',
    MsgId: BIG, Immediate: true,
  },
};

/** What decoding gives back for a sample: bytes as plain arrays to compare. */
function normalise(value: unknown): unknown {
  if (value instanceof Uint8Array) return Array.from(value);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v)]));
  }
  return value;
}

describe('device codec', () => {
  it.each(Object.keys(SAMPLES).map(Number) as KnownMsgType[])('round-trips MsgType %i with exact 64-bit ids', (msgType) => {
    const payload = SAMPLES[msgType];
    const frame = { Id: BIG, AccessToken: 'tok', MsgType: msgType, RefMessageId: BIG2, payload } as OutgoingFrame;
    const decoded = decodeFrame(encodeFrame(frame));
    expect(decoded.Id).toBe(BIG);
    expect(decoded.RefMessageId).toBe(BIG2);
    expect(decoded.MsgType).toBe(msgType);
    expect(decoded.Content?.type_url).toMatch(/^type\.googleapis\.com\/Jubo\.JuLiao\.IM\.Wx\.Proto\.\w+Message$/);
    expect(normalise(decoded.payload)).toEqual(normalise(payload));
    expect(normalise(decodePayload(msgType, encodePayload(msgType, payload as never)))).toEqual(normalise(payload));
  });

  it('reads the hand-made MsgReceivedAck vector of docs/device-protocol.md §1', () => {
    const frame = fromHex('00 00 00 0c 08 07 12 03 61 62 63 18 ea 07 28 06');
    expect(frame.length).toBe(16);
    const decoded = decodeFrame(frame.subarray(4));
    expect(decoded).toEqual({ Id: '7', AccessToken: 'abc', MsgType: 1002, Content: null, RefMessageId: '6', payload: undefined });
    const written = frameBytes(encodeFrame({ Id: '7', AccessToken: 'abc', MsgType: DeviceMsgType.MsgReceivedAck, RefMessageId: '6' }));
    expect(hex(written)).toBe(hex(frame));
  });

  it('reads and writes the hand-made DeviceAuthReq vector of docs/device-protocol.md §1', () => {
    const typeUrl = 'type.googleapis.com/Jubo.JuLiao.IM.Wx.Proto.DeviceAuthReqMessage';
    expect(typeUrl.length).toBe(64);
    const frame = fromHex(`00 00 00 57 08 01 18 f2 07 22 50 0a 40 ${hex(utf8(typeUrl))} 12 0c 08 01 12 08 49 4d 45 49 30 30 30 31`);
    expect(frame.length).toBe(4 + 0x57);
    const decoded = decodeFrame(frame.subarray(4));
    expect(decoded.Id).toBe('1');
    expect(decoded.AccessToken).toBe('');
    expect(decoded.MsgType).toBe(DeviceMsgType.DeviceAuthReq);
    expect(decoded.RefMessageId).toBe('0');
    expect(decoded.Content?.type_url).toBe(typeUrl);
    expect(decoded.payload).toEqual({ AuthType: 1, Credential: 'IMEI0001' });
    const written = encodeFrame({
      Id: '1',
      AccessToken: '',
      MsgType: DeviceMsgType.DeviceAuthReq,
      RefMessageId: '0',
      payload: { AuthType: DeviceAuthType.DeviceCode, Credential: 'IMEI0001' },
    });
    expect(hex(frameBytes(written))).toBe(hex(frame));
  });

  it('treats absent fields as defaults and leaves 2025-only fields absent', () => {
    const body = encodeFrame({ Id: '5', AccessToken: '', MsgType: DeviceMsgType.FriendTalkNotice, RefMessageId: '0', payload: { FriendId: 'wxid_f' } });
    const decoded = decodeFrame(body);
    expect(decoded.payload).toEqual({
      WeChatId: '', FriendId: 'wxid_f', ContentType: 0, Content: expect.any(Uint8Array), MsgId: '0', msgSvrId: '0', Ext: '', CreateTime: '0',
    });
    expect(decoded.payload).not.toHaveProperty('NickName');
  });

  it('skips unknown field numbers (a newer peer) and keeps unknown enum values', () => {
    const known = encodePayload(DeviceMsgType.HeartBeatReq, { Imei: 'i', WeChatId: 'w' });
    // field 15 (string "x") and field 16 (varint 300) that this schema does not have
    const extended = Uint8Array.from([...known, 0x7a, 0x01, 0x78, 0x80, 0x01, 0xac, 0x02]);
    expect(decodePayload(DeviceMsgType.HeartBeatReq, extended)).toEqual({ Imei: 'i', WeChatId: 'w' });
    const body = encodeFrame({ Id: '1', AccessToken: '', MsgType: 4242, RefMessageId: '0', Content: { type_url: 'x/y', value: Uint8Array.of(1) } });
    const decoded = decodeFrame(body);
    expect(decoded.MsgType).toBe(4242);
    expect(decoded.payload).toBeUndefined();
    expect(decoded.Content?.type_url).toBe('x/y');
  });

  it('unpacks an absent Content of a known type as all defaults', () => {
    const decoded = decodeFrame(encodeFrame({ Id: '1', AccessToken: '', MsgType: DeviceMsgType.Error, RefMessageId: '9' }));
    expect(decoded.payload).toEqual({ ErrorCode: 0, ErrorMsg: '' });
  });

  it('throws FrameDecodeError for bytes that are not protobuf, without quoting them', () => {
    expect(() => decodeFrame(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff))).toThrow(FrameDecodeError);
    try {
      decodeFrame(Uint8Array.of(0x12, 0x10, 0x73, 0x65, 0x63));
    } catch (error) {
      expect(error).toBeInstanceOf(FrameDecodeError);
      expect((error as Error).message).not.toContain('sec');
    }
  });

  it('throws FrameDecodeError for an undecodable payload and for a type_url of another type', () => {
    const bad = encodeFrame({ Id: '1', AccessToken: '', MsgType: DeviceMsgType.FriendTalkNotice, RefMessageId: '0', Content: { type_url: '', value: Uint8Array.of(0x0a, 0xff, 0xff) } });
    expect(() => decodeFrame(bad)).toThrow(/FriendTalkNoticeMessage/);
    const wrong = encodeFrame({
      Id: '1', AccessToken: '', MsgType: DeviceMsgType.FriendTalkNotice, RefMessageId: '0',
      Content: { type_url: 'type.googleapis.com/Jubo.JuLiao.IM.Wx.Proto.ErrorMessage', value: new Uint8Array(0) },
    });
    expect(() => decodeFrame(wrong)).toThrow(/does not match MsgType 1024/);
  });

  it('keeps the misspelt FriendAddReqeustNoticeMessage and the lower-case msgSvrId on the wire', () => {
    expect(schemaType('FriendAddReqeustNoticeMessage').fieldsById[5]?.name).toBe('Reason');
    expect(schemaType('FriendTalkNoticeMessage').fieldsById[8]?.name).toBe('msgSvrId');
    expect(schemaType('TalkToFriendTaskResultNoticeMessage').fieldsById[7]?.name).toBe('MsgSvrId');
    expect(schemaProtoText()).toContain('FriendAddReqeustNotice = 1027;');
  });
});

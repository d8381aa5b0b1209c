import fc from 'fast-check';
import type * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import { RawContact, RawContactShape, RawMessage, RawMessageShape } from '../../src/model/raw/shapes.js';
import { listOf } from '../../src/web/protocol/codecs/common.js';
import { SyncResponse, SyncResponseShape } from '../../src/web/protocol/endpoints/sync-answer.js';

/** JSON texts of the values a field may carry: right and wrong types, numeric strings, null, huge and odd numbers. */
const valueText = fc.oneof(
  fc.string({ maxLength: 6 }).map((s) => JSON.stringify(s)),
  fc.integer().map(String),
  fc.constantFrom('null', '"12"', '" 7 "', '1.5', '1e999', '-1e999', '9007199254740993', '"@x"', 'true', '[]', '{}', '[{}]'),
  fc.constantFrom('{"AppID":"a","Type":1}', '{"AppID":2}', '{"UserName":"u","Scene":3}', '{"Scene":"3"}'),
  fc.constantFrom('[{"UserName":"@m","NickName":"n","AttrStatus":1}]', '[{"UserName":5}]', '[{"NickName":"no user name"}]'),
  fc.constantFrom('{"Ret":0}', '{"Ret":"0","ErrMsg":""}', '{"Ret":1100,"ErrMsg":null}', '{"ErrMsg":"x"}'),
  fc.constantFrom('{"Count":1,"List":[{"Key":1,"Val":2}]}', '{"List":[{"Key":"1","Val":2}]}', '{"List":[{"Key":1}]}', '{"List":null}'),
  fc.constantFrom('{"BitFlag":0,"UserName":{"Buff":"u"},"Alias":""}', '{"UserName":{"Buff":1}}', '{"NickName":{}}', '{"Sex":"1"}'),
);

/**
 * Objects over `keys` (any subset, any order, unknown keys too), usually with valid required fields first, parsed
 * from JSON text as the client gets them.
 */
const objects = (keys: readonly string[], valid: Readonly<Record<string, string>>) =>
  fc
    .tuple(
      // Usually all the valid required fields, else any subset of them (one missing is the interesting case).
      fc.oneof(fc.constant(Object.keys(valid)), fc.subarray(Object.keys(valid))),
      fc.array(fc.tuple(fc.constantFrom(...keys, 'Unknown', 'Extra1'), valueText), { maxLength: keys.length + 2 }),
    )
    .map(([required, pairs]) => {
      const unique = new Map([...required.map((key): [string, string] => [key, valid[key] ?? 'null']), ...pairs]);
      return JSON.parse(`{${[...unique].map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`) as unknown;
    });

const MESSAGE_KEYS = ['MsgId', 'FromUserName', 'ToUserName', 'MsgType', 'Content', 'CreateTime', 'NewMsgId', 'FileSize', 'AppInfo', 'RecommendInfo', 'SubMsgType'];
const SYNC_KEYS = ['BaseResponse', 'SyncKey', 'SyncCheckKey', 'AddMsgList', 'ModContactList', 'DelContactList', 'ModChatRoomMemberList', 'SKey', 'ContinueFlag', 'Profile', 'AddMsgCount'];
const CONTACT_KEYS = ['UserName', 'NickName', 'Uin', 'ContactFlag', 'MemberList', 'MemberCount', 'RemarkName', 'VerifyFlag', 'EncryChatRoomId'];
const contacts = objects(CONTACT_KEYS, { UserName: '"@a"' });

/** The full codec fills optional strings the input lacks with `''`; the fast path leaves them out. Nothing else differs. */
function withoutFilledBlanks(decoded: unknown, input: unknown): unknown {
  if (Array.isArray(decoded)) return decoded.map((item, i) => withoutFilledBlanks(item, (input as unknown[])[i]));
  if (typeof decoded !== 'object' || decoded === null) return decoded;
  const source = input as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(decoded)
      .filter(([key, value]) => key in source || value !== '')
      .map(([key, value]) => [key, withoutFilledBlanks(value, source[key])]),
  );
}

function sameAsFullCodec(fast: t.Decoder<unknown, unknown>, full: t.Any, input: fc.Arbitrary<unknown>): void {
  let accepted = 0;
  // Many objects in a row, in varying key orders: the fast path memoises the last key order it saw.
  fc.assert(
    fc.property(fc.array(input, { minLength: 1, maxLength: 8 }), (inputs) => {
      for (const input of inputs) {
        const a = fast.decode(input);
        const b = full.decode(input);
        expect(a._tag).toBe(b._tag);
        if (a._tag === 'Right' && b._tag === 'Right') {
          accepted++;
          // Never less than the type promises (a required string or list left out would pass the comparison below).
          expect(full.is(a.right)).toBe(true);
          expect(withoutFilledBlanks(a.right, input)).toEqual(withoutFilledBlanks(b.right, input));
        }
      }
    }),
    { numRuns: 400 },
  );
  expect(accepted).toBeGreaterThan(100);
}

describe('codecs with a fast path', () => {
  it('RawMessage decodes as its full codec, for any object', () =>
    sameAsFullCodec(RawMessage, RawMessageShape, objects(MESSAGE_KEYS, { MsgId: '"1"', FromUserName: '"@a"', ToUserName: '"@b"', MsgType: '1' })));
  it('RawContact decodes as its full codec, for any object', () => sameAsFullCodec(RawContact, RawContactShape, contacts));
  it('a list of RawContact decodes as a list of its full codec (all elements fast, or none checked that way)', () =>
    sameAsFullCodec(listOf(RawContact), listOf(RawContactShape), fc.array(contacts, { maxLength: 4 })));
  it('SyncResponse decodes as its full codec, for any object', () =>
    sameAsFullCodec(SyncResponse, SyncResponseShape, objects(SYNC_KEYS, {
      BaseResponse: '{"Ret":0,"ErrMsg":""}',
      SyncKey: '{"Count":1,"List":[{"Key":1,"Val":7}]}',
      AddMsgList: '[{"MsgId":"1"}]',
      ModContactList: '[]',
      DelContactList: '[]',
      ModChatRoomMemberList: '[]',
      SKey: '""',
    })));
});

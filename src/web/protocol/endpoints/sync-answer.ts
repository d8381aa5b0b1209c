import * as t from 'io-ts';
import { type FieldTable, LooseString, NumberLike, shape, withFastPath } from '../../../model/raw/primitives.js';
import { RawContact, RawMessage, RawProfile } from '../../../model/raw/shapes.js';
import { BaseResponse, listOf, SyncKey } from '../codecs/common.js';
import { decodeBody, decodeEach, type EachResult } from './answer.js';

/**
 * `webwxsync` (docs/protocol.md §2.11). The lists stay `unknown[]` here so that one malformed element cannot sink the
 * whole batch: their elements are decoded one by one (`decodeSyncAnswer`). `SyncCheckKey` is 2017+. With a fast path:
 * in a chat-paced loop every answer carries one message, so the envelope costs as much as the message.
 */
export const SyncResponseShape = shape(
  {
    BaseResponse,
    SyncKey,
    AddMsgList: listOf(t.unknown),
    ModContactList: listOf(t.unknown),
    DelContactList: listOf(t.unknown),
    ModChatRoomMemberList: listOf(t.unknown),
    SKey: LooseString,
  },
  {
    AddMsgCount: NumberLike,
    ModContactCount: NumberLike,
    DelContactCount: NumberLike,
    ModChatRoomMemberCount: NumberLike,
    Profile: RawProfile,
    ContinueFlag: NumberLike,
    SyncCheckKey: SyncKey,
  },
  'SyncResponse',
);
const SYNC_KEY_FIELDS: FieldTable = {
  fields: { List: { arrayOf: { fields: { Key: 'number', Val: 'number' }, required: ['Key', 'Val'] } }, Count: 'number' },
  required: ['List'],
};
const BUFF_FIELDS: FieldTable = { fields: { Buff: 'string' } };
export const SyncResponse = withFastPath(SyncResponseShape, {
  fields: {
    BaseResponse: { fields: { Ret: 'number', ErrMsg: 'string' }, required: ['Ret'] },
    SyncKey: SYNC_KEY_FIELDS,
    AddMsgList: 'array',
    ModContactList: 'array',
    DelContactList: 'array',
    ModChatRoomMemberList: 'array',
    SKey: 'string',
    AddMsgCount: 'number',
    ModContactCount: 'number',
    DelContactCount: 'number',
    ModChatRoomMemberCount: 'number',
    Profile: {
      fields: {
        BitFlag: 'number',
        UserName: BUFF_FIELDS,
        NickName: BUFF_FIELDS,
        BindUin: 'number',
        BindEmail: BUFF_FIELDS,
        BindMobile: BUFF_FIELDS,
        Status: 'number',
        Sex: 'number',
        PersonalCard: 'number',
        Alias: 'string',
        HeadImgUpdateFlag: 'number',
        HeadImgUrl: 'string',
        Signature: 'string',
      },
    },
    ContinueFlag: 'number',
    SyncCheckKey: SYNC_KEY_FIELDS,
  },
  // What the full codec would fill in when missing, so that the fast path never returns less than the type promises.
  required: ['BaseResponse', 'SyncKey', 'AddMsgList', 'ModContactList', 'DelContactList', 'ModChatRoomMemberList', 'SKey'],
});
export type SyncResponse = t.TypeOf<typeof SyncResponse>;

/** The element-wise decode of an answer's message and contact lists: what decoded, and a `DecodeError` per bad one. */
export interface SyncLists {
  readonly messages: EachResult<RawMessage>;
  readonly modifiedContacts: EachResult<RawContact>;
  readonly deletedContacts: EachResult<RawContact>;
  /** `ModChatRoomMemberList`: groups whose member lists changed. */
  readonly memberLists: EachResult<RawContact>;
}

/** A `webwxsync` answer read in one pass: the envelope, and every list decoded element by element. */
export interface SyncAnswer extends SyncResponse {
  readonly lists: SyncLists;
}

/** Body text → `SyncAnswer`: the envelope (fast path) and the elements of its four lists, one bad element at a time. */
export function decodeSyncAnswer(text: string): SyncAnswer {
  const response = decodeBody(SyncResponse, 'webwxsync', text);
  const lists: SyncLists = {
    messages: decodeEach(RawMessage, 'webwxsync', response.AddMsgList, 'AddMsgList'),
    modifiedContacts: decodeEach(RawContact, 'webwxsync', response.ModContactList, 'ModContactList'),
    deletedContacts: decodeEach(RawContact, 'webwxsync', response.DelContactList, 'DelContactList'),
    memberLists: decodeEach(RawContact, 'webwxsync', response.ModChatRoomMemberList, 'ModChatRoomMemberList'),
  };
  return Object.assign(response, { lists });
}

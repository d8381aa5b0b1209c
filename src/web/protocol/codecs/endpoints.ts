import * as t from 'io-ts';
import { BaseResponse, SyncKey } from './common.js';
import { RawContact, RawMember, RawProfile } from '../../../model/raw/shapes.js';
import { asIsCheck, type FieldTable, IdString, LooseString, NumberLike, shape, withFastPath } from '../../../model/raw/primitives.js';

/*
 * One codec per JSON answer (PROTOCOL.md §2). Counts are never checked against list lengths (the server's often
 * disagree) and unknown fields pass through. Strings and lists whose absence means "empty" (`LooseString`,
 * `listOf`) sit in the required part, so the decoded type says they are always there.
 */

/**
 * A list the server may leave out or send as null on some answers; decoded as `[]` then. When every element passes
 * the element codec's as-is check (its fast path; anything for `t.unknown`), the list is returned as it is, without
 * io-ts's context per element: 5,000 contacts at login, every message list of webwxsync.
 */
export function listOf<C extends t.Mixed>(codec: C, name = `ListOf<${codec.name}>`) {
  const array = t.array(codec);
  const asIs = asIsCheck(codec);
  return new t.Type<t.TypeOf<C>[], t.OutputOf<C>[], unknown>(
    name,
    array.is,
    (u, c) =>
      u === undefined || u === null
        ? t.success([])
        : asIs !== undefined && Array.isArray(u) && u.every(asIs)
          ? t.success(u)
          : array.validate(u, c),
    array.encode,
  );
}

/** An id that failure answers send as `""` (or leave out); decoded as `''` then. */
export const LooseId = new t.Type<string, string, unknown>(
  'LooseId',
  (u): u is string => typeof u === 'string',
  (u, c) => (u === undefined || u === null ? t.success('') : IdString.validate(u, c)),
  (s) => s,
);

/** `webwxpushloginurl` (§2.5): lower-case keys and a string `ret`. */
export const PushLoginResponse = shape({ ret: NumberLike, msg: LooseString }, { uuid: t.string }, 'PushLoginResponse');
export type PushLoginResponse = t.TypeOf<typeof PushLoginResponse>;

/** Own profile in `webwxinit`: a contact plus a few flags only the self object has. */
export const InitUser = t.intersection(
  [RawContact, t.partial({ WebWxPluginSwitch: NumberLike, HeadImgFlag: NumberLike })],
  'InitUser',
);
export type InitUser = t.TypeOf<typeof InitUser>;

export const MPArticle = t.partial(
  { Title: LooseString, Digest: LooseString, Cover: LooseString, Url: LooseString },
  'MPArticle',
);
export type MPArticle = t.TypeOf<typeof MPArticle>;

/** An official-account article push in `webwxinit` (`MPSubscribeMsgList`). */
export const MPSubscribeMsg = shape(
  { UserName: t.string, NickName: LooseString, MPArticleList: listOf(MPArticle) },
  { MPArticleCount: NumberLike, Time: NumberLike },
  'MPSubscribeMsg',
);
export type MPSubscribeMsg = t.TypeOf<typeof MPSubscribeMsg>;

/** `webwxinit` (§2.6). `ContactList` is recent chats, not the address book; `ChatSet` may repeat names. */
export const InitResponse = shape(
  {
    BaseResponse,
    SyncKey,
    User: InitUser,
    ContactList: listOf(RawContact),
    ChatSet: LooseString,
    SKey: LooseString,
    MPSubscribeMsgList: listOf(MPSubscribeMsg),
  },
  {
    Count: NumberLike,
    ClientVersion: NumberLike,
    SystemTime: NumberLike,
    GrayScale: NumberLike,
    InviteStartCount: NumberLike,
    MPSubscribeMsgCount: NumberLike,
    ClickReportInterval: NumberLike,
  },
  'InitResponse',
);
export type InitResponse = t.TypeOf<typeof InitResponse>;

/** `webwxgetcontact` (§2.8). `Seq` ≠ 0 asks for another page; an absent `Seq` ends the listing like 0. */
export const GetContactResponse = shape(
  { BaseResponse, MemberList: listOf(RawContact) },
  { MemberCount: NumberLike, Seq: NumberLike },
  'GetContactResponse',
);
export type GetContactResponse = t.TypeOf<typeof GetContactResponse>;

/** `webwxbatchgetcontact` (§2.9). */
export const BatchGetContactResponse = shape(
  { BaseResponse, ContactList: listOf(RawContact) },
  { Count: NumberLike },
  'BatchGetContactResponse',
);
export type BatchGetContactResponse = t.TypeOf<typeof BatchGetContactResponse>;

/**
 * `webwxsync` (§2.11). The lists stay `unknown[]` here so that one malformed element cannot sink the whole batch:
 * decode their elements one by one (`decodeEach` with `RawMessage` / `RawContact`). `SyncCheckKey` is 2017+. With a
 * fast path: in a chat-paced loop every answer carries one message, so the envelope costs as much as the message.
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

/** `webwxstatusnotify` (§2.7): `MsgID` is `""` when the call failed. */
export const StatusNotifyResponse = shape({ BaseResponse, MsgID: LooseId }, {}, 'StatusNotifyResponse');
export type StatusNotifyResponse = t.TypeOf<typeof StatusNotifyResponse>;

/** Every send endpoint (§2.12–2.16): `MsgID` and `LocalID` are needed to revoke; both `""` on failure. */
export const SendResponse = shape({ BaseResponse, MsgID: LooseId, LocalID: LooseId }, {}, 'SendResponse');
export type SendResponse = t.TypeOf<typeof SendResponse>;

/** `webwxuploadmedia` (§2.17): an empty `MediaId` means the upload failed; `StartPos` is the bytes received. */
export const UploadMediaResponse = shape(
  { BaseResponse, MediaId: LooseString, EncryFileName: LooseString },
  { StartPos: NumberLike, CDNThumbImgHeight: NumberLike, CDNThumbImgWidth: NumberLike },
  'UploadMediaResponse',
);
export type UploadMediaResponse = t.TypeOf<typeof UploadMediaResponse>;

/** `webwxrevokemsg` (§2.23). */
export const RevokeResponse = shape(
  { BaseResponse, Introduction: LooseString, SysWording: LooseString },
  {},
  'RevokeResponse',
);
export type RevokeResponse = t.TypeOf<typeof RevokeResponse>;

/** `webwxoplog` (§2.24): only `BaseResponse`. */
export const OplogResponse = shape({ BaseResponse }, {}, 'OplogResponse');
export type OplogResponse = t.TypeOf<typeof OplogResponse>;

/** `webwxverifyuser` (§2.25): only `BaseResponse`. */
export const VerifyUserResponse = shape({ BaseResponse }, {}, 'VerifyUserResponse');
export type VerifyUserResponse = t.TypeOf<typeof VerifyUserResponse>;

/** `webwxcreatechatroom` (§2.26): the new group's `@@` name (empty on failure) and its members. */
export const CreateChatroomResponse = shape(
  { BaseResponse, ChatRoomName: LooseString, Topic: LooseString, MemberList: listOf(RawMember) },
  { MemberCount: NumberLike },
  'CreateChatroomResponse',
);
export type CreateChatroomResponse = t.TypeOf<typeof CreateChatroomResponse>;

/** `webwxupdatechatroom` (§2.27): `MemberList` comes back for add/invite operations only (`[]` otherwise). */
export const UpdateChatroomResponse = shape(
  { BaseResponse, MemberList: listOf(RawMember) },
  { MemberCount: NumberLike },
  'UpdateChatroomResponse',
);
export type UpdateChatroomResponse = t.TypeOf<typeof UpdateChatroomResponse>;

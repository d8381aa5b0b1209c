import * as t from 'io-ts';
import { type FieldTable, LooseString, MessageIdString, NumberLike, shape, withFastPath } from './primitives.js';

/*
 * The WeChat objects both transports hand out as `raw`: contacts, group members, messages and the profile, in the
 * Web protocol's shape (the device transport builds the same shape).
 */

/** A member object inside a group's `MemberList`. */
export const RawMember = shape(
  { UserName: t.string },
  {
    Uin: NumberLike,
    NickName: LooseString,
    AttrStatus: NumberLike,
    PYInitial: LooseString,
    PYQuanPin: LooseString,
    RemarkPYInitial: LooseString,
    RemarkPYQuanPin: LooseString,
    MemberStatus: NumberLike,
    DisplayName: LooseString,
    KeyWord: LooseString,
  },
  'RawMember',
);
export type RawMember = t.TypeOf<typeof RawMember>;

/**
 * A contact as webwxinit / webwxgetcontact / webwxbatchgetcontact / ModContactList deliver it (docs/protocol.md §2.8,
 * §2.9). The full codec; `RawContact` adds the fast path (the tests hold the two equal).
 */
export const RawContactShape = shape(
  { UserName: t.string },
  {
    Uin: NumberLike,
    NickName: LooseString,
    HeadImgUrl: LooseString,
    ContactFlag: NumberLike,
    MemberCount: NumberLike,
    MemberList: t.array(RawMember),
    RemarkName: LooseString,
    HideInputBarFlag: NumberLike,
    Sex: NumberLike,
    Signature: LooseString,
    VerifyFlag: NumberLike,
    OwnerUin: NumberLike,
    PYInitial: LooseString,
    PYQuanPin: LooseString,
    RemarkPYInitial: LooseString,
    RemarkPYQuanPin: LooseString,
    StarFriend: NumberLike,
    AppAccountFlag: NumberLike,
    Statues: NumberLike,
    AttrStatus: NumberLike,
    Province: LooseString,
    City: LooseString,
    Alias: LooseString,
    SnsFlag: NumberLike,
    UniFriend: NumberLike,
    DisplayName: LooseString,
    ChatRoomId: NumberLike,
    KeyWord: LooseString,
    EncryChatRoomId: LooseString,
    IsOwner: NumberLike,
    ChatRoomOwner: LooseString,
    ContactType: NumberLike,
    HeadImgUpdateFlag: NumberLike,
  },
  'RawContact',
);
const MEMBER_FIELDS: FieldTable = {
  fields: {
    UserName: 'string',
    Uin: 'number',
    NickName: 'string',
    AttrStatus: 'number',
    PYInitial: 'string',
    PYQuanPin: 'string',
    RemarkPYInitial: 'string',
    RemarkPYQuanPin: 'string',
    DisplayName: 'string',
    MemberStatus: 'number',
    KeyWord: 'string',
  },
  required: ['UserName'],
};
export const RawContact = withFastPath(RawContactShape, {
  fields: {
    MemberList: { arrayOf: MEMBER_FIELDS },
    UserName: 'string',
    Uin: 'number',
    NickName: 'string',
    HeadImgUrl: 'string',
    ContactFlag: 'number',
    MemberCount: 'number',
    RemarkName: 'string',
    Sex: 'number',
    Signature: 'string',
    VerifyFlag: 'number',
    OwnerUin: 'number',
    PYInitial: 'string',
    PYQuanPin: 'string',
    RemarkPYInitial: 'string',
    RemarkPYQuanPin: 'string',
    StarFriend: 'number',
    AppAccountFlag: 'number',
    Statues: 'number',
    AttrStatus: 'number',
    Province: 'string',
    City: 'string',
    Alias: 'string',
    SnsFlag: 'number',
    UniFriend: 'number',
    DisplayName: 'string',
    ChatRoomId: 'number',
    KeyWord: 'string',
    EncryChatRoomId: 'string',
    IsOwner: 'number',
    ChatRoomOwner: 'string',
    ContactType: 'number',
    HeadImgUpdateFlag: 'number',
    HideInputBarFlag: 'number',
  },
  required: ['UserName'],
});
export type RawContact = t.TypeOf<typeof RawContactShape>;

export const RecommendInfo = t.partial(
  {
    UserName: LooseString,
    NickName: LooseString,
    QQNum: NumberLike,
    Province: LooseString,
    City: LooseString,
    Content: LooseString,
    Signature: LooseString,
    Alias: LooseString,
    Scene: NumberLike,
    VerifyFlag: NumberLike,
    AttrStatus: NumberLike,
    Sex: NumberLike,
    Ticket: LooseString,
    OpCode: NumberLike,
  },
  'RecommendInfo',
);
export type RecommendInfo = t.TypeOf<typeof RecommendInfo>;

/**
 * One `AddMsgList` element (docs/protocol.md §4.1). Ids are exact strings; everything not needed to route a message is
 * optional. The full codec; `RawMessage` adds the fast path (the tests hold the two equal).
 */
export const RawMessageShape = shape(
  {
    MsgId: MessageIdString,
    FromUserName: t.string,
    ToUserName: t.string,
    MsgType: NumberLike,
  },
  {
    Content: LooseString,
    Status: NumberLike,
    ImgStatus: NumberLike,
    CreateTime: NumberLike,
    VoiceLength: NumberLike,
    PlayLength: NumberLike,
    FileName: LooseString,
    FileSize: LooseString,
    MediaId: LooseString,
    Url: LooseString,
    AppMsgType: NumberLike,
    StatusNotifyCode: NumberLike,
    StatusNotifyUserName: LooseString,
    RecommendInfo: RecommendInfo,
    ForwardFlag: NumberLike,
    AppInfo: t.partial({ AppID: LooseString, Type: NumberLike }),
    HasProductId: NumberLike,
    Ticket: LooseString,
    ImgHeight: NumberLike,
    ImgWidth: NumberLike,
    SubMsgType: NumberLike,
    NewMsgId: MessageIdString,
    OriContent: LooseString,
    EncryFileName: LooseString,
  },
  'RawMessage',
);
export const RawMessage = withFastPath(RawMessageShape, {
  fields: {
    MsgId: 'string',
    FromUserName: 'string',
    ToUserName: 'string',
    MsgType: 'number',
    Content: 'string',
    Status: 'number',
    ImgStatus: 'number',
    CreateTime: 'number',
    VoiceLength: 'number',
    PlayLength: 'number',
    FileName: 'string',
    FileSize: 'string',
    MediaId: 'string',
    Url: 'string',
    AppMsgType: 'number',
    StatusNotifyCode: 'number',
    StatusNotifyUserName: 'string',
    RecommendInfo: {
      fields: {
      UserName: 'string',
      NickName: 'string',
      QQNum: 'number',
      Province: 'string',
      City: 'string',
      Content: 'string',
      Signature: 'string',
      Alias: 'string',
      Scene: 'number',
      VerifyFlag: 'number',
      AttrStatus: 'number',
      Sex: 'number',
      Ticket: 'string',
      OpCode: 'number',
      },
    },
    ForwardFlag: 'number',
    AppInfo: { fields: { AppID: 'string', Type: 'number' } },
    HasProductId: 'number',
    Ticket: 'string',
    ImgHeight: 'number',
    ImgWidth: 'number',
    SubMsgType: 'number',
    NewMsgId: 'string',
    OriContent: 'string',
    EncryFileName: 'string',
  },
  required: ['MsgId', 'FromUserName', 'ToUserName', 'MsgType'],
});
export type RawMessage = t.TypeOf<typeof RawMessageShape>;

/** `Profile` in a webwxsync answer: own profile changes; `BitFlag` 0 means no change. */
const Buff = t.partial({ Buff: LooseString });
export const RawProfile = t.partial(
  {
    BitFlag: NumberLike,
    UserName: Buff,
    NickName: Buff,
    BindUin: NumberLike,
    BindEmail: Buff,
    BindMobile: Buff,
    Status: NumberLike,
    Sex: NumberLike,
    PersonalCard: NumberLike,
    Alias: LooseString,
    HeadImgUpdateFlag: NumberLike,
    HeadImgUrl: LooseString,
    Signature: LooseString,
  },
  'Profile',
);
export type RawProfile = t.TypeOf<typeof RawProfile>;

/**
 * The enumerations of the JuLiao device protocol (docs/device-protocol.md §4 and §6), as `as const` tables. The
 * schema's `.proto` enums are generated from these tables, so the names and numbers live in one place.
 */

/**
 * `EnumMsgType`: every command of the vendor's overview, plus 1015 and 1019 (docs/device-protocol.md §6.4), under their
 * 2021 names. 2025 renamed 1098 to `OneKeyLikeTask` and 2030 to `OneKeyLikeTaskResultNotice`; the numbers did not
 * change.
 */
export const DeviceMsgType = {
  UnknownMsgType: 0,
  HeartBeatReq: 1001,
  MsgReceivedAck: 1002,
  Error: 1003,
  DeviceAuthReq: 1010,
  DeviceAuthRsp: 1011,
  DeviceExitNotice: 1012,
  AccountForceOfflineNotice: 1013,
  RedirectNotice: 1015,
  TriggerWechatPushTask: 1019,
  WeChatOnlineNotice: 1020,
  WeChatOfflineNotice: 1021,
  FriendAddNotice: 1022,
  FriendDelNotice: 1023,
  FriendTalkNotice: 1024,
  TaskResultNotice: 1025,
  WeChatTalkToFriendNotice: 1026,
  FriendAddReqeustNotice: 1027,
  TalkToFriendTaskResultNotice: 1028,
  RequestTalkDetailTaskResultNotice: 1029,
  PullWeChatQrCodeTaskResultNotice: 1030,
  CircleNewPublishNotice: 1031,
  CircleDelNotice: 1032,
  CircleLikeNotice: 1033,
  CircleCommentNotice: 1034,
  PostMessageReadNotice: 1035,
  ContactsInfoNotice: 1036,
  ChatRoomAddNotice: 1037,
  ContactLabelAddNotice: 1038,
  TakeMoneyTaskResultNotice: 1039,
  CircleDetailNotice: 1040,
  ChatRoomDelNotice: 1041,
  ChatRoomChangedNotice: 1042,
  PullChatRoomQrCodeTaskResultNotice: 1043,
  TalkToFriendTask: 1070,
  PostSNSNewsTask: 1071,
  AddFriendsTask: 1072,
  PostSNSNewsTaskResultNotice: 1073,
  DeleteSNSNewsTask: 1074,
  AcceptFriendAddRequestTask: 1075,
  WeChatGroupSendTask: 1076,
  WeChatMaintenanceTask: 1077,
  RequestTalkDetailTask: 1078,
  PullWeChatQrCodeTask: 1079,
  TriggerFriendPushTask: 1080,
  TriggerCirclePushTask: 1081,
  CircleCommentDeleteTask: 1082,
  CircleCommentDeleteTaskResultNotice: 1083,
  CircleCommentReplyTask: 1084,
  CircleCommentReplyTaskResultNotice: 1085,
  TriggerMessageReadTask: 1086,
  RevokeMessageTask: 1087,
  ForwardMessageTask: 1088,
  TriggerHistoryMsgPushTask: 1089,
  PullChatRoomQrCodeTask: 1090,
  UpgradeAppNotice: 1093,
  UpgradeDeviceAppNotice: 1094,
  PostFriendDetectTask: 1095,
  PostStopFriendDetectTask: 1096,
  PostDeleteDeviceNotice: 1097,
  PostMomentsPraiseTask: 1098,
  PostStopMomentsPraiseTask: 1099,
  PostStopWeChatMaintenanceTask: 1100,
  ModifyFriendMemoTask: 1101,
  TakeLuckyMoneyTask: 1200,
  PullFriendCircleTask: 1201,
  PullCircleDetailTask: 1202,
  CircleLikeTask: 1203,
  TriggerChatroomPushTask: 1210,
  RequestChatRoomInfoTask: 1211,
  RequestContactsInfoTask: 1212,
  ChatRoomActionTask: 1213,
  AddFriendInChatRoomTask: 1214,
  AddFriendFromPhonebookTask: 1215,
  DeleteFriendTask: 1216,
  SendLuckyMoneyTask: 1217,
  RequestTalkContentTask: 1218,
  RequestTalkContentTaskResultNotice: 1219,
  ForwardMessageByContentTask: 1220,
  FriendPushNotice: 2026,
  PostDeviceInfoNotice: 2027,
  PostFriendDetectCountNotice: 2028,
  CirclePushNotice: 2029,
  PostMomentsPraiseCountNotice: 2030,
  ChatroomPushNotice: 2031,
  ContactLabelInfoNotice: 2032,
  HistoryMsgPushNotice: 2033,
  ChatRoomMembersNotice: 2034,
} as const;
export type DeviceMsgType = (typeof DeviceMsgType)[keyof typeof DeviceMsgType];

/** `EnumContentType` (docs/device-protocol.md §6.1): what `Content` of a chat message holds. */
export const DeviceContentType = {
  UnknownContent: 0,
  Text: 1,
  Picture: 2,
  Voice: 3,
  Video: 4,
  System: 5,
  Link: 6,
  LinkExt: 7,
  File: 8,
  NameCard: 9,
  Location: 10,
  LuckyMoney: 11,
  MoneyTrans: 12,
  WeApp: 13,
  Emoji: 14,
  RoomManage: 15,
  Sys_LuckyMoney: 16,
  RoomSystem: 17,
  BizLink: 18,
  AudioCall: 19,
  VideoCall: 20,
  NotifyMsg: 21,
  QuoteMsg: 22,
  JieLongMsg: 23,
  ShiPinHao: 24,
  RoomLiving: 25,
  PaiYiPai: 26,
  FinderLive: 28,
  KefuNameCard: 29,
  QiyeNameCard: 30,
  UnSupport: 99,
} as const;
export type DeviceContentType = (typeof DeviceContentType)[keyof typeof DeviceContentType];

/** `EnumErrorCode` of `ErrorMessage` and of task results. */
export const DeviceErrorCode = {
  Success: 0,
  NoRight: 1001,
  InvalidParam: 1002,
  InternalError: 1003,
  TargetNotOnline: 1004,
} as const;
export type DeviceErrorCode = (typeof DeviceErrorCode)[keyof typeof DeviceErrorCode];

/** `DeviceAuthReqMessage.EnumAuthType` (nested in the schema). */
export const DeviceAuthType = {
  Default: 0,
  /** A phone: the credential is its IMEI. The only type the reference server accepts. */
  DeviceCode: 1,
  Username: 2,
  InternalCode: 3,
} as const;
export type DeviceAuthType = (typeof DeviceAuthType)[keyof typeof DeviceAuthType];

/** `EnumForceOfflineReason` of `AccountForceOfflineNoticeMessage` (`FuckedByOtherAuthorizer` is the literal wire name). */
export const ForceOfflineReason = {
  NoReason: 0,
  FuckedByOtherAuthorizer: 1,
  ByReAlloc: 2,
  ByDeviceOffline: 3,
  ByWeChatOffline: 4,
} as const;
export type ForceOfflineReason = (typeof ForceOfflineReason)[keyof typeof ForceOfflineReason];

export const DeviceGender = { UnknownGender: 0, Male: 1, Female: 2 } as const;
export const DeviceAccountType = { UnknownAccountType: 0, Main: 1, SubUser: 2 } as const;
export const DeviceOnlineState = { UnknownState: 0, Online: 1, Offline: 2 } as const;
export const DeviceSendStatus = { NoAction: 0, Sending: 1, SendError: 16, SendSuccess: 17 } as const;
export const DeviceTaskType = { UnknownTask: 0, ReadTencentNews: 1, ReadMPArticles: 2, ReadKYKArticles: 3 } as const;

/** The name of a value in one of the tables above, or `String(value)` for a number the table lacks. */
export function enumName(table: Readonly<Record<string, number>>, value: number): string {
  for (const name in table) if (table[name] === value) return name;
  return String(value);
}

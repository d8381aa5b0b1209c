/** The `.proto` text of the device schema: no protobufjs here, so the public exports load without it. */
import {
  DeviceAccountType,
  DeviceContentType,
  DeviceErrorCode,
  DeviceGender,
  DeviceMsgType,
  DeviceOnlineState,
  DeviceSendStatus,
  DeviceTaskType,
  ForceOfflineReason,
} from './enums.js';

/** The package of every message, and the prefix of every `type_url`. */
export const PROTO_PACKAGE = 'Jubo.JuLiao.IM.Wx.Proto';
export const TYPE_URL_PREFIX = `type.googleapis.com/${PROTO_PACKAGE}.`;

/**
 * The subset of `Jubo.JuLiao.IM.Wx.Proto` wechat-rx speaks, with the field numbers and types of
 * docs/device-protocol.md §2, §4 and §5. Fields only the 2025 revision has are proto3 `optional`: the same bytes on
 * the wire, but absent rather than defaulted when a 2021 peer does not send them. Enums come from `enums.ts`.
 */
const MESSAGES = `
message TransportMessage {
  int64 Id = 1;
  string AccessToken = 2;
  EnumMsgType MsgType = 3;
  google.protobuf.Any Content = 4;
  int64 RefMessageId = 5;
}
message DeviceAuthReqMessage {
  enum EnumAuthType { Default = 0; DeviceCode = 1; Username = 2; InternalCode = 3; }
  EnumAuthType AuthType = 1;
  string Credential = 2;
}
message DeviceAuthRspMessage {
  message ExtraMessage {
    int64 SupplierId = 1;
    int64 UnionId = 2;
    EnumAccountType AccountType = 3;
    string SupplierName = 4;
    string NickName = 5;
    string Token = 6;
  }
  string AccessToken = 1;
  ExtraMessage Extra = 2;
}
message HeartBeatMessage {
  string Imei = 1;
  string WeChatId = 2;
}
message ErrorMessage {
  EnumErrorCode ErrorCode = 1;
  string ErrorMsg = 2;
}
message AccountForceOfflineNoticeMessage {
  EnumForceOfflineReason Reason = 1;
  string Message = 2;
  string WeChatId = 3;
}
message RedirectNoticeMessage {
  int32 Type = 1;
  string ServerUrl = 2;
  int32 ServerPort = 3;
  optional string UploadUrl = 4;
}
message WeChatOnlineNoticeMessage {
  string WeChatId = 1;
  string WeChatNo = 2;
  string WeChatNick = 3;
  EnumGender Gender = 4;
  string Country = 5;
  string Province = 6;
  string City = 7;
  string Avatar = 8;
  string IMEI = 9;
  string Phone = 10;
}
message WeChatOfflineNoticeMessage {
  string WeChatId = 1;
  string IMEI = 2;
  optional int32 Reason = 3;
}
message FriendTalkNoticeMessage {
  string WeChatId = 1;
  string FriendId = 3;
  EnumContentType ContentType = 5;
  bytes Content = 6;
  int64 MsgId = 7;
  int64 msgSvrId = 8;
  string Ext = 9;
  int64 CreateTime = 10;
  optional string NickName = 11;
}
message WeChatTalkToFriendNoticeMessage {
  string WeChatId = 1;
  string FriendId = 3;
  EnumContentType ContentType = 5;
  bytes Content = 6;
  int64 MsgId = 7;
  int64 msgSvrId = 8;
  int64 CreateTime = 9;
  optional string Ext = 10;
  optional int64 TaskId = 11;
}
message TalkToFriendTaskMessage {
  string WeChatId = 1;
  string FriendId = 2;
  EnumContentType ContentType = 3;
  bytes Content = 4;
  string Remark = 8;
  int64 MsgId = 9;
  optional bool Immediate = 10;
}
message TalkToFriendTaskResultNoticeMessage {
  bool Success = 1;
  EnumErrorCode Code = 2;
  string ErrMsg = 3;
  string WeChatId = 4;
  string FriendId = 5;
  int64 MsgId = 6;
  int64 MsgSvrId = 7;
  int64 CreateTime = 10;
}
message TaskResultNoticeMessage {
  bool Success = 1;
  EnumErrorCode Code = 2;
  string ErrMsg = 3;
  int64 TaskId = 4;
  EnumMsgType TaskType = 5;
  string WeChatId = 6;
}
message FriendMessage {
  string FriendId = 1;
  string FriendNo = 2;
  string FriendNick = 3;
  string Memo = 4;
  EnumGender Gender = 5;
  string Country = 6;
  string Province = 7;
  string City = 8;
  string Avatar = 9;
  string Remark = 10;
  int32 Type = 11;
  string LabelIds = 12;
  string Phone = 13;
  string Desc = 14;
  int32 Source = 15;
  optional string SourceExt = 16;
  optional int64 CreateTime = 17;
}
message FriendAddNoticeMessage {
  string WeChatId = 1;
  FriendMessage Friend = 3;
}
message FriendDelNoticeMessage {
  string WeChatId = 1;
  string FriendId = 3;
  int32 Reason = 4;
}
message FriendAddReqeustNoticeMessage {
  string WeChatId = 1;
  string FriendId = 2;
  string FriendNo = 3;
  string FriendNick = 4;
  string Reason = 5;
  string Avatar = 6;
  int32 Source = 7;
  string SourceUser = 8;
  EnumGender Gender = 9;
  string Province = 10;
  string City = 11;
}
`;

function enumText(name: string, table: Readonly<Record<string, number>>): string {
  const values = Object.entries(table).map(([key, value]) => `  ${key} = ${value};`);
  return `enum ${name} {\n${values.join('\n')}\n}\n`;
}

/** The full `.proto` text of the schema, for reading, diffing with the vendor's files, or feeding to protoc. */
export function schemaProtoText(): string {
  return [
    'syntax = "proto3";',
    `package ${PROTO_PACKAGE};`,
    'import "google/protobuf/any.proto";',
    enumText('EnumMsgType', DeviceMsgType),
    enumText('EnumContentType', DeviceContentType),
    enumText('EnumErrorCode', DeviceErrorCode),
    enumText('EnumAccountType', DeviceAccountType),
    enumText('EnumForceOfflineReason', ForceOfflineReason),
    enumText('EnumGender', DeviceGender),
    enumText('EnumOnlineState', DeviceOnlineState),
    enumText('EnumSendStatus', DeviceSendStatus),
    enumText('EnumTaskType', DeviceTaskType),
    MESSAGES,
  ].join('\n');
}

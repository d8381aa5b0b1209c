/**
 * The protobuf messages wechat-rx uses, as decoded objects: PascalCase field names exactly as on the wire
 * (including `msgSvrId` and the misspelt `FriendAddReqeustNoticeMessage`), every int64 as an exact decimal string,
 * enums as numbers (unknown values are kept), `bytes` as `Uint8Array`. Absent proto3 fields read as their default;
 * fields only the 2025 revision has are optional and absent unless sent. A nested message absent on the wire is
 * `null`.
 */

/** `google.protobuf.Any`: the command's payload, packed. */
export interface AnyMessage {
  readonly type_url: string;
  readonly value: Uint8Array;
}

/** The root of every frame (docs/device-protocol.md §2). */
export interface TransportMessage {
  readonly Id: string;
  readonly AccessToken: string;
  readonly MsgType: number;
  readonly Content: AnyMessage | null;
  readonly RefMessageId: string;
}

export interface DeviceAuthReqMessage {
  readonly AuthType: number;
  readonly Credential: string;
}

export interface ExtraMessage {
  readonly SupplierId: string;
  readonly UnionId: string;
  readonly AccountType: number;
  readonly SupplierName: string;
  readonly NickName: string;
  readonly Token: string;
}

export interface DeviceAuthRspMessage {
  readonly AccessToken: string;
  readonly Extra: ExtraMessage | null;
}

export interface HeartBeatMessage {
  readonly Imei: string;
  readonly WeChatId: string;
}

export interface ErrorMessage {
  readonly ErrorCode: number;
  readonly ErrorMsg: string;
}

export interface AccountForceOfflineNoticeMessage {
  readonly Reason: number;
  readonly Message: string;
  readonly WeChatId: string;
}

export interface RedirectNoticeMessage {
  readonly Type: number;
  readonly ServerUrl: string;
  readonly ServerPort: number;
  /** 2025 */
  readonly UploadUrl?: string;
}

export interface WeChatOnlineNoticeMessage {
  readonly WeChatId: string;
  readonly WeChatNo: string;
  readonly WeChatNick: string;
  readonly Gender: number;
  readonly Country: string;
  readonly Province: string;
  readonly City: string;
  readonly Avatar: string;
  readonly IMEI: string;
  readonly Phone: string;
}

export interface WeChatOfflineNoticeMessage {
  readonly WeChatId: string;
  readonly IMEI: string;
  /** 2025 */
  readonly Reason?: number;
}

export interface FriendTalkNoticeMessage {
  readonly WeChatId: string;
  readonly FriendId: string;
  readonly ContentType: number;
  readonly Content: Uint8Array;
  readonly MsgId: string;
  readonly msgSvrId: string;
  readonly Ext: string;
  readonly CreateTime: string;
  /** 2025 */
  readonly NickName?: string;
}

export interface WeChatTalkToFriendNoticeMessage {
  readonly WeChatId: string;
  readonly FriendId: string;
  readonly ContentType: number;
  readonly Content: Uint8Array;
  readonly MsgId: string;
  readonly msgSvrId: string;
  readonly CreateTime: string;
  /** 2025 */
  readonly Ext?: string;
  /** 2025 */
  readonly TaskId?: string;
}

export interface TalkToFriendTaskMessage {
  readonly WeChatId: string;
  readonly FriendId: string;
  readonly ContentType: number;
  readonly Content: Uint8Array;
  readonly Remark: string;
  readonly MsgId: string;
  /** 2025 */
  readonly Immediate?: boolean;
}

export interface TalkToFriendTaskResultNoticeMessage {
  readonly Success: boolean;
  readonly Code: number;
  readonly ErrMsg: string;
  readonly WeChatId: string;
  readonly FriendId: string;
  readonly MsgId: string;
  readonly MsgSvrId: string;
  readonly CreateTime: string;
}

export interface TaskResultNoticeMessage {
  readonly Success: boolean;
  readonly Code: number;
  readonly ErrMsg: string;
  readonly TaskId: string;
  readonly TaskType: number;
  readonly WeChatId: string;
}

export interface FriendMessage {
  readonly FriendId: string;
  readonly FriendNo: string;
  readonly FriendNick: string;
  readonly Memo: string;
  readonly Gender: number;
  readonly Country: string;
  readonly Province: string;
  readonly City: string;
  readonly Avatar: string;
  readonly Remark: string;
  readonly Type: number;
  readonly LabelIds: string;
  readonly Phone: string;
  readonly Desc: string;
  readonly Source: number;
  /** 2025 */
  readonly SourceExt?: string;
  /** 2025 */
  readonly CreateTime?: string;
}

export interface FriendAddNoticeMessage {
  readonly WeChatId: string;
  readonly Friend: FriendMessage | null;
}

export interface FriendDelNoticeMessage {
  readonly WeChatId: string;
  readonly FriendId: string;
  readonly Reason: number;
}

export interface FriendAddReqeustNoticeMessage {
  readonly WeChatId: string;
  readonly FriendId: string;
  readonly FriendNo: string;
  readonly FriendNick: string;
  readonly Reason: string;
  readonly Avatar: string;
  readonly Source: number;
  readonly SourceUser: string;
  readonly Gender: number;
  readonly Province: string;
  readonly City: string;
}

/** The payload type each `MsgType` the schema knows carries in `Content` (1002 carries none). */
export interface PayloadByMsgType {
  1001: HeartBeatMessage;
  1003: ErrorMessage;
  1010: DeviceAuthReqMessage;
  1011: DeviceAuthRspMessage;
  1013: AccountForceOfflineNoticeMessage;
  1015: RedirectNoticeMessage;
  1020: WeChatOnlineNoticeMessage;
  1021: WeChatOfflineNoticeMessage;
  1022: FriendAddNoticeMessage;
  1023: FriendDelNoticeMessage;
  1024: FriendTalkNoticeMessage;
  1025: TaskResultNoticeMessage;
  1026: WeChatTalkToFriendNoticeMessage;
  1027: FriendAddReqeustNoticeMessage;
  1028: TalkToFriendTaskResultNoticeMessage;
  1070: TalkToFriendTaskMessage;
}
export type KnownMsgType = keyof PayloadByMsgType;
export type DevicePayload = PayloadByMsgType[KnownMsgType];

/**
 * What encoding accepts for a payload: any subset of the fields (absent ones are sent as defaults), nested
 * messages likewise; int64 fields as decimal strings, `bytes` as `Uint8Array`.
 */
export type PayloadInput<T> = {
  readonly [K in keyof T]?: NonNullable<T[K]> extends Uint8Array
    ? Uint8Array
    : NonNullable<T[K]> extends object
      ? PayloadInput<NonNullable<T[K]>>
      : T[K];
};

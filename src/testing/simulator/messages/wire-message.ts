/**
 * One `AddMsgList` element exactly as the server sends it (docs/protocol.md §4.1): every field, in the server's key
 * order, with `NewMsgId` as a `bigint` so `toWireJson` writes it as a bare number above 2^53.
 */
import type { MessageContext } from './specs.js';

export type WireRecommendInfo = {
  UserName: string;
  NickName: string;
  QQNum: number;
  Province: string;
  City: string;
  Content: string;
  Signature: string;
  Alias: string;
  Scene: number;
  VerifyFlag: number;
  AttrStatus: number;
  Sex: number;
  Ticket: string;
  OpCode: number;
};

/** One `AddMsgList` element in the server's key order. `MsgId` equals `NewMsgId` textually. */
export type WireMessage = {
  MsgId: string;
  FromUserName: string;
  ToUserName: string;
  MsgType: number;
  Content: string;
  Status: number;
  ImgStatus: number;
  CreateTime: number;
  VoiceLength: number;
  PlayLength: number;
  FileName: string;
  FileSize: string;
  MediaId: string;
  Url: string;
  AppMsgType: number;
  StatusNotifyCode: number;
  StatusNotifyUserName: string;
  RecommendInfo: WireRecommendInfo;
  ForwardFlag: number;
  AppInfo: { AppID: string; Type: number };
  HasProductId: number;
  Ticket: string;
  ImgHeight: number;
  ImgWidth: number;
  SubMsgType: number;
  /** Above 2^53: `toWireJson` writes it as a bare JSON number. */
  NewMsgId: bigint;
  OriContent: string;
  EncryFileName: string;
};

export const EMPTY_RECOMMEND: WireRecommendInfo = {
  UserName: '',
  NickName: '',
  QQNum: 0,
  Province: '',
  City: '',
  Content: '',
  Signature: '',
  Alias: '',
  Scene: 0,
  VerifyFlag: 0,
  AttrStatus: 0,
  Sex: 0,
  Ticket: '',
  OpCode: 0,
};

/** A message of `msgType` with the server's defaults, a fresh id unless `fields` has one, and `fields` on top. */
export function wireMessage(ctx: MessageContext, msgType: number, from: string, to: string, time: number | undefined, fields: Partial<WireMessage>): WireMessage {
  const id = fields.NewMsgId ?? ctx.ids.next();
  return {
    MsgId: id.toString(),
    FromUserName: from,
    ToUserName: to,
    MsgType: msgType,
    Content: '',
    Status: 3,
    ImgStatus: 1,
    CreateTime: time ?? Math.floor(ctx.nowMs / 1000),
    VoiceLength: 0,
    PlayLength: 0,
    FileName: '',
    FileSize: '',
    MediaId: '',
    Url: '',
    AppMsgType: 0,
    StatusNotifyCode: 0,
    StatusNotifyUserName: '',
    RecommendInfo: EMPTY_RECOMMEND,
    ForwardFlag: 0,
    AppInfo: { AppID: '', Type: 0 },
    HasProductId: 0,
    Ticket: '',
    ImgHeight: 0,
    ImgWidth: 0,
    SubMsgType: 0,
    NewMsgId: id,
    OriContent: '',
    EncryFileName: '',
    ...fields,
  };
}

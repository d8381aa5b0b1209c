import type protobuf from 'protobufjs';
import { FrameDecodeError } from './errors/frame-decode-error.js';
import { WeChatError } from '../errors/wechat-error.js';
import { DeviceMsgType, enumName } from './enums.js';
import { toPlain } from './plain.js';
import { decodeRoot, encodeRoot, RootDecodeFailure, type RootMessage } from './root-codec.js';
import { schemaType, TYPE_URL_PREFIX } from './schema.js';
import type { AnyMessage, KnownMsgType, PayloadByMsgType, PayloadInput, TransportMessage } from './wire-types.js';

/** A decoded frame: the `TransportMessage` fields plus `payload`, the unpacked `Content` when the schema knows its type. */
export interface DeviceFrame<P = PayloadByMsgType[KnownMsgType]> extends TransportMessage {
  /** `Content` unpacked by `MsgType`; defaults when `Content` is absent; undefined for types the schema lacks and for 1002. */
  readonly payload: P | undefined;
}

/** A frame of one known `MsgType`, with its payload. */
export type FrameOf<K extends KnownMsgType> = DeviceFrame<PayloadByMsgType[K]> & {
  readonly MsgType: K;
  readonly payload: PayloadByMsgType[K];
};

/** The header every outgoing frame has. int64 ids are decimal strings; `'0'` means none. */
export interface FrameHeader {
  readonly Id: string;
  readonly AccessToken: string;
  readonly RefMessageId: string;
}

/** A frame to send: a header, a `MsgType` and its payload (any subset of the fields), or a bare `MsgReceivedAck`. */
export type OutgoingFrame =
  | { readonly [K in KnownMsgType]: FrameHeader & { readonly MsgType: K; readonly payload: PayloadInput<PayloadByMsgType[K]> } }[KnownMsgType]
  | (FrameHeader & { readonly MsgType: typeof DeviceMsgType.MsgReceivedAck; readonly payload?: undefined });

/** A frame of a type the schema lacks, with `Content` packed by the caller. */
export interface RawOutgoingFrame extends FrameHeader {
  readonly MsgType: number;
  readonly Content?: AnyMessage;
}

/** The payload type of `HeartBeatReq`: the one exception to "MsgType name + Message" (docs/device-protocol.md §2). */
const PAYLOAD_NAMES: Readonly<Record<KnownMsgType, string>> = {
  1001: 'HeartBeatMessage',
  1003: 'ErrorMessage',
  1010: 'DeviceAuthReqMessage',
  1011: 'DeviceAuthRspMessage',
  1013: 'AccountForceOfflineNoticeMessage',
  1015: 'RedirectNoticeMessage',
  1020: 'WeChatOnlineNoticeMessage',
  1021: 'WeChatOfflineNoticeMessage',
  1022: 'FriendAddNoticeMessage',
  1023: 'FriendDelNoticeMessage',
  1024: 'FriendTalkNoticeMessage',
  1025: 'TaskResultNoticeMessage',
  1026: 'WeChatTalkToFriendNoticeMessage',
  1027: 'FriendAddReqeustNoticeMessage',
  1028: 'TalkToFriendTaskResultNoticeMessage',
  1070: 'TalkToFriendTaskMessage',
};

interface PayloadCodec {
  readonly type: protobuf.Type;
  readonly typeUrl: string;
}

const EMPTY = new Uint8Array(0);

let payloadCodecs: Map<number, PayloadCodec> | undefined;

function codecs(): Map<number, PayloadCodec> {
  if (payloadCodecs === undefined) {
    payloadCodecs = new Map();
    for (const [msgType, name] of Object.entries(PAYLOAD_NAMES)) {
      payloadCodecs.set(Number(msgType), { type: schemaType(name), typeUrl: typeUrlOf(name) });
    }
  }
  return payloadCodecs;
}

/** `type.googleapis.com/Jubo.JuLiao.IM.Wx.Proto.<TypeName>`, what `Any.pack` writes. */
export function typeUrlOf(typeName: string): string {
  return TYPE_URL_PREFIX + typeName;
}

/** The payload type name a `MsgType` carries, when the schema knows it. */
export function payloadTypeName(msgType: number): string | undefined {
  return PAYLOAD_NAMES[msgType as KnownMsgType];
}

/** Narrows a frame to one known `MsgType`, for `filter` and `if`. */
export function isFrameOf<K extends KnownMsgType>(frame: DeviceFrame, msgType: K): frame is FrameOf<K> {
  return frame.MsgType === msgType && frame.payload !== undefined;
}

/**
 * Decodes one frame body (a `TransportMessage`) and unpacks its `Content` by `MsgType`. Unknown field numbers are
 * skipped; a `Content` whose `type_url` names another type than the `MsgType` implies, or bytes that are not
 * protobuf, throw a `FrameDecodeError` (which never quotes the bytes: they carry the access token).
 */
export function decodeFrame(body: Uint8Array): DeviceFrame {
  let root: RootMessage;
  try {
    root = decodeRoot(body, typeUrlFor);
  } catch (error) {
    throw new FrameDecodeError('TransportMessage', reasonOf(error), body.length, undefined, error);
  }
  const msgType = root.MsgType;
  const codec = msgType === DeviceMsgType.MsgReceivedAck ? undefined : codecs().get(msgType);
  let payload: PayloadByMsgType[KnownMsgType] | undefined;
  if (codec !== undefined) {
    const content = root.Content;
    if (content !== null && content.type_url !== '' && content.type_url !== codec.typeUrl) {
      throw new FrameDecodeError(codec.type.name, `type_url ${content.type_url} does not match MsgType ${msgType}`, body.length, msgType);
    }
    try {
      payload = toPlain(codec.type, codec.type.decode(content === null ? EMPTY : content.value)) as unknown as PayloadByMsgType[KnownMsgType];
    } catch (error) {
      throw new FrameDecodeError(codec.type.name, reasonOf(error), body.length, msgType, error);
    }
  }
  return {
    Id: root.Id,
    AccessToken: root.AccessToken,
    MsgType: msgType,
    Content: root.Content,
    RefMessageId: root.RefMessageId,
    payload,
  };
}

function typeUrlFor(msgType: number): string | undefined {
  return codecs().get(msgType)?.typeUrl;
}

/** Decodes a payload of a known type on its own (the bytes of an `Any.value`). */
export function decodePayload<K extends KnownMsgType>(msgType: K, bytes: Uint8Array): PayloadByMsgType[K] {
  const codec = requireCodec(msgType);
  try {
    return toPlain(codec.type, codec.type.decode(bytes)) as unknown as PayloadByMsgType[K];
  } catch (error) {
    throw new FrameDecodeError(codec.type.name, reasonOf(error), bytes.length, msgType, error);
  }
}

/** Encodes a payload of a known type on its own (what goes into `Any.value`). */
export function encodePayload<K extends KnownMsgType>(msgType: K, payload: PayloadInput<PayloadByMsgType[K]>): Uint8Array {
  const { type } = requireCodec(msgType);
  return type.encode(type.fromObject(payload)).finish();
}

/** Encodes a frame body: the payload packed into `Content` as `google.protobuf.Any`; a 1002 gets no `Content`. */
export function encodeFrame(frame: OutgoingFrame | RawOutgoingFrame): Uint8Array {
  let content: AnyMessage | undefined;
  if ('payload' in frame && frame.payload !== undefined) {
    const codec = requireCodec(frame.MsgType);
    content = { type_url: codec.typeUrl, value: codec.type.encode(codec.type.fromObject(frame.payload)).finish() };
  } else if ('Content' in frame) {
    content = frame.Content;
  }
  return encodeRoot({
    Id: frame.Id,
    AccessToken: frame.AccessToken,
    MsgType: frame.MsgType,
    RefMessageId: frame.RefMessageId,
    Content: content,
  });
}

function requireCodec(msgType: number): PayloadCodec {
  const codec = codecs().get(msgType);
  if (codec === undefined) {
    throw new WeChatError(`the device schema has no payload type for MsgType ${enumName(DeviceMsgType, msgType)}`);
  }
  return codec;
}

function reasonOf(error: unknown): string {
  if (error instanceof RootDecodeFailure) return error.reason;
  return error instanceof Error ? error.message : 'undecodable protobuf';
}

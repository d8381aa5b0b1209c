import { WeChatError } from '../../errors/wechat-error.js';

/**
 * A device frame could not be decoded: its body is not protobuf, its `Content` does not unpack as the type its
 * `MsgType` implies, or the stream ended inside a frame. The bytes are never quoted (they carry the access token);
 * `length` says how many there were.
 */
export class FrameDecodeError extends WeChatError {
  override name = 'FrameDecodeError';

  constructor(
    /** The protobuf type being decoded (`TransportMessage`, `FriendTalkNoticeMessage`…), or `frame` for framing. */
    readonly typeName: string,
    readonly reason: string,
    readonly length: number,
    readonly msgType?: number,
    cause?: unknown,
  ) {
    super(`undecodable device frame (${typeName}${msgType === undefined ? '' : `, MsgType ${msgType}`}, ${length} bytes): ${reason}`, { cause });
  }
}

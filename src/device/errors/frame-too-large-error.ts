import { WeChatError } from '../../errors/wechat-error.js';

/**
 * A device frame header announced a body longer than the configured maximum. The stream cannot be resynchronised
 * after this (the length is the only framing), so the connection is dropped.
 */
export class FrameTooLargeError extends WeChatError {
  override name = 'FrameTooLargeError';

  constructor(
    readonly length: number,
    readonly maxLength: number,
  ) {
    super(`device frame announces a ${length}-byte body, over the maximum of ${maxLength} bytes (raise maxFrameLength if the peer is right)`);
  }
}

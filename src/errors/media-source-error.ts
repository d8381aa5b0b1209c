import { WeChatError } from './wechat-error.js';

/** A file to send is missing, unreadable or not a regular file: raised before any request, naming the path. */
export class MediaSourceError extends WeChatError {
  override name = 'MediaSourceError';

  constructor(
    readonly path: string,
    readonly reason: string,
    readonly code?: string,
  ) {
    super(`cannot send ${path}: ${reason}`);
  }
}

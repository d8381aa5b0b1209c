import { WeChatError } from './wechat-error.js';

/**
 * An upload could not produce a `MediaId`: the source was empty or changed while it was read, or the server's last
 * chunk answer carried no `MediaId` (docs/protocol.md §2.17: an empty `MediaId` means failure).
 */
export class UploadError extends WeChatError {
  override name = 'UploadError';
  readonly endpoint = 'webwxuploadmedia';

  constructor(readonly reason: string) {
    super(`webwxuploadmedia failed: ${reason}`);
  }
}

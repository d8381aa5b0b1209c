import { WeChatError } from './wechat-error.js';

/** A download target already exists and `overwrite` was not asked for; nothing was written. */
export class FileExistsError extends WeChatError {
  override name = 'FileExistsError';

  constructor(readonly path: string) {
    super(`not overwriting ${path}: it exists (pass overwrite: true to replace it)`);
  }
}

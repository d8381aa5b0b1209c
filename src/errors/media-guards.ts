import { FileExistsError } from './file-exists-error.js';
import { MediaUnavailableError } from './media-unavailable-error.js';
import { UploadError } from './upload-error.js';
import { WeChatError } from './wechat-error.js';

/** Narrowing guards for the media errors that survive two copies of the library (marker and `name`, as in guards.ts). */
function guardFor<T extends WeChatError>(ctor: abstract new (...args: never[]) => T, name: string) {
  return (value: unknown): value is T =>
    value instanceof ctor ||
    (typeof value === 'object' &&
      value !== null &&
      (value as { isWeChatError?: unknown }).isWeChatError === true &&
      (value as { name?: unknown }).name === name);
}

export const isUploadError = guardFor(UploadError, 'UploadError');
export const isFileExistsError = guardFor(FileExistsError, 'FileExistsError');
export const isMediaUnavailableError = guardFor(MediaUnavailableError, 'MediaUnavailableError');

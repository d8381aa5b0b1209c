import { FileExistsError } from './file-exists-error.js';
import { guardFor } from './guard-for.js';
import { MediaUnavailableError } from './media-unavailable-error.js';
import { UploadError } from './upload-error.js';

export const isUploadError = guardFor(UploadError, 'UploadError');
export const isFileExistsError = guardFor(FileExistsError, 'FileExistsError');
export const isMediaUnavailableError = guardFor(MediaUnavailableError, 'MediaUnavailableError');

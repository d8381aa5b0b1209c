/** The iLink media layer: the cipher, keys, upload preparation and the CDN transfers the client calls. */
export { decryptBytes, decryptStream, encryptBytes, encryptStream, paddedSize } from './aes-ecb.js';
export { aesKeyForSend, aesKeyFromHex, newFileKey, newMediaKey, parseAesKey, type RandomBytes } from './aes-key.js';
export { CDN_DOWNLOAD_ENDPOINT, type CdnDownloadOptions, downloadFromCdn } from './cdn-download.js';
export { CDN_UPLOAD_ENDPOINT, type CdnUploadOptions, MAX_UPLOAD_ATTEMPTS, uploadToCdn } from './cdn-upload.js';
export { cdnDownloadUrl, cdnUploadUrl } from './cdn-urls.js';
export { type CdnDownloadToFileOptions, downloadToFile, type SavedMedia } from './download-to-file.js';
export { type PreparedUpload, prepareUpload } from './prepare-upload.js';
export { type SaveOptions, saveToFile } from './save-to-file.js';

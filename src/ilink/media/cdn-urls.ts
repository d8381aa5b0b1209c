/** The CDN URLs built from `{cdn}` when the server gave no full URL (docs/ilink-protocol.md §7.3 step 4, §7.4 step 1). */
import { joinUrl, withQuery } from '../protocol/hosts.js';

/** `{cdn}/upload?encrypted_query_param=…&filekey=…`, both values URL-encoded (they hold `+`, `/` and `=`). */
export function cdnUploadUrl(cdnBase: string, uploadParam: string, filekey: string): string {
  return withQuery(joinUrl(cdnBase, 'upload'), [
    ['encrypted_query_param', uploadParam],
    ['filekey', filekey],
  ]);
}

/** `{cdn}/download?encrypted_query_param=…`, the value URL-encoded. */
export function cdnDownloadUrl(cdnBase: string, encryptQueryParam: string): string {
  return withQuery(joinUrl(cdnBase, 'download'), [['encrypted_query_param', encryptQueryParam]]);
}

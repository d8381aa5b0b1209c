/**
 * Masks every value of an iLink body that works as a credential (docs/ilink-protocol.md §4.2, §7, §8): the bot token,
 * context tokens, typing tickets, AES keys, upload and download parameters and full CDN URLs, the QR code's id, and the
 * `Authorization` header. Bodies pass through it before an error quotes them; over-masking is fine, leaking is not.
 */

const SECRET_FIELDS =
  'bot_token|context_token|typing_ticket|aes_key|aeskey|upload_param|thumb_upload_param|encrypt_query_param|upload_full_url|full_url|qrcode|get_updates_buf|sync_buf|local_token_list';

/** `"field": "…"` (escapes included) or `"field": [ … ]` of a secret field. */
const SECRET_VALUE = new RegExp(`("(?:${SECRET_FIELDS})"\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*"|\\[[^\\]]*\\])`, 'g');
const BEARER = /\bBearer\s+[^\s"',;]+/gi;
/** An upload or download parameter in a query string (a CDN error that quotes the URL it refused). */
const SECRET_QUERY = /\b(encrypted_query_param|encrypt_query_param|filekey|upload_param)=[^&\s"']*/gi;
/** A value cut off by an excerpt: `"context_token":"abc` with no closing quote. */
const CUT_SECRET = new RegExp(`("(?:${SECRET_FIELDS})"\\s*:\\s*)"[^"]*$`);

export function redactIlink(text: string): string {
  return text
    .replace(SECRET_VALUE, '$1"***"')
    .replace(CUT_SECRET, '$1"***')
    .replace(SECRET_QUERY, '$1=***')
    .replace(BEARER, 'Bearer ***');
}

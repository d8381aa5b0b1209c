/**
 * What a message may show of its items: everything but the credentials (docs/ilink-protocol.md §6.2, §7.4) — AES keys,
 * CDN download parameters and URLs, context tokens. Those stay inside the client, which downloads with them.
 */
const SECRET_KEYS = new Set(['aes_key', 'aeskey', 'encrypt_query_param', 'full_url', 'url', 'context_token', 'typing_ticket', 'upload_param', 'thumb_upload_param']);

const MAX_DEPTH = 8;

/** A deep copy of `value` without any credential field (bounded depth; arrays and objects only). */
export function withoutSecrets(value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) return value.map((item) => withoutSecrets(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (!SECRET_KEYS.has(key)) out[key] = withoutSecrets((value as Record<string, unknown>)[key], depth + 1);
  }
  return out;
}

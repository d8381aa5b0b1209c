/**
 * What a message may show of its items: everything but the credentials (docs/ilink-protocol.md §6.2, §7.4) — AES keys,
 * CDN download parameters and URLs, context tokens. Those stay inside the client, which downloads with them.
 */
const SECRET_KEYS = new Set(['aes_key', 'aeskey', 'encrypt_query_param', 'full_url', 'url', 'context_token', 'typing_ticket', 'upload_param', 'thumb_upload_param']);

const MAX_DEPTH = 8;

/**
 * `value` without any credential field (bounded depth; arrays and objects only): `value` itself when it holds none
 * (a text message's items: checking costs half as much as copying), else a copy.
 */
export function withoutSecrets(value: unknown, depth = 0): unknown {
  return needsCopy(value, depth) ? copyWithoutSecrets(value, depth) : value;
}

/** Whether `value` holds a credential field, or nests deeper than `MAX_DEPTH` (cut off in the copy). */
function needsCopy(value: unknown, depth: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (depth >= MAX_DEPTH) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (needsCopy(item, depth + 1)) return true;
    return false;
  }
  for (const key in value) {
    if (Object.hasOwn(value, key) && (SECRET_KEYS.has(key) || needsCopy((value as Record<string, unknown>)[key], depth + 1))) return true;
  }
  return false;
}

function copyWithoutSecrets(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) return value.map((item) => copyWithoutSecrets(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (!SECRET_KEYS.has(key)) out[key] = copyWithoutSecrets((value as Record<string, unknown>)[key], depth + 1);
  }
  return out;
}

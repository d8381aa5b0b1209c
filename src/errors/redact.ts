/**
 * Masks every credential the protocol carries (skey, sid, uin, pass_ticket, tickets, cookies, DeviceID) in a piece
 * of text, so server bodies can be quoted in errors and logs. Over-masking is fine; leaking is not.
 */
const MASK = '***';

const rules: ReadonlyArray<readonly [RegExp, string]> = [
  [/@crypt_[0-9a-f]+_[0-9a-f]+/gi, MASK],
  [/<(skey|wxsid|wxuin|pass_ticket|ticket)>[^<]*<\/\1>/gi, `<$1>${MASK}</$1>`],
  [
    /\b(skey|sid|wxsid|uin|wxuin|pass_ticket|ticket|deviceid|webwx_data_ticket|webwx_auth_ticket|webwxuvid|wxloadtime|wxpluginkey|login_frequency|last_wxuin)(["']?\s*[=:]\s*["']?)[^"'&;,\s}<]+/gi,
    `$1$2${MASK}`,
  ],
  [/\be\d{15}\b/g, MASK],
  [/\bv[12]_[0-9a-z]{16,}(@stranger)?/gi, MASK],
];

export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of rules) out = out.replace(pattern, replacement);
  return out;
}

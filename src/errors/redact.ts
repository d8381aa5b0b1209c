/**
 * Masks every credential the protocol carries (skey, sid, uin, pass_ticket, tickets, cookies, DeviceID; and a bearer
 * token, for the errors of other transports that reach the same logs) in a piece
 * of text, so server bodies can be quoted in errors and logs. Over-masking is fine; leaking is not.
 */
const MASK = '***';

const rules: ReadonlyArray<readonly [RegExp, string]> = [
  [/@crypt_[0-9a-f]+_[0-9a-f]+/gi, MASK],
  [/<(skey|wxsid|wxuin|pass_ticket|ticket)>[^<]*<\/\1>/gi, `<$1>${MASK}</$1>`],
  // An element cut off by the end of the text (an excerpt, a truncated answer): its value runs to the end.
  [/<(skey|wxsid|wxuin|pass_ticket|ticket)>[^<]*$/i, `<$1>${MASK}`],
  [
    /\b(skey|sid|wxsid|uin|wxuin|pass_ticket|ticket|passticket|deviceid|webwx_data_ticket|webwx_auth_ticket|webwxuvid|wxloadtime|wxpluginkey|login_frequency|last_wxuin)(["']?\s*[=:]\s*["']?)[^"'&;,\s}<]+/gi,
    `$1$2${MASK}`,
  ],
  [/\be\d{15}\b/g, MASK],
  [/\bBearer\s+[^\s"',;]+/gi, `Bearer ${MASK}`],
  // A user name and password in a URL (`http://user:pass@host`): a proxy's or a server's, given on a command line.
  [/(\/\/)[^/\s@:'"]*:[^/\s@'"]*@/g, `$1${MASK}@`],
  [/\bv[12]_[0-9a-z]{16,}(@stranger)?/gi, MASK],
];

export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of rules) out = out.replace(pattern, replacement);
  return out;
}

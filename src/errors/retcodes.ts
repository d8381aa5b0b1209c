/**
 * The retcodes every endpoint shares (docs/protocol.md §3.1), what each means, and how a client should treat it.
 */

/**
 * `BaseResponse.Ret`, synccheck `retcode`, login-page `ret` (docs/protocol.md §3.1). The same numbers in all three
 * places.
 */
export const Ret = {
  OK: 0,
  TICKET_ERROR: -14,
  GENERIC_FAILURE: -1,
  BAD_PARAMETERS: 1,
  NOT_LOGGED_IN: 1100,
  SESSION_INVALID: 1101,
  COOKIE_INVALID: 1102,
  LOGIN_ENVIRONMENT_ABNORMAL: 1203,
  NOT_A_FRIEND: 1204,
  TOO_FREQUENT: 1205,
} as const;
export type Ret = (typeof Ret)[keyof typeof Ret];

const retDescriptions: Readonly<Record<number, string>> = {
  [Ret.OK]: 'ok',
  [Ret.TICKET_ERROR]: 'ticket error',
  [Ret.GENERIC_FAILURE]: 'generic failure',
  [Ret.BAD_PARAMETERS]: 'bad parameters or restricted account',
  [Ret.NOT_LOGGED_IN]: 'not logged in or logged out on the phone',
  [Ret.SESSION_INVALID]: 'logged out elsewhere',
  [Ret.COOKIE_INVALID]: 'cookie invalid or session kicked',
  [Ret.LOGIN_ENVIRONMENT_ABNORMAL]: 'this account may not use web WeChat',
  [Ret.NOT_A_FRIEND]: 'target is not a friend',
  [Ret.TOO_FREQUENT]: 'operation too frequent',
};

/** What a retcode means, in a few words (`1101` → `logged out elsewhere`). Accepts the string form synccheck uses. */
export function describeRetcode(code: number | string): string {
  const n = Number(code);
  return retDescriptions[n] ?? 'unknown code';
}

export type RetcodeClass = 'ok' | 'session-ended' | 'rate-limited' | 'login-refused' | 'not-friend' | 'fatal';

/**
 * How a client should treat a retcode: `session-ended` (1100/1101/1102, and -14, the ticket error of a session whose
 * ticket the server no longer takes) stops the loops and logs in again, `rate-limited` (1205) backs off, `not-friend`
 * (1204) fails one operation, `login-refused` (1203) is final for the account, and anything else non-zero (-1, 1 and
 * codes nobody has explained) is `fatal` for the operation. The string and number forms are normalised once with
 * `Number()` (wechat4u's `'1101' === 1101` bug).
 */
export function classifyRetcode(code: number | string): RetcodeClass {
  const n = typeof code === 'number' ? code : Number(String(code).trim());
  switch (n) {
    case Ret.OK:
      return 'ok';
    case Ret.NOT_LOGGED_IN:
    case Ret.SESSION_INVALID:
    case Ret.COOKIE_INVALID:
    case Ret.TICKET_ERROR:
      return 'session-ended';
    case Ret.TOO_FREQUENT:
      return 'rate-limited';
    case Ret.LOGIN_ENVIRONMENT_ABNORMAL:
      return 'login-refused';
    case Ret.NOT_A_FRIEND:
      return 'not-friend';
    default:
      return 'fatal';
  }
}

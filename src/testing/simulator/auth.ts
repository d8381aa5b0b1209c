/**
 * Credential checks as the server makes them (docs/protocol.md §1.4, §1.5, §3.1): the session is found by wxsid (from
 * `BaseRequest.Sid`, the `sid` query or the `wxsid` cookie) or by skey, then `Uin`, `Skey` and `pass_ticket` must
 * match. Unknown or wrong credentials answer 1100; an ended session its end code (1101 kicked or logged out, 1100
 * logged out on the phone, 1102); missing or foreign cookies 1102 where the server needs the jar.
 */
import type { Ctx } from './http.js';
import type { Session } from './session.js';
import type { SimState } from './state.js';

export type AuthResult = { readonly session: Session } | { readonly ret: number };

export interface AuthInput {
  /** `BaseRequest` of a JSON call, when there is one. */
  readonly base?: unknown;
  /** The endpoint needs the cookie jar (synccheck, webwxsync, media): missing cookies answer 1102 in strict mode. */
  readonly needsCookies?: boolean;
  /** The endpoint must carry an skey (JSON calls in `BaseRequest`, GET calls in the query). */
  readonly needsSkey?: boolean;
}

interface BaseFields {
  readonly uin: string | undefined;
  readonly sid: string | undefined;
  readonly skey: string | undefined;
  readonly deviceId: string | undefined;
}

function baseFields(base: unknown): BaseFields {
  const b = typeof base === 'object' && base !== null ? (base as Record<string, unknown>) : {};
  const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
  return { uin: text(b['Uin']), sid: text(b['Sid']), skey: text(b['Skey']), deviceId: text(b['DeviceID']) };
}

/** The query's `pass_ticket` matches when it equals the ticket as issued (encoded) or decoded once. */
export function passTicketMatches(session: Session, value: string): boolean {
  const decoded = decodeURIComponent(session.passTicket);
  const given = value.replace(/ /g, '+');
  return given === session.passTicket || given === decoded;
}

export function authenticate(sim: SimState, ctx: Ctx, input: AuthInput = {}): AuthResult {
  const base = input.base === undefined ? undefined : baseFields(input.base);
  const q = ctx.query;
  const sid = base?.sid ?? q.get('sid') ?? ctx.cookies.get('wxsid');
  // An empty `skey=` (avatar URLs from webwxbatchgetcontact) counts as none.
  const skey = (base?.skey ?? q.get('skey') ?? undefined) || undefined;
  let session = sid === undefined ? undefined : sim.sessions.bySessionId(sid);
  if (session === undefined && sid === undefined && skey !== undefined) session = sim.sessions.bySessionKey(skey);
  if (session === undefined) return { ret: 1100 };
  if (!session.active) return { ret: session.endCode ?? 1101 };

  const uin = base?.uin ?? q.get('uin') ?? undefined;
  if (uin !== undefined && uin !== String(session.uin)) return { ret: 1100 };
  if (skey !== undefined ? skey !== session.skey : input.needsSkey === true) return { ret: 1100 };
  const passTicket = q.get('pass_ticket');
  if (passTicket !== null && !passTicketMatches(session, passTicket)) return { ret: 1100 };

  const cookieSid = ctx.cookies.get('wxsid');
  const cookieUin = ctx.cookies.get('wxuin');
  const strict = sim.options.strictCookies && input.needsCookies === true;
  if (strict && (cookieSid === undefined || cookieUin === undefined)) return { ret: 1102 };
  if ((cookieSid !== undefined && cookieSid !== session.sid) || (cookieUin !== undefined && cookieUin !== String(session.uin))) {
    return { ret: 1102 };
  }

  if (base?.deviceId !== undefined) {
    if (session.deviceId === undefined) session.deviceId = base.deviceId;
    else if (session.deviceId !== base.deviceId) session.deviceIdChanges++;
  }
  session.lastSeen = sim.now();
  return { session };
}

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DecodeError } from '../../errors/decode-error.js';
import { LoginRefusedError } from '../../errors/login-refused-error.js';
import { RetcodeError } from '../../errors/retcode-error.js';
import * as t from 'io-ts';
import { decodeWith } from '../../model/raw/decode.js';
import { LooseString, NumberLike, shape } from '../../model/raw/primitives.js';
import { parseJson } from './json.js';

/*
 * The login stage answers with JavaScript assignments and XML (docs/protocol.md §2.1–2.5, §2.10). They are read with
 * anchored regular expressions and a locked-down XML parser; nothing is ever evaluated.
 */

export interface JsLoginResult {
  readonly uuid: string;
}

const JSLOGIN =
  /^\s*window\.QRLogin\.code\s*=\s*(-?\d+)\s*;(?:\s*window\.QRLogin\.uuid\s*=\s*(["'])([A-Za-z0-9_+/=-]*)\2\s*;?)?\s*$/;

/** `window.QRLogin.code = 200; window.QRLogin.uuid = "…";` → the uuid; any other code is a `RetcodeError`. */
export function parseJsLogin(text: string): JsLoginResult {
  const match = JSLOGIN.exec(text);
  if (!match) {
    throw new DecodeError('jslogin', ['(body): expected window.QRLogin.code = <n>; window.QRLogin.uuid = "…"'], text);
  }
  const code = Number(match[1]);
  if (code !== 200) throw new RetcodeError('jslogin', code);
  const uuid = match[3];
  if (!uuid) throw new DecodeError('jslogin', ['window.QRLogin.uuid: missing or empty with code 200'], text);
  return { uuid };
}

/**
 * One answer of the `login` long poll. `kind` is the discriminant (`code` alone cannot narrow, because unknown codes
 * are numbers too): 408 nothing yet, 201 scanned, 200 confirmed, 400 uuid expired, anything else ends the uuid.
 */
export type LoginPollResult =
  | { readonly kind: 'waiting'; readonly code: 408 }
  | { readonly kind: 'scanned'; readonly code: 201; readonly avatar?: string }
  | { readonly kind: 'confirmed'; readonly code: 200; readonly redirectUri: string }
  | { readonly kind: 'expired'; readonly code: 400 }
  | { readonly kind: 'unknown'; readonly code: number };

const LOGIN_CODE = /^\s*window\.code\s*=\s*(-?\d+)\s*;/;
const REDIRECT = /^\s*window\.redirect_uri\s*=\s*"(https?:\/\/[^"\s]+)"\s*;?\s*$/;
/** The avatar data URI may be cut off (captures elide it), so the closing quote is optional. */
const AVATAR = /^\s*window\.userAvatar\s*=\s*'([^']*)(?:'\s*;?)?\s*$/;
const NOTHING = /^\s*$/;

/** Parses `window.code=…;` plus what goes with 200 (the redirect, LF optional) or 201 (an optional avatar). */
export function parseLoginPoll(text: string): LoginPollResult {
  const match = LOGIN_CODE.exec(text);
  if (!match) throw new DecodeError('login', ['(body): expected window.code=<n>;'], text);
  const code = Number(match[1]);
  const rest = text.slice(match[0].length);
  if (code === 200) {
    const redirect = REDIRECT.exec(rest);
    // A URL the pattern lets through but the URL parser refuses (a port above 65535) is no URL either: Node's own
    // error would quote it whole, login ticket included.
    if (!redirect?.[1] || !URL.canParse(redirect[1])) {
      throw new DecodeError('login', ['window.redirect_uri: missing or not a URL with code 200'], text);
    }
    return { kind: 'confirmed', code, redirectUri: redirect[1] };
  }
  if (code === 201) {
    if (NOTHING.test(rest)) return { kind: 'scanned', code };
    const avatar = AVATAR.exec(rest);
    if (!avatar) throw new DecodeError('login', ['window.userAvatar: unexpected statement after code 201'], text);
    return avatar[1] ? { kind: 'scanned', code, avatar: avatar[1] } : { kind: 'scanned', code };
  }
  if (!NOTHING.test(rest)) throw new DecodeError('login', [`(body): unexpected statement after code ${code}`], text);
  if (code === 408) return { kind: 'waiting', code };
  if (code === 400) return { kind: 'expired', code };
  return { kind: 'unknown', code };
}

export interface SynccheckResult {
  readonly retcode: number;
  readonly selector: number;
}

const SYNCCHECK = /^\s*window\.synccheck\s*=\s*\{([^{}]*)\}\s*;?\s*$/;
const SYNCCHECK_PAIR = /^\s*(["']?)([A-Za-z_]\w*)\1\s*:\s*(["']?)(-?\d+)\3\s*$/;

/**
 * `window.synccheck={retcode:"0",selector:"2"}` → numbers. Both keys are required: a junk or half body must fail
 * loudly, because reading it as "selector 0" would silently stall or hot-loop the sync.
 */
export function parseSynccheck(text: string): SynccheckResult {
  const body = SYNCCHECK.exec(text)?.[1];
  const fields = new Map<string, number>();
  for (const part of body === undefined ? [] : body.split(',')) {
    const pair = SYNCCHECK_PAIR.exec(part);
    if (!pair?.[2] || fields.has(pair[2])) {
      fields.clear();
      break;
    }
    fields.set(pair[2], Number(pair[4]));
  }
  const retcode = fields.get('retcode');
  const selector = fields.get('selector');
  if (retcode === undefined || selector === undefined) {
    throw new DecodeError('synccheck', ['(body): expected window.synccheck={retcode:"<n>",selector:"<n>"}'], text);
  }
  return { retcode, selector };
}

/** Session credentials from the login page; `wxuin` and `passTicket` are kept exactly as sent. */
export interface LoginCredentials {
  readonly skey: string;
  readonly wxsid: string;
  readonly wxuin: string;
  readonly passTicket: string;
  readonly isGrayscale?: boolean;
}

/** Text-only reading: no attributes, no number coercion (`wxuin`, `%2B` tickets stay exact). */
const xml = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  htmlEntities: false,
  processEntities: true,
});
/** Any `<!…>` markup other than comments and CDATA: DOCTYPE and ENTITY declarations have no place in this answer. */
const DECLARATION = /<!(?!--|\[CDATA\[)/;
const CREDENTIALS = ['skey', 'wxsid', 'wxuin', 'pass_ticket'] as const;

function loginPageError(text: string, ...issues: string[]): never {
  throw new DecodeError('webwxnewloginpage', issues, text);
}

/** The children of `<error>` that hold one text value; anything else (nested or repeated) is `null`. */
function loginPageElements(text: string): ReadonlyMap<string, string | null> {
  if (DECLARATION.test(text)) loginPageError(text, '(body): DOCTYPE or entity declarations are not accepted');
  const validity = XMLValidator.validate(text);
  if (validity !== true) {
    loginPageError(text, `(body): not well-formed XML (${validity.err.code} at line ${validity.err.line})`);
  }
  const root: unknown = (xml.parse(text) as Record<string, unknown>)['error'];
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    loginPageError(text, 'error: expected an <error> root element');
  }
  return new Map(Object.entries(root).map(([name, value]) => [name, typeof value === 'string' ? value : null]));
}

/**
 * The `<error>` XML of `webwxnewloginpage` → credentials. A non-zero `<ret>` is a `LoginRefusedError` carrying the
 * server's message; a missing credential is a `DecodeError` naming the element, never its value (worded so that the
 * credential mask, which hides whatever follows `wxsid:`, leaves the reason readable).
 */
export function parseLoginPage(text: string): LoginCredentials {
  const elements = loginPageElements(text);
  const retText = elements.get('ret');
  if (typeof retText !== 'string' || !/^-?\d+$/.test(retText)) loginPageError(text, 'error.ret: expected an integer');
  const ret = Number(retText);
  if (ret !== 0) throw new LoginRefusedError(ret, elements.get('message') ?? '');

  const missing = CREDENTIALS.filter((tag) => !elements.get(tag));
  if (missing.length > 0) {
    loginPageError(text, ...missing.map((tag) => `error.${tag} is missing, empty or not plain text`));
  }
  const value = (tag: (typeof CREDENTIALS)[number]): string => elements.get(tag) ?? '';
  if (!/^\d+$/.test(value('wxuin'))) loginPageError(text, 'error.wxuin is not all digits');

  const credentials = {
    skey: value('skey'),
    wxsid: value('wxsid'),
    wxuin: value('wxuin'),
    passTicket: value('pass_ticket'),
  };
  const grayscale = elements.get('isgrayscale');
  return typeof grayscale === 'string' && /^\d+$/.test(grayscale)
    ? { ...credentials, isGrayscale: Number(grayscale) !== 0 }
    : credentials;
}

/** `webwxpushloginurl` (docs/protocol.md §2.5): lower-case keys and a string `ret`. */
export const PushLoginResponse = shape({ ret: NumberLike, msg: LooseString }, { uuid: t.string }, 'PushLoginResponse');
export type PushLoginResponse = t.TypeOf<typeof PushLoginResponse>;

export interface PushLoginResult {
  readonly ret: number;
  readonly msg: string;
  readonly uuid?: string;
}

/** `{"ret": "0", "msg": "all ok", "uuid": "…"}` (lower-case keys, string ret); ret ≠ 0 means "fall back to QR". */
export function parsePushLogin(text: string): PushLoginResult {
  const { ret, msg, uuid } = decodeWith(PushLoginResponse, 'webwxpushloginurl', parseJson(text, 'webwxpushloginurl'));
  return uuid ? { ret, msg, uuid } : { ret, msg };
}

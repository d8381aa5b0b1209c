import { RetcodeError } from '../../../errors/retcode-error.js';
import { cacheBuster } from '../ids.js';
import { parseJsLogin, parseLoginPage, parseLoginPoll, parsePushLogin, type PushLoginResult } from '../login-bodies.js';
import type { RequestContext } from './context.js';
import { API_MS, callEndpoint, LONG_POLL_MS, streamEndpoint } from './descriptor.js';
import { InvalidRequestError } from './invalid-request-error.js';
import { api, buildUrl, get, langOf, type QueryValue, referer } from './url.js';

/** The login stage (docs/protocol.md §2.1–2.5): no session yet, so no credentials in these requests. */

/** The only appid `jslogin` accepts. */
export const WEB_APPID = 'wx782c26e4c19acffb';
/** The `redirect_uri` desktop (UOS) mode gives to `jslogin`; it pins the main host to wx.qq.com. */
export const DESKTOP_REDIRECT_URI = 'https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxnewloginpage?mod=desktop';
/** The 2022 generation of the static `extspam` blob the desktop login page expects (docs/protocol.md §2.4). */
export const DEFAULT_EXTSPAM =
  'Go8FCIkFEokFCggwMDAwMDAwMRAGGvAESySibk50w5Wb3uTl2c2h64jVVrV7gNs06GFlWplHQbY/5FfiO++1yH4ykCyNPWKXmco+wfQzK5R98D3so7rJ5LmGFvBLjGceleySrc3SOf2Pc1gVehzJgODeS0lDL3/I/0S2SSE98YgKleq6Uqx6ndTy9yaL9qFxJL7eiA/R3SEfTaW1SBoSITIu+EEkXff+Pv8NHOk7N57rcGk1w0ZzRrQDkXTOXFN2iHYIzAAZPIOY45Lsh+A4slpgnDiaOvRtlQYCt97nmPLuTipOJ8Qc5pM7ZsOsAPPrCQL7nK0I7aPrFDF0q4ziUUKettzW8MrAaiVfmbD1/VkmLNVqqZVvBCtRblXb5FHmtS8FxnqCzYP4WFvz3T0TcrOqwLX1M/DQvcHaGGw0B0y4bZMs7lVScGBFxMj3vbFi2SRKbKhaitxHfYHAOAa0X7/MSS0RNAjdwoyGHeOepXOKY+h3iHeqCvgOH6LOifdHf/1aaZNwSkGotYnYScW8Yx63LnSwba7+hESrtPa/huRmB9KWvMCKbDThL/nne14hnL277EDCSocPu3rOSYjuB9gKSOdVmWsj9Dxb/iZIe+S6AiG29Esm+/eUacSba0k8wn5HhHg9d4tIcixrxveflc8vi2/wNQGVFNsGO6tB5WF0xf/plngOvQ1/ivGV/C1Qpdhzznh0ExAVJ6dwzNg7qIEBaw+BzTJTUuRcPk92Sn6QDn2Pu3mpONaEumacjW4w6ipPnPw+g2TfywJjeEcpSZaP4Q3YV5HG8D6UjWA4GSkBKculWpdCMadx0usMomsSS/74QgpYqcPkmamB4nVv1JxczYITIqItIKjD35IGKAUwAA==';

export interface DesktopLoginOptions {
  /** Use the desktop (UOS) login variant: `redirect_uri` on jslogin, extra headers on the login page. @default false */
  readonly desktop?: boolean;
  /** The `extspam` header of the desktop login page. @default DEFAULT_EXTSPAM */
  readonly extspam?: string;
}

/** docs/protocol.md §2.1: `GET {login}/jslogin` for a new uuid; any code but 200 is a `RetcodeError`. */
export const jslogin = callEndpoint({
  name: 'jslogin',
  timeoutMs: API_MS,
  build: (ctx: RequestContext, options: DesktopLoginOptions | void) => {
    const query: Array<readonly [string, QueryValue]> = [['appid', WEB_APPID]];
    if (options?.desktop === true) query.push(['redirect_uri', DESKTOP_REDIRECT_URI]);
    query.push(['fun', 'new'], ['lang', langOf(ctx)], ['_', ctx.env.now()]);
    return get(ctx, buildUrl(ctx.hosts.login, '/jslogin', query));
  },
  decode: parseJsLogin,
});

/** Keeps the `==` of a uuid readable in a path while escaping anything that could break out of the segment. */
const uuidSegment = (uuid: string) => encodeURIComponent(uuid).replace(/%3D/g, '=');

/** docs/protocol.md §2.2: the QR image for a uuid, streamed (most callers render `qrContent(uuid)` locally instead). */
export const qrcode = streamEndpoint({
  name: 'qrcode',
  timeoutMs: API_MS,
  build: (ctx: RequestContext, uuid: string) => {
    const url = buildUrl(ctx.hosts.qr, `/qrcode/${uuidSegment(uuid)}`, [
      ['t', 'webwx'],
      ['_', ctx.env.now()],
    ]);
    return get(ctx, url, { expect: 'stream' });
  },
});

export interface LoginPollInput {
  readonly uuid: string;
  /** `1` before the scan, `0` after it. @default 1 */
  readonly tip?: 0 | 1;
}

/** docs/protocol.md §2.3: the scan/confirm long poll. */
export const login = callEndpoint({
  name: 'login',
  timeoutMs: LONG_POLL_MS,
  build: (ctx: RequestContext, input: LoginPollInput) => {
    const now = ctx.env.now();
    const url = api(ctx.hosts.login, 'login', [
      ['loginicon', 'true'],
      ['uuid', input.uuid],
      ['tip', input.tip ?? 1],
      ['r', cacheBuster(now)],
      ['_', now],
    ]);
    return get(ctx, url);
  },
  decode: parseLoginPoll,
});

export interface LoginPageInput extends DesktopLoginOptions {
  /** The confirmed poll's `redirect_uri`. */
  readonly redirectUri: string;
}

/**
 * docs/protocol.md §2.4: `GET` the poll's `redirect_uri` with its path and query untouched. Its origin is replaced by
 * the main host so that a `server` override (simulator) still works; in production both are the same. Redirects are
 * never followed: in desktop mode the 301 itself carries the XML and the cookies. A refused login is a
 * `LoginRefusedError`.
 */
export const webwxnewloginpage = callEndpoint({
  name: 'webwxnewloginpage',
  timeoutMs: API_MS,
  build: (ctx: RequestContext, input: LoginPageInput) => {
    const origin = /^https?:\/\/[^/?#]*/i.exec(input.redirectUri);
    if (origin === null) throw new InvalidRequestError('webwxnewloginpage', 'redirect_uri is not an absolute http(s) URL');
    const url = ctx.hosts.main + input.redirectUri.slice(origin[0].length);
    const headers: Record<string, string> =
      input.desktop === true
        ? {
            'client-version': '2.0.0',
            extspam: input.extspam ?? DEFAULT_EXTSPAM,
            referer: 'https://wx.qq.com/?&lang=zh_CN&target=t',
          }
        : referer(ctx);
    return get(ctx, url, { headers });
  },
  decode: parseLoginPage,
});

/** A push login the server accepted: the uuid the phone confirms. */
export interface PushLoginAccepted extends PushLoginResult {
  readonly uuid: string;
}

/**
 * docs/protocol.md §2.5: ask the phone to confirm a login without a scan; needs the cookie jar of an earlier session. A
 * refusal (`ret` ≠ 0, or no uuid) is a plain `RetcodeError`: the caller falls back to a QR login.
 */
export const webwxpushloginurl = callEndpoint({
  name: 'webwxpushloginurl',
  timeoutMs: API_MS,
  build: (ctx: RequestContext, uin: number | string) => get(ctx, api(ctx.hosts.main, 'webwxpushloginurl', [['uin', uin]])),
  decode: parsePushLogin,
  ensureOk: (answer): PushLoginAccepted => {
    const { ret, msg, uuid } = answer;
    if (ret === 0 && uuid) return { ret, msg, uuid };
    throw new RetcodeError('webwxpushloginurl', ret === 0 ? -1 : ret, msg);
  },
});

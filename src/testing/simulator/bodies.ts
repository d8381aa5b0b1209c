/**
 * Body texts of the login stage and of the error answers, byte for byte as the captures show them
 * (docs/protocol.md §2.1–2.5, §2.10; each comment names its section).
 */
import type { Endpoint } from '../../errors/endpoint.js';
import { js, json, plain, type Reply } from './http.js';

/** docs/protocol.md §2.1: spaces around `=`, one space after the first `;`, no newline. */
export const jsloginBody = (uuid: string): string => `window.QRLogin.code = 200; window.QRLogin.uuid = "${uuid}";`;

/** docs/protocol.md §2.3: `window.code=408;` (16 bytes); every status without a payload has this shape. */
export const loginCodeBody = (code: number): string => `window.code=${code};`;

/** docs/protocol.md §2.3, status 201: single quotes, spaces around `=`, MIME written `img/jpg`. */
export const scannedBody = (avatarBase64: string | undefined): string =>
  avatarBase64 === undefined ? 'window.code=201;' : `window.code=201;window.userAvatar = 'data:img/jpg;base64,${avatarBase64}';`;

/** docs/protocol.md §2.3, status 200: one LF between the two statements. */
export const confirmedBody = (redirectUri: string): string => `window.code=200;\nwindow.redirect_uri="${redirectUri}";`;

/** docs/protocol.md §2.10: unquoted keys, quoted values, no spaces, no semicolon, no newline. */
export const synccheckBody = (retcode: number, selector: number): string =>
  `window.synccheck={retcode:"${retcode}",selector:"${selector}"}`;

export interface LoginPageCredentials {
  readonly skey: string;
  readonly wxsid: string;
  readonly wxuin: number;
  readonly passTicket: string;
}

/** docs/protocol.md §2.4: one line, no declaration, root `error` even on success, empty message. */
export const loginPageXml = (c: LoginPageCredentials): string =>
  `<error><ret>0</ret><message></message><skey>${c.skey}</skey><wxsid>${c.wxsid}</wxsid><wxuin>${c.wxuin}</wxuin><pass_ticket>${c.passTicket}</pass_ticket><isgrayscale>1</isgrayscale></error>`;

/** The 1203 refusal wording (docs/protocol.md §2.4): the account may not use web WeChat; use the desktop client. */
export const REFUSED_MESSAGE =
  '为了你的帐号安全，此微信号已不允许登录网页微信。你可以使用Windows微信或Mac微信在电脑端登录。Windows微信下载地址：https://pc.weixin.qq.com  Mac微信下载地址：https://mac.weixin.qq.com';

export const loginErrorXml = (ret: number, message: string): string =>
  `<error><ret>${ret}</ret><message>${message}</message></error>`;

/** `{"BaseResponse": {"Ret": n,"ErrMsg": ""}}` plus whatever the endpoint's failure answer carries. */
export function baseResponse(ret: number, errMsg = ''): { Ret: number; ErrMsg: string } {
  return { Ret: ret, ErrMsg: errMsg };
}

const SEND_ENDPOINTS: ReadonlySet<string> = new Set([
  'webwxsendmsg',
  'webwxsendmsgimg',
  'webwxsendvideomsg',
  'webwxsendemoticon',
  'webwxsendappmsg',
]);

/** The answer an endpoint gives when it refuses with `code`, in that endpoint's own format. */
export function retcodeReply(endpoint: Endpoint | string, code: number, message = ''): Reply {
  switch (endpoint) {
    case 'jslogin':
      return js(`window.QRLogin.code = ${code};`);
    case 'login':
      return js(loginCodeBody(code));
    case 'synccheck':
      return js(synccheckBody(code, 0));
    case 'webwxnewloginpage':
      return plain(loginErrorXml(code, message || (code === 1203 ? REFUSED_MESSAGE : '')));
    case 'webwxpushloginurl':
      return plain(JSON.stringify({ ret: String(code), msg: message || 'error' }));
    case 'webwxstatusnotify':
      return json({ BaseResponse: baseResponse(code, message), MsgID: '' });
    case 'webwxuploadmedia':
      return json({ BaseResponse: baseResponse(code, message), MediaId: '', StartPos: 0, CDNThumbImgHeight: 0, CDNThumbImgWidth: 0 });
    default:
      if (SEND_ENDPOINTS.has(endpoint)) return json({ BaseResponse: baseResponse(code, message), MsgID: '', LocalID: '' });
      return json({ BaseResponse: baseResponse(code, message) });
  }
}

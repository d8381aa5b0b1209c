/**
 * The login stage: jslogin, qrcode, the login poll, webwxnewloginpage and webwxpushloginurl
 * (docs/protocol.md §2.1–2.5).
 */
import { qrContent } from '../../../web/protocol/hosts.js';
import { jsloginBody, loginCodeBody, loginPageXml, retcodeReply } from '../bodies.js';
import { binary, cookie, js, plain, TEXT_PLAIN, type Ctx, type Reply } from '../http.js';
import { loadQrcode } from '../packages.js';
import { Session } from '../session.js';
import type { SimState } from '../state.js';

const APPID = 'wx782c26e4c19acffb';
const HOUR = 3600_000;
const TEN_YEARS = 10 * 365 * 24 * HOUR;

export function jslogin(sim: SimState, ctx: Ctx): Reply {
  const appid = ctx.query.get('appid');
  if (appid !== null && appid !== APPID) return js('window.QRLogin.code = 400;');
  const desktop = /mod=desktop/.test(ctx.query.get('redirect_uri') ?? '');
  const attempt = sim.logins.create({ push: false, desktop });
  return js(jsloginBody(attempt.uuid));
}

/** `qrcode/{uuid}`: a real PNG encoding `https://login.weixin.qq.com/l/{uuid}`. */
export async function qrcode(sim: SimState, uuid: string): Promise<Reply> {
  if (sim.logins.get(uuid) === undefined) return plain('', 404);
  const png = await loadQrcode().toBuffer(qrContent(uuid), { type: 'png', margin: 2, scale: 6 });
  return binary(png, 'image/png');
}

export function loginPoll(sim: SimState, ctx: Ctx): Reply | Promise<Reply> {
  const attempt = sim.logins.get(ctx.query.get('uuid') ?? '');
  if (attempt === undefined) return js(loginCodeBody(400));
  return sim.logins.poll(attempt, ctx);
}

/**
 * Exchanges the ticket for credentials. Desktop mode (the jslogin `redirect_uri` had `mod=desktop`, or this request
 * carries `extspam` / `client-version`, or `desktopOnly`) answers 301 with the same body and cookies.
 */
export function newLoginPage(sim: SimState, ctx: Ctx): Reply {
  const attempt = sim.logins.get(ctx.query.get('uuid') ?? '');
  const ticket = ctx.query.get('ticket');
  if (attempt === undefined || attempt.state !== 'confirmed' || attempt.consumed || ticket !== attempt.ticket) {
    return retcodeReply('webwxnewloginpage', -14, 'ticket error');
  }
  attempt.consumed = true;
  if (attempt.refused !== undefined) return retcodeReply('webwxnewloginpage', 1203, attempt.refused);
  const account = attempt.account;
  if (account === undefined) return retcodeReply('webwxnewloginpage', -14, 'ticket error');

  const now = sim.now();
  const headers = ctx.req.headers;
  const desktop = sim.options.desktopOnly || attempt.desktop || headers['extspam'] !== undefined || headers['client-version'] !== undefined;
  const session = new Session({ uuid: attempt.uuid, account, credentials: sim.credentials, maxQueue: sim.options.maxQueue, now, desktop, report: sim.report });
  account.session?.end(1101, now);
  account.session = session;
  account.lastUsed = now;
  sim.sessions.add(session);
  sim.report({ type: 'session', session });

  const body = loginPageXml({ skey: session.skey, wxsid: session.sid, wxuin: session.uin, passTicket: session.passTicket });
  const cookies = [
    cookie('wxuin', String(session.uin), now + 12 * HOUR),
    cookie('wxsid', session.sid, now + 12 * HOUR),
    cookie('wxloadtime', String(Math.floor(now / 1000)), now + 12 * HOUR),
    cookie('mm_lang', 'zh_CN', now + 12 * HOUR),
    cookie('webwx_data_ticket', session.dataTicket, now + 12 * HOUR),
    cookie('webwxuvid', account.uvid, now + TEN_YEARS),
    cookie('webwx_auth_ticket', account.authTicket, now + TEN_YEARS),
  ];
  if (!desktop) return { status: 200, type: TEXT_PLAIN, body, cookies };
  // The desktop flow's 301 carries the credentials; a client that follows it lands on the index page without them.
  return { status: 301, type: TEXT_PLAIN, body, cookies, headers: { Location: `${sim.origin}/` } };
}

/** Push login: only for a jar that holds a known `wxuin` and its `webwx_auth_ticket`. */
export function pushLoginUrl(sim: SimState, ctx: Ctx): Reply {
  const uin = Number(ctx.query.get('uin') ?? ctx.cookies.get('wxuin'));
  const account = Number.isSafeInteger(uin) ? sim.accounts.get(uin) : undefined;
  const known = account !== undefined && ctx.cookies.get('wxuin') === String(uin) && ctx.cookies.get('webwx_auth_ticket') === account.authTicket;
  if (!known) return plain(JSON.stringify({ ret: '1', msg: 'uin not found or auth ticket invalid' }));
  const attempt = sim.logins.create({ push: true, desktop: false, account });
  return plain(JSON.stringify({ ret: '0', msg: 'all ok', uuid: attempt.uuid }));
}

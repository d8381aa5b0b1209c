/**
 * `get_bot_qrcode` and `get_qrcode_status` (docs/ilink-protocol.md §4.1–4.3). The status poll is held while the
 * status is the one the last poll answered; a typed pair code is judged at once.
 */
import type { Ctx, Reply } from '../http.js';
import { json } from '../http.js';
import type { QrLogin, QrStatus } from '../login.js';
import type { IlinkState } from '../state.js';

/** Tokens from `local_token_list` that are looked at (the plugin sends up to ten). */
const MAX_LOCAL_TOKENS = 10;

export function getBotQrcode(state: IlinkState, ctx: Ctx, body: Readonly<Record<string, unknown>> | undefined): Reply {
  if (ctx.query.get('bot_type') !== '3') return json({ ret: -1, errmsg: 'invalid bot_type' });
  const list = body?.['local_token_list'];
  const tokens = Array.isArray(list) ? list.filter((t): t is string => typeof t === 'string').slice(0, MAX_LOCAL_TOKENS) : [];
  const login = state.logins.create(tokens);
  return json({ ret: 0, qrcode: login.qrcode, qrcode_img_content: qrPageUrl(state, login.qrcode) });
}

/** What the QR encodes: a page on the simulator's own origin (the real one points at WeChat's web app). */
export const qrPageUrl = (state: IlinkState, qrcode: string): string => `${state.origin}/qr?qrcode=${encodeURIComponent(qrcode)}`;

/** The page a QR points at: plain text saying how to scan it in the simulator. */
export function qrPage(state: IlinkState, ctx: Ctx): Reply {
  const login = state.logins.get(ctx.query.get('qrcode') ?? '');
  const body = login === undefined ? 'unknown QR code' : `wechat-rx iLink simulator: QR login ${login.qrcode} is ${login.status}; scan it with sim.scan()`;
  return { status: login === undefined ? 404 : 200, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body };
}

export async function getQrcodeStatus(state: IlinkState, ctx: Ctx): Promise<Reply> {
  const login = state.logins.get(ctx.query.get('qrcode') ?? '');
  // An unknown or forgotten code reads as expired, so a client fetches a new one.
  if (login === undefined) return json({ ret: 0, status: 'expired' });
  scheduleAutoConfirm(state, login);
  const code = ctx.query.get('verify_code');
  if (code !== null && code !== '') state.logins.submitCode(login, code);
  else if (login.open && login.view(ctx.listener, state.options.strictRedirect) === login.lastAnswered) {
    await state.holds.wait([login.changed], state.options.qrHoldMs, ctx.onAbort);
  }
  const status = login.view(ctx.listener, state.options.strictRedirect);
  login.lastAnswered = status;
  if (status === 'scaned_but_redirect') login.redirectAnnounced = true;
  return json(statusBody(state, login, status));
}

function statusBody(state: IlinkState, login: QrLogin, status: QrStatus): Readonly<Record<string, unknown>> {
  if (status === 'scaned_but_redirect') return { ret: 0, status, redirect_host: state.redirectHost };
  if (status === 'confirmed' && login.bot !== undefined) {
    const { bot } = login;
    return { ret: 0, status, bot_token: bot.token, ilink_bot_id: bot.botId, baseurl: state.origin, ilink_user_id: bot.userId };
  }
  return { ret: 0, status };
}

/** `autoConfirm`: the owner scans shortly after the first poll and confirms as long again after (stopping at a pair code, if one is required). */
function scheduleAutoConfirm(state: IlinkState, login: QrLogin): void {
  const delay = state.options.autoConfirmDelayMs;
  if (delay === undefined || login.autoConfirmScheduled) return;
  login.autoConfirmScheduled = true;
  const confirm = () => {
    if (login.status === 'scaned') state.logins.confirm(login);
  };
  state.timers.set(() => {
    if (login.status === 'wait') state.logins.scan(login, state.userId(0));
    state.timers.set(confirm, delay);
  }, delay);
}

import { readAnswer } from '../envelope.js';
import { missingField, textOf } from '../fields.js';
import { appHeaders } from '../headers.js';
import { withQuery } from '../hosts.js';
import type { IlinkContext } from './context.js';
import { botPath, endpoint, postJson } from './descriptor.js';

/** The QR binding's two calls (docs/ilink-protocol.md §4). */

/** The QR status poll's client timeout (docs/ilink-protocol.md §4.2, §10): a timeout reads as `wait`. */
export const QR_POLL_MS = 35_000;

export interface QrCodeAnswer {
  /** Identifies this login attempt in the status poll. A credential until the login ends: never shown. */
  readonly qrcode: string;
  /** The content to encode into the QR image (a URL), not image data. */
  readonly qrUrl: string;
}

/**
 * docs/ilink-protocol.md §4.1: a new QR code, always from the default API host, by POST with `local_token_list` (live tokens of bots this
 * client holds, newest first, at most ten) so the server can answer `binded_redirect` for a bot already bound here.
 * No `Authorization`, no `base_info`; no client timeout (§10).
 */
export const getBotQrcode = endpoint({
  name: 'get_bot_qrcode',
  path: `${botPath('get_bot_qrcode')}?bot_type=3`,
  timeoutMs: undefined,
  build: (ctx: IlinkContext, localTokens: readonly string[], url) => {
    const { token: _unauthenticated, ...anonymous } = ctx;
    return postJson(anonymous, url, { local_token_list: localTokens.slice(0, 10) });
  },
  decode: (text): QrCodeAnswer => {
    const body = readAnswer('get_bot_qrcode', text);
    const qrcode = textOf(body, 'qrcode');
    if (qrcode === undefined) throw missingField('get_bot_qrcode', 'qrcode', text);
    const qrUrl = textOf(body, 'qrcode_img_content');
    if (qrUrl === undefined) throw missingField('get_bot_qrcode', 'qrcode_img_content', text);
    return { qrcode, qrUrl };
  },
});

export interface QrStatusInput {
  readonly qrcode: string;
  /** The pair code the user typed, sent once with the poll right after (docs/ilink-protocol.md §4.3 `need_verifycode`). */
  readonly verifyCode?: string;
}

/** A status answer, fields as the server names them (all but `status` optional). */
export interface QrStatusAnswer {
  readonly status: string;
  readonly bot_token?: string;
  readonly ilink_bot_id?: string;
  readonly ilink_user_id?: string;
  readonly baseurl?: string;
  readonly redirect_host?: string;
}

const STATUS_FIELDS = ['bot_token', 'ilink_bot_id', 'ilink_user_id', 'baseurl', 'redirect_host'] as const;

/**
 * docs/ilink-protocol.md §4.2: the held status poll, a GET on the poll host (`ctx.base`: the default host, or a redirect host) with only the
 * app headers. The context's token is never sent here.
 */
export const getQrcodeStatus = endpoint({
  name: 'get_qrcode_status',
  path: botPath('get_qrcode_status'),
  timeoutMs: QR_POLL_MS,
  build: (ctx: IlinkContext, input: QrStatusInput, url) => ({
    method: 'GET',
    url: withQuery(url, [
      ['qrcode', input.qrcode],
      ['verify_code', input.verifyCode],
    ]),
    headers: appHeaders(ctx.identity),
  }),
  decode: (text): QrStatusAnswer => {
    const body = readAnswer('get_qrcode_status', text);
    const status = textOf(body, 'status');
    if (status === undefined) throw missingField('get_qrcode_status', 'status', text);
    const answer: Record<string, string> = { status };
    for (const field of STATUS_FIELDS) {
      const value = textOf(body, field);
      if (value !== undefined) answer[field] = value;
    }
    return answer as unknown as QrStatusAnswer;
  },
});

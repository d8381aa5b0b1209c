/** A bare-bones iLink client for simulator tests: plain `fetch` with the headers of docs/ilink-protocol.md §2. */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { IlinkSimulator } from '../../src/testing/index.js';

/** 2.4.3 packed as the plugin does it. */
export const CLIENT_VERSION = String((2 << 16) | (4 << 8) | 3);

/** A fresh `X-WECHAT-UIN`: base64 of the decimal text of 4 random bytes read as a uint32. */
export const newUin = (): string => Buffer.from(String(randomBytes(4).readUInt32BE(0))).toString('base64');

export function headers(token?: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    AuthorizationType: 'ilink_bot_token',
    'X-WECHAT-UIN': newUin(),
    'iLink-App-Id': 'bot',
    'iLink-App-ClientVersion': CLIENT_VERSION,
    ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
    ...extra,
  };
}

export const BASE_INFO = { channel_version: '2.4.3', bot_agent: 'SimTest/1.0' };

export interface Answer {
  readonly status: number;
  readonly text: string;
  readonly body: Record<string, unknown>;
  readonly res: Response;
}

async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // non-JSON bodies (faults, CDN) keep `body` empty; tests read `text`
  }
  return { status: res.status, text, body, res };
}

/** An authenticated bot call: POST `/ilink/bot/<path>` with `base_info` added. */
export async function call(origin: string, path: string, token: string | undefined, body: Record<string, unknown> = {}, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(`${origin}/ilink/bot/${path}`, {
    method: 'POST',
    headers: headers(token),
    body: JSON.stringify({ ...body, base_info: BASE_INFO }),
    ...init,
  });
  return answer(res);
}

export async function getQrcode(origin: string, localTokens: readonly string[] = []): Promise<string> {
  const res = await fetch(`${origin}/ilink/bot/get_bot_qrcode?bot_type=3`, {
    method: 'POST',
    headers: headers(),
    body: JSON.stringify({ local_token_list: localTokens }),
  });
  return (await answer(res)).body['qrcode'] as string;
}

export async function pollStatus(origin: string, qrcode: string, verifyCode?: string, init: RequestInit = {}): Promise<Answer> {
  const query = `qrcode=${encodeURIComponent(qrcode)}${verifyCode === undefined ? '' : `&verify_code=${encodeURIComponent(verifyCode)}`}`;
  const res = await fetch(`${origin}/ilink/bot/get_qrcode_status?${query}`, {
    headers: { 'iLink-App-Id': 'bot', 'iLink-App-ClientVersion': CLIENT_VERSION },
    ...init,
  });
  return answer(res);
}

/** A full QR login through HTTP: fetch a code, the phone scans and confirms, the poll reads the credentials. */
export async function qrLogin(sim: IlinkSimulator): Promise<{ token: string; botId: string; userId: string }> {
  const qrcode = await getQrcode(sim.origin);
  sim.scan();
  sim.confirm();
  const { body } = await pollStatus(sim.origin, qrcode);
  return { token: body['bot_token'] as string, botId: body['ilink_bot_id'] as string, userId: body['ilink_user_id'] as string };
}

export const getUpdates = (sim: IlinkSimulator, token: string, cursor = '', init: RequestInit = {}): Promise<Answer> =>
  call(sim.origin, 'getupdates', token, { get_updates_buf: cursor }, init);

/** The messages of a `getupdates` answer. */
export const msgs = (a: Answer): Record<string, unknown>[] => (a.body['msgs'] as Record<string, unknown>[] | undefined) ?? [];

export const paddedSize = (n: number): number => Math.ceil((n + 1) / 16) * 16;
export const md5 = (data: Uint8Array): string => createHash('md5').update(data).digest('hex');

export function encrypt(key: Buffer, plain: Uint8Array): Buffer {
  const c = createCipheriv('aes-128-ecb', key, null);
  return Buffer.concat([c.update(plain), c.final()]);
}

export function decrypt(key: Buffer, data: Uint8Array): Buffer {
  const d = createDecipheriv('aes-128-ecb', key, null);
  return Buffer.concat([d.update(data), d.final()]);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

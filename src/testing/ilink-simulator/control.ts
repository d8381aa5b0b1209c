/**
 * What a test does to the iLink simulator: the phone's side of a QR login, bots and their tokens, messages from
 * users, and reading back what the client did. Bad input throws `ControlError`.
 */
import { ControlError } from '../simulator/control-error.js';
import type { Bot } from './bots.js';
import { injectInto } from './inbound.js';
import type { IlinkInjected, IlinkInjectSpec } from './inject-spec.js';
import type { QrLogin } from './login.js';
import type { IlinkState } from './state.js';

export interface IlinkQrTarget {
  /** The `qrcode` of a login; default the newest one still open. */
  readonly qrcode?: string;
}

export interface IlinkScanOptions extends IlinkQrTarget {
  /** Who scans. @default `sim.userId(0)`, the account owner */
  readonly userId?: string;
}

/** A bot's credentials as a confirmed login hands them out. */
export interface IlinkBotCredentials {
  readonly token: string;
  /** `<12 hex>@im.bot`. */
  readonly botId: string;
  /** The user the bot is bound to. */
  readonly userId: string;
  /** The API base: the simulator's origin. */
  readonly baseUrl: string;
}

export interface IlinkBotInfo {
  readonly botId: string;
  readonly userId: string;
  readonly alive: boolean;
  /** Between `notifystart` and `notifystop`. */
  readonly online: boolean;
  /** Messages queued in total, and acknowledged by a presented cursor. */
  readonly queued: number;
  readonly acknowledged: number;
}

export interface IlinkMediaInfo {
  /** Ciphertext bytes. */
  readonly size: number;
  readonly rawSize: number;
  readonly md5: string;
  /** Uploaded by a client, or injected with a message. */
  readonly source: 'upload' | 'inject';
}

export class IlinkControl {
  constructor(private readonly state: IlinkState) {}

  scan(options?: IlinkScanOptions): void {
    const login = this.login(options);
    if (login.status !== 'wait') throw new ControlError(409, `QR login ${login.qrcode} is ${login.status}, not waiting for a scan`);
    this.state.logins.scan(login, options?.userId ?? this.state.userId(0));
  }

  confirm(options?: IlinkQrTarget): void {
    const login = this.login(options);
    if (login.status !== 'scaned') throw new ControlError(409, `QR login ${login.qrcode} is ${login.status}: confirming needs a scan (and any pair code typed)`);
    this.state.logins.confirm(login);
  }

  expire(options?: IlinkQrTarget): void {
    this.state.logins.expire(this.login(options));
  }

  /** The phone shows `code`: the client must type it (`need_verifycode`), now if scanned, else right after the scan. */
  requireVerifyCode(code: string, options?: IlinkQrTarget): void {
    if (code === '') throw new ControlError(400, 'a pair code is needed');
    this.state.logins.requireVerifyCode(this.login(options), code);
  }

  /** `scaned_but_redirect` to the second listener (`sim.redirectHost`). */
  redirect(options?: IlinkQrTarget): void {
    this.state.logins.redirect(this.login(options));
  }

  /** Binds a new bot to a user as a confirmed QR login would (the user's previous bot dies). */
  createBot(options?: { readonly userId?: string }): IlinkBotCredentials {
    const bot = this.state.bots.create(options?.userId ?? this.state.userId(0), this.state.now());
    return { token: bot.token, botId: bot.botId, userId: bot.userId, baseUrl: this.state.origin };
  }

  bot(botId?: string): IlinkBotInfo | undefined {
    const bot = botId === undefined ? this.state.bots.latestLive() : this.state.bots.all().find((b) => b.botId === botId);
    if (bot === undefined) return undefined;
    return { botId: bot.botId, userId: bot.userId, alive: bot.alive, online: bot.online, queued: bot.inbox.head, acknowledged: bot.inbox.acknowledged };
  }

  /** The token dies: every call answers -14 from now on, held polls at once. @param token default the newest live bot's */
  killToken(token?: string): void {
    const bot = token === undefined ? this.state.bots.latestLive() : this.state.bots.find(token);
    if (bot === undefined) throw new ControlError(404, token === undefined ? 'no live bot' : 'unknown token');
    bot.kill();
  }

  inject(spec: IlinkInjectSpec & { readonly botId?: string }): IlinkInjected {
    const bot = this.liveBot(spec.botId);
    const result = injectInto(this.state, bot, spec);
    this.state.report({ type: 'inject', bot, spec, result });
    return result;
  }

  /** Sends to `userId` are answered `{"ret":0}` without `message_id` and never delivered (or are delivered again). */
  block(userId: string, blocked = true): void {
    if (blocked) this.state.blocked.add(userId);
    else this.state.blocked.delete(userId);
  }

  media(encryptQueryParam: string): IlinkMediaInfo | undefined {
    const object = this.state.cdn.objects.get(encryptQueryParam);
    return object === undefined ? undefined : { size: object.size, rawSize: object.rawSize, md5: object.md5, source: object.source };
  }

  async readMedia(encryptQueryParam: string): Promise<Buffer> {
    const plain = await this.state.cdn.readPlain(encryptQueryParam);
    if (plain === undefined) throw new ControlError(404, 'unknown encrypt_query_param');
    return plain;
  }

  private login(target: IlinkQrTarget | undefined): QrLogin {
    const found = target?.qrcode === undefined ? this.state.logins.latestOpen() : this.state.logins.get(target.qrcode);
    if (found === undefined) throw new ControlError(404, target?.qrcode === undefined ? 'no QR login is open: a client must call get_bot_qrcode first' : `unknown QR code ${target.qrcode}`);
    return found;
  }

  private liveBot(botId: string | undefined): Bot {
    const bot = botId === undefined ? this.state.bots.latestLive() : this.state.bots.all().find((b) => b.botId === botId && b.alive);
    if (bot === undefined) throw new ControlError(404, botId === undefined ? 'no bot is logged in: confirm a QR login or call createBot() first' : `no live bot ${botId}`);
    return bot;
  }
}

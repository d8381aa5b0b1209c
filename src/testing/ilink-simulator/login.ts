/**
 * QR logins (docs/ilink-protocol.md §4): each `get_bot_qrcode` opens one, the phone moves it through the statuses of
 * §4.3, and the status poll reports them. A login remembers the status its poller last saw, so a poll is held only
 * while nothing changed since.
 */
import type { TimerSet } from '../simulator/clock.js';
import type { Bot, BotRegistry } from './bots.js';
import type { Listener } from './http.js';
import { Signal } from './signal.js';

export const QR_STATUSES = [
  'wait',
  'scaned',
  'need_verifycode',
  'verify_code_blocked',
  'expired',
  'scaned_but_redirect',
  'binded_redirect',
  'confirmed',
] as const;
export type QrStatus = (typeof QR_STATUSES)[number];

const FINAL: ReadonlySet<QrStatus> = new Set(['verify_code_blocked', 'expired', 'binded_redirect', 'confirmed']);
/** Logins remembered; older ones are forgotten (their polls then read `expired`). */
const MAX_LOGINS = 100;

export class QrLogin {
  readonly changed = new Signal();
  status: QrStatus = 'wait';
  /** The status the last poll answered (held polls wait for a different one). */
  lastAnswered: QrStatus = 'wait';
  scanner: string | undefined;
  /** The pair code the phone shows, until the client types it correctly. */
  verifyCode: string | undefined;
  wrongCodes = 0;
  redirected = false;
  redirectAnnounced = false;
  bot: Bot | undefined;
  autoConfirmScheduled = false;
  expiry: unknown;

  constructor(
    readonly qrcode: string,
    readonly localTokens: readonly string[],
    readonly createdAt: number,
  ) {}

  get open(): boolean {
    return !FINAL.has(this.status);
  }

  /** What a poll on `listener` sees: after a redirect the first host says so (once while open, or always when strict). */
  view(listener: Listener, strictRedirect: boolean): QrStatus {
    if (this.redirected && listener === 'main' && (strictRedirect || (this.open && !this.redirectAnnounced))) return 'scaned_but_redirect';
    return this.status;
  }
}

export interface LoginDeps {
  readonly bots: BotRegistry;
  readonly timers: TimerSet;
  readonly now: () => number;
  readonly newQrcode: () => string;
  readonly qrLifetimeMs: number;
  readonly maxVerifyCodeTries: number;
  /** Tells the playground about each new login and each change of one. */
  readonly changed: (login: QrLogin) => void;
}

export class QrLogins {
  private readonly logins = new Map<string, QrLogin>();

  constructor(private readonly deps: LoginDeps) {}

  create(localTokens: readonly string[]): QrLogin {
    const login = new QrLogin(this.deps.newQrcode(), localTokens, this.deps.now());
    login.expiry = this.deps.timers.set(() => this.expire(login), this.deps.qrLifetimeMs);
    this.logins.set(login.qrcode, login);
    login.changed.listen(() => this.deps.changed(login));
    this.deps.changed(login);
    for (const old of this.logins.values()) {
      if (this.logins.size <= MAX_LOGINS) break;
      this.deps.timers.clear(old.expiry);
      this.logins.delete(old.qrcode);
    }
    return login;
  }

  get(qrcode: string): QrLogin | undefined {
    return this.logins.get(qrcode);
  }

  latestOpen(): QrLogin | undefined {
    let found: QrLogin | undefined;
    for (const login of this.logins.values()) if (login.open) found = login;
    return found;
  }

  /** A user scans: `binded_redirect` when one of the client's tokens is that user's live bot, else a pair code or `scaned`. */
  scan(login: QrLogin, userId: string): void {
    login.scanner = userId;
    const bound = login.localTokens.some((token) => {
      const bot = this.deps.bots.find(token);
      return bot !== undefined && bot.alive && bot.userId === userId;
    });
    this.set(login, bound ? 'binded_redirect' : login.verifyCode !== undefined ? 'need_verifycode' : 'scaned');
  }

  requireVerifyCode(login: QrLogin, code: string): void {
    login.verifyCode = code;
    login.wrongCodes = 0;
    if (login.status === 'scaned') this.set(login, 'need_verifycode');
    // Before the scan nothing changes for the client, so its held poll is not woken; only the page hears of it.
    else this.deps.changed(login);
  }

  /** The client typed a pair code: right → `scaned`; wrong → `need_verifycode` again, blocked after too many. */
  submitCode(login: QrLogin, code: string): void {
    if (login.status !== 'need_verifycode') return;
    if (code === login.verifyCode) {
      login.verifyCode = undefined;
      this.set(login, 'scaned');
      return;
    }
    login.wrongCodes++;
    if (login.wrongCodes >= this.deps.maxVerifyCodeTries) this.set(login, 'verify_code_blocked');
  }

  /** The user confirms on the phone: a new bot, and the user's previous bot dies. */
  confirm(login: QrLogin): Bot {
    const bot = this.deps.bots.create(login.scanner ?? '', this.deps.now());
    login.bot = bot;
    this.set(login, 'confirmed');
    return bot;
  }

  redirect(login: QrLogin): void {
    login.redirected = true;
    login.changed.emit();
  }

  expire(login: QrLogin): void {
    if (login.open) this.set(login, 'expired');
  }

  private set(login: QrLogin, status: QrStatus): void {
    login.status = status;
    if (!login.open) this.deps.timers.clear(login.expiry);
    login.changed.emit();
  }
}

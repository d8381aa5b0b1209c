/**
 * QR login attempts (docs/protocol.md §2.1–2.5): a uuid per attempt, the phone's scan/confirm/cancel, QR expiry, and
 * the held `login` poll. A poll answers at once when there is news (201 once after a scan, 200 after confirm, 400 after
 * expiry); otherwise it is held for `loginHoldMs` and woken by the phone. A hold that ends with nothing new answers 408
 * (or 201 again while a scan waits for confirmation). Cancel puts the uuid back to "waiting" (a held poll answers 408
 * at once), so the same QR can be scanned again until it expires.
 */
import type { Account, Accounts } from './account.js';
import { confirmedBody, loginCodeBody, scannedBody } from './bodies.js';
import type { TimerSet } from './clock.js';
import type { Credentials } from './credentials.js';
import { js, type Ctx, type Reply } from './http.js';
import { AVATAR_JPEG_BASE64 } from './media.js';
import type { ResolvedOptions } from './options.js';

export type AttemptState = 'waiting' | 'scanned' | 'confirmed' | 'expired';

export interface LoginAttempt {
  readonly uuid: string;
  readonly createdAt: number;
  /** Started from webwxpushloginurl: no scan, the phone only confirms. */
  readonly push: boolean;
  /** jslogin asked for the desktop (UOS) flow (`redirect_uri=…mod=desktop`). */
  readonly desktop: boolean;
  state: AttemptState;
  /** The account that scanned (push: the account asking). */
  account: Account | undefined;
  scanReported: boolean;
  ticket: string | undefined;
  scanTime: number;
  /** Set by `phone.refuse()`: webwxnewloginpage answers 1203 with this message. */
  refused: string | undefined;
  polled: boolean;
  /** The ticket was exchanged; the session it made. */
  consumed: boolean;
  readonly waiters: Set<(cancelled: boolean) => void>;
  expiry: unknown;
}

/** What login attempts tell the playground (see activity.ts). */
export type LoginActivity = { readonly type: 'login'; readonly attempt: LoginAttempt };

/** Attempts are forgotten this long after they expired or were used. */
const RETENTION_MS = 10 * 60_000;
/** Attempts kept at most (a jslogin flood expires the oldest). */
const MAX_ATTEMPTS = 10_000;

/** What login attempts use of the simulator (its state passes itself). */
export interface LoginHost {
  readonly credentials: Credentials;
  readonly timers: TimerSet;
  readonly accounts: Accounts;
  readonly options: Pick<ResolvedOptions, 'qrLifetimeMs' | 'loginHoldMs' | 'autoConfirmDelayMs'>;
  /** The simulator's origin, which every redirect points at. */
  readonly origin: string;
  now(): number;
  /** Tells the playground about each change of an attempt. */
  readonly report: (activity: LoginActivity) => void;
}

export class LoginRegistry {
  private readonly attempts = new Map<string, LoginAttempt>();
  /** `phone.refuse()` before any attempt exists applies to the next one. */
  refuseNext: string | undefined;

  constructor(private readonly sim: LoginHost) {}

  create(init: { push: boolean; desktop: boolean; account?: Account }): LoginAttempt {
    const sim = this.sim;
    let uuid = sim.credentials.uuid();
    while (this.attempts.has(uuid)) uuid = sim.credentials.uuid();
    const attempt: LoginAttempt = {
      uuid,
      createdAt: sim.now(),
      push: init.push,
      desktop: init.desktop,
      state: init.push ? 'scanned' : 'waiting',
      account: init.account,
      scanReported: false,
      ticket: undefined,
      scanTime: 0,
      refused: this.refuseNext,
      polled: false,
      consumed: false,
      waiters: new Set(),
      expiry: undefined,
    };
    this.refuseNext = undefined;
    attempt.expiry = sim.timers.set(() => this.expire(attempt), sim.options.qrLifetimeMs);
    this.attempts.set(uuid, attempt);
    sim.report({ type: 'login', attempt });
    if (this.attempts.size > MAX_ATTEMPTS) {
      const oldest = this.attempts.values().next().value;
      if (oldest !== undefined) {
        this.expire(oldest);
        this.attempts.delete(oldest.uuid);
      }
    }
    return attempt;
  }

  get(uuid: string): LoginAttempt | undefined {
    return this.attempts.get(uuid);
  }

  /** The newest attempt whose ticket has not been used, for phone calls that name none. */
  latestOpen(): LoginAttempt | undefined {
    let found: LoginAttempt | undefined;
    for (const a of this.attempts.values()) if (!a.consumed && a.state !== 'expired') found = a;
    return found;
  }

  all(): IterableIterator<LoginAttempt> {
    return this.attempts.values();
  }

  scan(attempt: LoginAttempt, account?: Account): void {
    if (attempt.state !== 'waiting') return;
    attempt.account = this.sim.accounts.assign(this.sim.now(), account ?? attempt.account);
    attempt.state = 'scanned';
    attempt.scanReported = false;
    this.wake(attempt, false);
    this.sim.report({ type: 'login', attempt });
  }

  /** Confirms on the phone (scanning first if needed). */
  confirm(attempt: LoginAttempt): void {
    if (attempt.state === 'waiting') this.scan(attempt);
    if (attempt.state !== 'scanned') return;
    attempt.account = this.sim.accounts.assign(this.sim.now(), attempt.account);
    attempt.state = 'confirmed';
    attempt.ticket = this.sim.credentials.ticket();
    attempt.scanTime = Math.floor(this.sim.now() / 1000);
    this.sim.timers.clear(attempt.expiry);
    this.wake(attempt, false);
    this.sim.report({ type: 'login', attempt });
  }

  cancel(attempt: LoginAttempt): void {
    if (attempt.state !== 'scanned') return;
    // A declined push prompt ends that uuid; a cancelled QR scan can be scanned again.
    if (attempt.push) {
      this.expire(attempt);
      return;
    }
    attempt.state = 'waiting';
    attempt.scanReported = false;
    this.wake(attempt, true);
    this.sim.report({ type: 'login', attempt });
  }

  expire(attempt: LoginAttempt): void {
    if (attempt.state === 'confirmed' || attempt.state === 'expired') return;
    attempt.state = 'expired';
    this.sim.timers.clear(attempt.expiry);
    this.wake(attempt, false);
    this.sim.report({ type: 'login', attempt });
  }

  /** The long poll. */
  poll(attempt: LoginAttempt, ctx: Ctx): Reply | Promise<Reply> {
    const sim = this.sim;
    const withAvatar = ctx.query.get('loginicon') === 'true';
    if (!attempt.polled) {
      attempt.polled = true;
      this.autoConfirm(attempt);
    }
    const now = this.answer(attempt, withAvatar);
    if (now !== undefined) return now;
    return new Promise<Reply>((resolve) => {
      const finish = (reply: Reply): void => {
        sim.timers.clear(timer);
        attempt.waiters.delete(wake);
        resolve(reply);
      };
      const wake = (cancelled: boolean): void => {
        finish(cancelled ? js(loginCodeBody(408)) : (this.answer(attempt, withAvatar) ?? js(loginCodeBody(408))));
      };
      const timer = sim.timers.set(
        () => finish(js(attempt.state === 'scanned' ? scannedBody(undefined) : loginCodeBody(408))),
        sim.options.loginHoldMs,
      );
      attempt.waiters.add(wake);
      ctx.onAbort(() => finish(js(loginCodeBody(408))));
    });
  }

  /** The redirect the confirmed poll hands out (every host is this origin). */
  redirectUri(attempt: LoginAttempt): string {
    return `${this.sim.origin}/cgi-bin/mmwebwx-bin/webwxnewloginpage?ticket=${attempt.ticket ?? ''}&uuid=${attempt.uuid}&lang=zh_CN&scan=${attempt.scanTime}`;
  }

  sweep(now: number): void {
    for (const a of [...this.attempts.values()]) {
      const dead = a.state === 'expired' || a.consumed;
      if (dead && now - a.createdAt > RETENTION_MS && a.waiters.size === 0) this.attempts.delete(a.uuid);
    }
  }

  clear(): void {
    for (const a of this.attempts.values()) {
      this.sim.timers.clear(a.expiry);
      this.expire(a);
    }
    this.attempts.clear();
    this.refuseNext = undefined;
  }

  private answer(attempt: LoginAttempt, withAvatar: boolean): Reply | undefined {
    switch (attempt.state) {
      case 'expired':
        return js(loginCodeBody(400));
      case 'confirmed':
        return js(confirmedBody(this.redirectUri(attempt)));
      case 'scanned':
        if (attempt.scanReported) return undefined;
        attempt.scanReported = true;
        return js(scannedBody(withAvatar && !attempt.push ? AVATAR_JPEG_BASE64 : undefined));
      case 'waiting':
        return undefined;
    }
  }

  private wake(attempt: LoginAttempt, cancelled: boolean): void {
    for (const wake of [...attempt.waiters]) wake(cancelled);
  }

  private autoConfirm(attempt: LoginAttempt): void {
    const delay = this.sim.options.autoConfirmDelayMs;
    if (delay === undefined) return;
    const timers = this.sim.timers;
    if (attempt.push) {
      timers.set(() => this.confirm(attempt), delay);
      return;
    }
    timers.set(() => {
      this.scan(attempt);
      timers.set(() => this.confirm(attempt), delay);
    }, delay);
  }
}

/**
 * The phone: what the account owner does to login attempts (scan, confirm, cancel, let the QR expire, refuse web
 * login with 1203) and to sessions (log out on the phone → 1100, kick → 1101 or the given code).
 */
import { ControlError } from './control-error.js';
import type { LoginAttempt } from './login.js';
import type { Session } from './session.js';
import type { SimState } from './state.js';

export interface PhoneTarget {
  /** A login uuid or a uin; default the newest open login (scan/confirm/…) or the newest active session (kick/logout). */
  readonly session?: string | number;
}

export interface KickOptions extends PhoneTarget {
  /** 1101 (default: logged in elsewhere), 1100 or 1102 (the 2025 wave kicks with it). */
  readonly code?: number;
}

export interface ScanOptions extends PhoneTarget {
  /** Scan with an existing account (its uin) instead of a new one, so its world and ids carry over. */
  readonly account?: number;
}

export interface RefuseOptions extends PhoneTarget {
  /** The `<message>` of the 1203 answer. */
  readonly message?: string;
}

export interface Phone {
  scan(options?: ScanOptions): void;
  confirm(options?: PhoneTarget): void;
  cancel(options?: PhoneTarget): void;
  expire(options?: PhoneTarget): void;
  refuse(options?: RefuseOptions): void;
  kick(options?: KickOptions): void;
  logout(options?: PhoneTarget): void;
}

export function createPhone(sim: SimState): Phone {
  const attempt = (target: PhoneTarget | undefined): LoginAttempt => {
    const key = target?.session;
    const found =
      key === undefined
        ? sim.logins.latestOpen()
        : (sim.logins.get(String(key)) ?? findAttemptBySession(sim, key));
    if (found === undefined) throw new ControlError(404, key === undefined ? 'no login is waiting for the phone' : `unknown login ${String(key)}`);
    return found;
  };
  const session = (target: PhoneTarget | undefined): Session => {
    const key = target?.session;
    const found = key === undefined ? sim.sessions.latestActive() : sim.sessions.lookup(key);
    if (found === undefined) throw new ControlError(404, key === undefined ? 'no active session' : `unknown session ${String(key)}`);
    return found;
  };
  return {
    scan(options) {
      const a = attempt(options);
      let account;
      if (options?.account !== undefined) {
        account = sim.accounts.get(options.account);
        if (account === undefined) throw new ControlError(404, `unknown account ${options.account}`);
      }
      if (a.state !== 'waiting') throw new ControlError(409, `login ${a.uuid} is ${a.state}, not waiting for a scan`);
      sim.logins.scan(a, account);
    },
    confirm(options) {
      const a = attempt(options);
      if (a.state === 'expired' || a.state === 'confirmed') throw new ControlError(409, `login ${a.uuid} is ${a.state}`);
      sim.logins.confirm(a);
    },
    cancel(options) {
      sim.logins.cancel(attempt(options));
    },
    expire(options) {
      sim.logins.expire(attempt(options));
    },
    refuse(options) {
      const message = options?.message ?? '';
      const open = options?.session === undefined ? sim.logins.latestOpen() : attempt(options);
      if (open === undefined) sim.logins.refuseNext = message;
      else open.refused = message;
    },
    kick(options) {
      const code = options?.code ?? 1101;
      if (![1100, 1101, 1102].includes(code)) throw new ControlError(400, 'kick code must be 1100, 1101 or 1102');
      session(options).end(code, sim.now());
    },
    logout(options) {
      session(options).end(1100, sim.now());
    },
  };
}

function findAttemptBySession(sim: SimState, key: string | number): LoginAttempt | undefined {
  const s = sim.sessions.lookup(key);
  return s === undefined ? undefined : sim.logins.get(s.uuid);
}

/** Options of `startSimulator` and their defaults. */
import { realClock, type Clock } from './clock.js';

export interface WorldSizes {
  /** Friends in the address book. @default 20 */
  readonly friends?: number;
  /** @default 3 */
  readonly officialAccounts?: number;
  /** @default 3 */
  readonly groups?: number;
  /** Members per group, self included (up to 500). @default 20 */
  readonly groupSize?: number;
}

export interface SimulatorOptions {
  /** 0 picks a free port. @default 0 */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** Seeds worlds and credentials: the same seed gives the same accounts, ids and tickets. @default 1 */
  readonly seed?: number;
  readonly world?: WorldSizes;
  /** Scan and confirm on the phone shortly after the first login poll of each uuid. @default false */
  readonly autoConfirm?: boolean | { readonly delayMs?: number };
  /** How long the login poll is held before `408`. @default 25000 */
  readonly loginHoldMs?: number;
  /** How long synccheck is held before `selector:"0"`. @default 25000 */
  readonly syncHoldMs?: number;
  /** How long a QR uuid lives before the poll answers `400`. @default 240000 */
  readonly qrLifetimeMs?: number;
  /**
   * The main host the simulated account lives on, reported by `sim.mainHost` and `/__sim/sessions`. Every host is
   * served by the one origin, so `redirect_uri` points at the origin itself. @default 'wx.qq.com'
   */
  readonly mainHost?: string;
  /** Answer the login page with 301 for every login, not only desktop-mode ones. @default false */
  readonly desktopOnly?: boolean;
  /** synccheck, webwxsync and media calls without the session cookies answer 1102. @default true */
  readonly strictCookies?: boolean;
  /** Events per webwxsync answer before `ContinueFlag` 1. @default 100 */
  readonly batchSize?: number;
  /** Contacts per webwxgetcontact page; a non-zero `Seq` asks for the next one. @default 800 */
  readonly contactPageSize?: number;
  /**
   * gzip the `text/plain` answers (the API's JSON, the login page's XML) of requests that accept gzip, as the real
   * server does; `false` answers every request uncompressed. @default true
   */
  readonly compress?: boolean;
  /** Time source for holds, expiry and timestamps. @default real time */
  readonly clock?: Clock;
  /** A session idle this long ends (its calls then answer 1101). @default 12 hours */
  readonly sessionIdleMs?: number;
  /** Pending events kept per session; past it the oldest are dropped. @default 200000 */
  readonly maxQueue?: number;
  /**
   * Keep events after the client acknowledged them (within `maxQueue`) and deliver them again to a client that
   * comes back with an older SyncKey, as a server that does not trust acks would: what a bot repeats after a crash
   * then depends only on the key it saved. @default false (acknowledged events are dropped)
   */
  readonly replayAcknowledged?: boolean;
  /** Sessions kept (ended ones go first, then the longest idle). @default 1000 */
  readonly maxSessions?: number;
  /**
   * Serve the playground page at `/__ui/` on the simulator's origin (`sim.playgroundUrl`): a chat window to talk to
   * the bot as any contact, the phone, faults and a live request log. @default false
   */
  readonly ui?: boolean;
}

export interface ResolvedOptions {
  readonly port: number;
  readonly host: string;
  readonly seed: number;
  readonly world: Required<WorldSizes>;
  /** `undefined` when off. */
  readonly autoConfirmDelayMs: number | undefined;
  readonly loginHoldMs: number;
  readonly syncHoldMs: number;
  readonly qrLifetimeMs: number;
  readonly mainHost: string;
  readonly desktopOnly: boolean;
  readonly strictCookies: boolean;
  readonly batchSize: number;
  readonly contactPageSize: number;
  readonly compress: boolean;
  readonly clock: Clock;
  readonly sessionIdleMs: number;
  readonly maxQueue: number;
  readonly replayAcknowledged: boolean;
  readonly maxSessions: number;
  readonly ui: boolean;
}

export function resolveOptions(options: SimulatorOptions = {}): ResolvedOptions {
  const auto = options.autoConfirm;
  return {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    seed: options.seed ?? 1,
    world: {
      friends: options.world?.friends ?? 20,
      officialAccounts: options.world?.officialAccounts ?? 3,
      groups: options.world?.groups ?? 3,
      groupSize: options.world?.groupSize ?? 20,
    },
    autoConfirmDelayMs: auto === undefined || auto === false ? undefined : auto === true ? 50 : (auto.delayMs ?? 50),
    loginHoldMs: options.loginHoldMs ?? 25_000,
    syncHoldMs: options.syncHoldMs ?? 25_000,
    qrLifetimeMs: options.qrLifetimeMs ?? 240_000,
    mainHost: options.mainHost ?? 'wx.qq.com',
    desktopOnly: options.desktopOnly ?? false,
    strictCookies: options.strictCookies ?? true,
    batchSize: Math.max(1, options.batchSize ?? 100),
    contactPageSize: Math.max(1, options.contactPageSize ?? 800),
    compress: options.compress ?? true,
    clock: options.clock ?? realClock,
    sessionIdleMs: options.sessionIdleMs ?? 12 * 3600_000,
    maxQueue: Math.max(1, options.maxQueue ?? 200_000),
    replayAcknowledged: options.replayAcknowledged ?? false,
    maxSessions: Math.max(1, options.maxSessions ?? 1000),
    ui: options.ui ?? false,
  };
}

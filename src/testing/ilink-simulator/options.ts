/**
 * Options of `startIlinkSimulator` and their defaults. Where the protocol leaves a behaviour open (marked [?] in
 * docs/ilink-protocol.md), the option's comment says which choice the simulator makes.
 */
import { realClock, type Clock } from '../simulator/clock.js';

/** How a missing, unknown or dead bot token is answered (HTTP 200 in every case; docs/ilink-protocol.md §3.1). */
export type DeadTokenAnswer =
  /** `{"errcode":-14,"errmsg":"session timeout"}`, the usual capture. */
  | 'errcode'
  /** `{"ret":-14,"errmsg":"session timeout"}`. */
  | 'ret'
  /** `{"ret":-14,"errcode":0,"errmsg":"session timeout"}`, seen in public clients' fixtures. */
  | 'ret-with-errcode-0';

/** Which `context_token` a `sendmessage` must carry (docs/ilink-protocol.md §7.1). */
export type ContextTokenCheck =
  /** Any token the bot received in a message from that same peer, within `contextTokenLifetimeMs`. */
  | 'issued'
  /** Only the token of the peer's latest message (older ones count as stale), within `contextTokenLifetimeMs`. */
  | 'latest'
  /** No check: missing and forged tokens are delivered (one client's measurements). */
  | 'off';

export interface IlinkSimulatorOptions {
  /** The API's port (the `redirect_host` listener always takes a free one); 0 picks a free port. @default 0 */
  readonly port?: number;
  /** The address both listeners bind. @default '127.0.0.1' */
  readonly host?: string;
  /** Seeds bot ids, tokens, message ids, user ids and media keys: the same seed gives the same values. @default 1 */
  readonly seed?: number;
  /** Time source for holds, expiry and timestamps; a `ManualClock` moves it by hand. @default real time */
  readonly clock?: Clock;
  /**
   * The owner scans `delayMs` (default 50) after the first status poll of each QR code and confirms `delayMs` later
   * (stopping at `need_verifycode` when a pair code is required). @default false
   */
  readonly autoConfirm?: boolean | { readonly delayMs?: number };
  /** [?] How long `get_qrcode_status` is held while nothing changes; the simulator answers `wait` after it. @default 25000 */
  readonly qrHoldMs?: number;
  /** [?] How long a QR code lives before its status turns `expired` (the plugin forgets one after 5 minutes). @default 300000 */
  readonly qrLifetimeMs?: number;
  /** [?] Wrong pair codes accepted before `verify_code_blocked`. @default 3 */
  readonly maxVerifyCodeTries?: number;
  /**
   * [?] After `scaned_but_redirect`, keep answering `scaned_but_redirect` on the first host, so a client that does not
   * move never completes the login. When false, both hosts serve the real status (the request log says which host a
   * poll reached). @default false
   */
  readonly strictRedirect?: boolean;
  /** [?] How long `getupdates` is held while nothing is new (the real hold is at least about 35 s). @default 35000 */
  readonly updatesHoldMs?: number;
  /** The `longpolling_timeout_ms` every `getupdates` answer carries. @default `updatesHoldMs` */
  readonly longPollingTimeoutMs?: number;
  /** [?] Messages per `getupdates` answer. @default 20 */
  readonly batchSize?: number;
  /**
   * [?] Acknowledged messages (passed by a presented cursor) kept for replay to older cursors; older ones are
   * forgotten. Messages not yet acknowledged are always kept. @default 10000
   */
  readonly maxRetained?: number;
  /**
   * Share of injected messages delivered twice (at-least-once delivery, docs/ilink-protocol.md §5.2), drawn from
   * the seeded generator; `inject({ duplicate: true })` forces it for one message. @default 0
   */
  readonly duplicateRate?: number;
  /** The shape of the -14 answer. @default 'errcode' */
  readonly deadTokenAnswer?: DeadTokenAnswer;
  /** [?] A token unused this long dies (-14). The real token lifetime is not published. @default no limit */
  readonly tokenIdleMs?: number;
  /**
   * Answer -14 to bot calls without a non-empty `iLink-App-Id` and a packed `iLink-App-ClientVersion` (one report
   * says the real server does). Every request's headers are recorded either way. @default false
   */
  readonly enforceClientHeaders?: boolean;
  /** [?] The `sendmessage` context-token check; failures answer `ret -2 "prepare failed"`. @default 'issued' */
  readonly contextTokenCheck?: ContextTokenCheck;
  /** [?] How long a context token stays usable after the message that brought it (reports: ~24 h). @default 86400000 */
  readonly contextTokenLifetimeMs?: number;
  /**
   * [?] Sends allowed to a user after each of their messages; past it `ret -2 "rate limited"` until they write
   * again. Refused sends do not count. Typing does not count. @default no budget
   */
  readonly replyBudget?: number;
  /** Characters (code points) of text the server keeps per message (reports: about 2000). @default 2000 */
  readonly maxTextLength?: number;
  /** [?] Text longer than `maxTextLength`: cut silently (`truncate`, as reported) or refused with `ret -2`. @default 'truncate' */
  readonly overlongText?: 'truncate' | 'refuse';
  /** Text above this many UTF-8 bytes is refused with `ret -2` whatever `overlongText` says (weilink's report). @default 16384 */
  readonly maxTextBytes?: number;
  /** Recipients whose sends are answered `{"ret":0}` without `message_id` and never delivered. `sim.block()` adds more. */
  readonly blockedUsers?: readonly string[];
  /**
   * [?] What `getuploadurl` answers: `upload_param` only (most captures), `upload_full_url` only (one report), or
   * both. @default 'param'
   */
  readonly uploadUrlAnswer?: 'param' | 'full-url' | 'both';
  /** [?] The largest plaintext `getuploadurl` accepts (`ret -1` above). @default 104857600 (100 MiB) */
  readonly maxUploadBytes?: number;
  /** Put `full_url` into injected media references (optional in the protocol); `inject({ fullUrl })` overrides. @default false */
  readonly fullUrl?: boolean;
  /** The CDN's path on the simulator's origin: uploads go to `<path>/upload`, downloads come from `<path>/download`. @default '/c2c' */
  readonly cdnBasePath?: string;
  /**
   * Serve the playground page at `/__ui/` on the simulator's origin (`sim.playgroundUrl`): the phone's QR login, chats
   * with the users, uploads, the bot's replies and their verdicts, faults and a live request log. @default false
   */
  readonly ui?: boolean;
}

export interface ResolvedIlinkOptions {
  readonly port: number;
  readonly host: string;
  readonly seed: number;
  readonly clock: Clock;
  /** `undefined` when off. */
  readonly autoConfirmDelayMs: number | undefined;
  readonly qrHoldMs: number;
  readonly qrLifetimeMs: number;
  readonly maxVerifyCodeTries: number;
  readonly strictRedirect: boolean;
  readonly updatesHoldMs: number;
  readonly longPollingTimeoutMs: number;
  readonly batchSize: number;
  readonly maxRetained: number;
  readonly duplicateRate: number;
  readonly deadTokenAnswer: DeadTokenAnswer;
  readonly tokenIdleMs: number;
  readonly enforceClientHeaders: boolean;
  readonly contextTokenCheck: ContextTokenCheck;
  readonly contextTokenLifetimeMs: number;
  readonly replyBudget: number;
  readonly maxTextLength: number;
  readonly overlongText: 'truncate' | 'refuse';
  readonly maxTextBytes: number;
  readonly blockedUsers: readonly string[];
  readonly uploadUrlAnswer: 'param' | 'full-url' | 'both';
  readonly maxUploadBytes: number;
  readonly fullUrl: boolean;
  readonly cdnBasePath: string;
  readonly ui: boolean;
}

/** Node timers fire at once past 2^31 − 1 ms, so longer holds and lifetimes are capped there (about 24.8 days). */
const timerMs = (ms: number): number => Math.min(Math.max(0, ms), 2 ** 31 - 1);

export function resolveIlinkOptions(options: IlinkSimulatorOptions = {}): ResolvedIlinkOptions {
  const auto = options.autoConfirm;
  const updatesHoldMs = timerMs(options.updatesHoldMs ?? 35_000);
  const cdnBasePath = `/${(options.cdnBasePath ?? '/c2c').replace(/^\/+|\/+$/g, '')}`;
  if (cdnBasePath === '/' || cdnBasePath.startsWith('/ilink/') || /^\/__(sim|ui)(\/|$)/.test(cdnBasePath)) throw new RangeError('cdnBasePath must be a path of its own, outside /ilink/ and /__sim/, and not the playground\'s /__ui/');
  return {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    seed: options.seed ?? 1,
    clock: options.clock ?? realClock,
    autoConfirmDelayMs: auto === undefined || auto === false ? undefined : auto === true ? 50 : (auto.delayMs ?? 50),
    qrHoldMs: timerMs(options.qrHoldMs ?? 25_000),
    qrLifetimeMs: timerMs(options.qrLifetimeMs ?? 300_000),
    maxVerifyCodeTries: Math.max(1, options.maxVerifyCodeTries ?? 3),
    strictRedirect: options.strictRedirect ?? false,
    updatesHoldMs,
    longPollingTimeoutMs: options.longPollingTimeoutMs ?? updatesHoldMs,
    batchSize: Math.max(1, options.batchSize ?? 20),
    maxRetained: Math.max(1, options.maxRetained ?? 10_000),
    duplicateRate: Math.min(1, Math.max(0, options.duplicateRate ?? 0)),
    deadTokenAnswer: options.deadTokenAnswer ?? 'errcode',
    tokenIdleMs: options.tokenIdleMs ?? Number.POSITIVE_INFINITY,
    enforceClientHeaders: options.enforceClientHeaders ?? false,
    contextTokenCheck: options.contextTokenCheck ?? 'issued',
    contextTokenLifetimeMs: options.contextTokenLifetimeMs ?? 86_400_000,
    replyBudget: options.replyBudget ?? Number.POSITIVE_INFINITY,
    maxTextLength: Math.max(1, options.maxTextLength ?? 2000),
    overlongText: options.overlongText ?? 'truncate',
    maxTextBytes: Math.max(1, options.maxTextBytes ?? 16_384),
    blockedUsers: options.blockedUsers ?? [],
    uploadUrlAnswer: options.uploadUrlAnswer ?? 'param',
    maxUploadBytes: Math.max(0, options.maxUploadBytes ?? 100 * 1024 * 1024),
    fullUrl: options.fullUrl ?? false,
    cdnBasePath,
    ui: options.ui ?? false,
  };
}

import type { SchedulerLike } from 'rxjs';
import type { Transport } from '../../http/transport.js';
import type { Logger } from '../../logging/logger.js';
import type { CommitSink } from '../../session/commit-sink.js';
import type { SessionStore } from '../../session/session-store.js';
import type { IlinkMessage } from '../protocol/messages/ilink-message.js';
import type { IlinkTimeoutOverrides } from '../protocol/endpoints/index.js';
import type { IlinkSavedSession } from '../session/saved-session.js';

/** Time and randomness, injectable for tests. */
export interface IlinkEnv {
  now(): number;
  /** `size` random bytes (`X-WECHAT-UIN`, `client_id`, media and file keys). */
  randomBytes(size: number): Uint8Array;
  /** A number in [0, 1) for retry jitter. */
  random(): number;
}

/** How the receive loop backs off after failed polls (docs/ilink-protocol.md §10). */
export interface PollRetryConfig {
  /** Failures in a row before the long pause (then the count starts over). @default 3 */
  readonly failuresBeforePause?: number;
  /** The pause after a failure, the floor of its jitter, in ms. @default 2000 */
  readonly delayMs?: number;
  /** The long pause, the floor of its jitter, in ms. @default 30000 */
  readonly pauseMs?: number;
  /** Waits are drawn from [floor, 1.5 × floor) so many bots do not retry in step. @default true */
  readonly jitter?: boolean;
}

export interface IlinkClientOptions {
  /**
   * Send everything to this base URL (the simulator, tests, a proxy) and nothing anywhere else: the API, QR status
   * polls after a redirect, the bot's `baseurl` and the CDN (at `<server>/c2c`) all go to its origin, and a full CDN
   * URL from the server that points elsewhere is refused with `OriginNotAllowedError`, unsent. Without it, only
   * https URLs on Tencent's domains (`qq.com`, `wechat.com`) are used. Not an absolute http(s) URL:
   * `InvalidArgumentError`. `undefined` is the same as leaving it out.
   */
  readonly server?: string | undefined;
  /**
   * Where the session is kept between runs: a `SessionStore` (`ilinkFileStore`, `ilinkMemoryStore`) or a file path
   * (an `ilinkFileStore`, locked to one client at a time). With a saved session, `login$` resumes without a scan.
   * @default none: every run starts with a QR login
   */
  readonly store?: SessionStore<IlinkSavedSession> | string;
  /**
   * What `login$` does when the store holds a session it cannot read: `'fail'` fails with the `SessionStoreError`;
   * `'login'` reports it as a `store-problem` event and starts a QR login. @default 'fail'
   */
  readonly onBadSession?: 'fail' | 'login';
  /**
   * Your product in `base_info.bot_agent` (docs/ilink-protocol.md §2.2): `name/version` products with optional
   * ` (comment)`s, e.g. `MyBot/1.2 (support@example.com)`; wechat-rx adds its own after it. Tencent only logs it.
   * Invalid: `InvalidArgumentError`. @default wechat-rx's product only
   */
  readonly botAgent?: string;
  /**
   * The client version declared (`base_info.channel_version`, and packed in `iLink-App-ClientVersion`): the version
   * of Tencent's client whose behaviour is followed. An old one makes the phone ask the user to upgrade.
   * @default '2.4.3'
   */
  readonly clientVersion?: string;
  /** An `SKRouteTag` header for deployments that route on it. @default none */
  readonly routeTag?: string;
  /**
   * The HTTP adapter: `createKyTransport()` for ky (Node's fetch), or your own. A transport you pass stays yours to
   * close. @default an undici transport the client creates and closes (half the CPU per request of fetch)
   */
  readonly transport?: Transport;
  /** Where the client logs; every call is redacted first (no token reaches it). @default silent */
  readonly logger?: Logger;
  /**
   * What happens when the server says the bot token is dead (-14, docs/ilink-protocol.md §3.2): `'stop'` ends the
   * session (`session-ended` event, state `logged-out`) and clears the saved one, so the next `login$` starts a QR
   * login; `{ retryAfterMs }` keeps the token, waits (state `paused`) and polls again with it, as Tencent's client does
   * (one hour there), which only helps if the token comes back. @default 'stop'
   */
  readonly onSessionEnded?: 'stop' | { readonly retryAfterMs: number };
  /** Back-off of the receive loop after failed polls. @default { failuresBeforePause: 3, delayMs: 2000, pauseMs: 30000 } */
  readonly pollRetry?: PollRetryConfig;
  /** The pause between QR status polls, in ms (none right after a pair code). @default 1000 */
  readonly qrPollIntervalMs?: number;
  /** How long a QR login may take before it fails with `TimeoutError` (endpoint `login`). @default 480000 */
  readonly loginTimeoutMs?: number;
  /**
   * The least time between two `sendmessage` requests, in ms, across all chats: bursts get `ret -2`
   * (docs/ilink-protocol.md §11). `0` turns it off (simulator, tests). @default 600
   */
  readonly sendIntervalMs?: number;
  /**
   * How many recent message ids are surely remembered to drop repeats (up to twice as many are); the last this many
   * are saved with the session. @default 5000
   */
  readonly dedupeWindow?: number;
  /**
   * Messages still being generated (`message_state` 1) are held until their `FINISH` arrives; past this many, the
   * oldest is delivered as it is. @default 100
   */
  readonly maxGenerating?: number;
  /** Media messages whose download references are kept (in memory only: they hold keys), newest. @default 5000 */
  readonly mediaRefs?: number;
  /** How long a typing ticket is reused before `getconfig` is asked again, in ms. @default 43200000 (12 h) */
  readonly typingTicketTtlMs?: number;
  /** Per-endpoint timeouts in ms (`undefined` = none). @default docs/ilink-protocol.md §10 */
  readonly timeouts?: IlinkTimeoutOverrides;
  /**
   * A commit sink (a fleet's `redisCommitSink`): each batch of the receive loop is committed through it, with the
   * session as it would be saved after the batch, before its messages go out and before the next poll; a failed
   * commit stops the loop (`CommitFailedError`, state `logged-out`) without moving the cursor. @default none
   */
  readonly sink?: CommitSink<IlinkMessage, IlinkSavedSession>;
  /** Time and randomness. @default Date.now, node:crypto and Math.random */
  readonly env?: IlinkEnv;
  /** Where the client's own timers run (poll back-off, pauses, send spacing); a `TestScheduler` in marble tests. @default asyncScheduler */
  readonly scheduler?: SchedulerLike;
}

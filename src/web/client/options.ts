import type { RetryOnRetcodeConfig } from '../../retry/retry-on-retcode.js';
import type { WxCookieJar } from '../../http/cookie-jar.js';
import type { Transport } from '../../http/transport.js';
import type { ContactLimits } from '../contacts/store.js';
import type { TransferTimeouts } from '../media/timeouts.js';
import type { Env } from '../protocol/endpoints/context.js';
import type { TimeoutOverrides } from '../protocol/endpoints/index.js';
import type { Logger } from '../../logging/logger.js';
import type { SessionStore } from '../session/session-store.js';
import type { SavedSession } from '../session/saved-session.js';
import type { CommitSink } from '../../session/commit-sink.js';
import type { WxMessage } from '../../model/message.js';
import type { RateLimiterConfig } from './rate-limiter.js';

export interface ClientOptions {
  /**
   * Send every request to this origin instead of the WeChat hosts (the simulator, tests), and nowhere else: it wins
   * over the hosts a saved session was made with, and no fallback login leaves it. Without it the WeChat hosts are
   * used over https and nothing else; a saved session made with another origin (a simulator's) stays on that
   * origin. Not an absolute http(s) URL: `InvalidArgumentError`. `undefined` is the same as leaving it out.
   */
  readonly server?: string | undefined;
  /**
   * Where the session is kept between runs; with a saved session, login resumes without a scan. A store with
   * `lock()` makes the session single-owner: a second client on it fails with `SessionLockedError`. @default none
   */
  readonly store?: SessionStore;
  /**
   * A commit sink (a fleet's `redisCommitSink`): each webwxsync batch is committed through it, with the session as
   * it would be saved after the batch (new sync keys), before any of it is delivered and before the next request; a
   * failed commit ends the session (`logged-out`, reason `failed` with `CommitFailedError`). @default none
   */
  readonly sink?: CommitSink<WxMessage, SavedSession>;
  /**
   * What `login$` does when the store holds a session it cannot read (corrupt, not a session, unreadable):
   * `'fail'` fails with the `SessionStoreError`; `'login'` reports it as a `store-problem` event and starts a QR
   * login. A missing session is not bad: it always means a QR login. @default 'fail'
   */
  readonly onBadSession?: 'fail' | 'login';
  /** Log in the desktop (UOS) way, which many accounts need today. @default true */
  readonly desktop?: boolean;
  /** The `extspam` header of the desktop login. @default the 2022 blob */
  readonly extspam?: string;
  /**
   * The HTTP adapter: `'undici'` (undici's dispatcher directly) or `'ky'` (ky, over a fetch on the same dispatcher
   * unless you build `createKyTransport({ fetch })` yourself; about 1.6 times the CPU per message of undici in a
   * burst) — both created, given `cookieJar`, and closed by the client — or your own `Transport`, which stays yours
   * to close. Yours keeps the session's cookies in its `jar` when it has one (the library's transports do): the client
   * saves them with the session and puts them back into that jar when it resumes, so give each client a transport of
   * its own (many can share one pool: `createUndiciTransport({ dispatcher })`). @default 'undici'
   */
  readonly transport?: Transport | 'ky' | 'undici';
  /** The cookie jar of a transport the client creates (ignored with your own `transport`, whose jar is used). @default a new jar */
  readonly cookieJar?: WxCookieJar;
  /**
   * What to do when the server ends the session (1100/1101/1102): ask the phone to confirm a push login, and if
   * that fails and this says so, start a new QR login (its QR shows up in `state$`). @default 'push'
   */
  readonly relogin?: 'push' | 'push-then-qr' | false;
  /** New QR codes fetched after the first expires, before login fails with `QrExpiredError`. @default 5 */
  readonly maxQrRefresh?: number;
  /** Spacing of sends; `false` turns it off (simulator, tests). @default { intervalMs: 1000, burst: 3 } */
  readonly sendRate?: RateLimiterConfig | false;
  /** Retries of a send answered 1205, with back-off. @default { count: 5, initialDelay: 2000, maxDelay: 60000 } */
  readonly sendRetry?: NonNullable<RetryOnRetcodeConfig['rateLimited']>;
  /** Bounds and delays of the receive loop's retries (transient errors and 1205). */
  readonly loopRetry?: Pick<RetryOnRetcodeConfig, 'rateLimited' | 'transient'>;
  /**
   * How many recent message ids are surely remembered to drop duplicates (up to twice as many are); the last this
   * many are saved with the session. @default 5000
   */
  readonly dedupeWindow?: number;
  /**
   * Per stream (`events$`, `messages$`): how many events are kept while the stream has no subscriber, for its next
   * one (the oldest are dropped first); `events$` keeps no message that `messages$` delivered. `0` keeps none.
   * @default 10000
   */
  readonly eventBuffer?: number;
  /**
   * A stream that nobody has subscribed to yet keeps its backlog for this long after the first login, then lets
   * events pass it by until its first subscriber, so an unused stream holds no memory. @default 60000
   */
  readonly backlogMs?: number;
  /** Per-endpoint timeouts in ms (`undefined` = none). @default long polls 35 s, API calls 15 s */
  readonly timeouts?: TimeoutOverrides;
  /**
   * Spacing of webwxbatchgetcontact calls (unknown senders, lazy group members); `false` turns it off.
   * docs/protocol.md §5 advises at least a second between batches. @default { intervalMs: 1000, burst: 1 }
   */
  readonly contactBatchRate?: RateLimiterConfig | false;
  /** Memory bounds of the contact store. @default { strangers: 5000, members: 100000 } */
  readonly contactLimits?: ContactLimits;
  /** Timeouts of uploads and downloads, sized by the bytes. @default { baseMs: 15000, minBytesPerSecond: 65536, idleMs: 30000 } */
  readonly transfer?: TransferTimeouts;
  /**
   * Where the client logs (pino, bunyan, console-like: `trace/debug/info/warn/error(fields?, message)`). Every
   * call is redacted first: no credential reaches it. @default silent
   */
  readonly logger?: Logger;
  /** Time and randomness (`r`, `_`, LocalID, DeviceID, jitter). @default Date.now and Math.random */
  readonly env?: Env;
}

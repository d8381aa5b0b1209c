import type { RetryBackoffConfig } from '../retry/retry-backoff.js';
import type { CommitSink } from '../session/commit-sink.js';
import type { DeviceCommitState } from './commit.js';
import type { DeviceMessage } from './messages.js';
import type { DeviceConnector } from './socket.js';

/** How `connectDevice` connects. Every timing has a default; tests shorten them. */
export interface DeviceClientOptions {
  readonly host: string;
  readonly port: number;
  /** The IMEI (for `DeviceCode`), user name or internal code. Never appears in errors. */
  readonly credential: string;
  /** `DeviceAuthType`. @default 1 (DeviceCode, the only type the reference server accepts) */
  readonly authType?: number;
  /** `HeartBeatMessage.Imei`. @default the credential when `authType` is DeviceCode, else '' */
  readonly imei?: string;
  /** The WeChat account `send` uses when neither the call nor the chat names one. @default the first online account */
  readonly wechatId?: string;
  /** Milliseconds between heartbeats. @default 60000 */
  readonly heartbeatInterval?: number;
  /** How long a heartbeat may go unacknowledged before the connection counts as dead. @default 30000 */
  readonly heartbeatTimeout?: number;
  /** How long connecting plus `DeviceAuthReq` may take. @default 15000 */
  readonly authTimeout?: number;
  /** How long `send` waits for the phone's result notice, including waiting to be online. @default 60000 */
  readonly sendTimeout?: number;
  /** The longest frame body accepted. @default 4194304 (4 MiB) */
  readonly maxFrameLength?: number;
  /**
   * Reconnecting after a dropped connection (`retryBackoff`). Authentication refusals and forced logouts are never
   * retried. @default { initialDelay: 1000, maxDelay: 60000, jitter: true }, unlimited
   */
  readonly reconnect?: RetryBackoffConfig;
  /**
   * A commit sink (a fleet's `redisCommitSink`): each message notice is committed through it as a batch of one
   * (account: the WeChat account on the phone), and only then delivered and acknowledged; the notices after it wait
   * their turn. A failed commit ends the session (`disconnected`, reason `failed` with `CommitFailedError`) without
   * acknowledging, so the server sends the message again to whoever connects next. @default none
   */
  readonly sink?: CommitSink<DeviceMessage, DeviceCommitState>;
  /** How many delivered notice and message ids are remembered to drop repeats. @default 2000 */
  readonly dedupeWindow?: number;
  /** Opens connections. @default tcpConnector({ maxFrameLength }) */
  readonly connect?: DeviceConnector;
  /** The first frame id, for reproducible tests. @default a random value above 2^53 */
  readonly firstId?: bigint | string;
  /** The clock, for messages without `CreateTime`. @default Date.now */
  readonly now?: () => number;
}

import { type DeviceCommit, deviceCommit } from './commit.js';
import { DeviceAuthType } from './enums.js';
import { createIdSource } from './ids.js';
import type { DeviceSelf } from './messages.js';
import type { DeviceClientOptions } from './options.js';
import { RecentIds } from './recent-ids.js';
import { type DeviceAddress, type DeviceConnector, tcpConnector } from './socket.js';
import type { WeChatOnlineNoticeMessage } from './wire-types.js';

export interface ConnectionConfig {
  readonly credential: string;
  readonly authType: number;
  /** `HeartBeatMessage.Imei`. */
  readonly imei: string;
  readonly heartbeatInterval: number;
  readonly heartbeatTimeout: number;
  readonly authTimeout: number;
}

/**
 * What outlives one connection: the address (a redirect changes it), ids, accounts and the repeats already seen.
 * Plain data the receive loop keeps up to date and the client reads for `send`; it holds no way to reach the client.
 */
export interface ConnectionContext {
  readonly config: ConnectionConfig;
  readonly connect: DeviceConnector;
  address: DeviceAddress;
  readonly nextId: () => string;
  readonly now: () => number;
  /** Online WeChat accounts by id, from `WeChatOnlineNotice` / `WeChatOfflineNotice`. */
  readonly accounts: Map<string, WeChatOnlineNoticeMessage>;
  /** The account that last received or sent a message in each chat, so replies go out from it. */
  readonly chatAccounts: Map<string, string>;
  /** Chat message ids and other notices' frame ids already delivered: a repeat is acknowledged, not delivered. */
  readonly deliveredMessages: RecentIds;
  readonly deliveredFrames: RecentIds;
  /** The accounts' nicknames, for `mentionsSelf`. */
  readonly self: DeviceSelf;
  /** With a commit sink: makes a message durable before it is delivered and its notice acknowledged. */
  readonly commit?: DeviceCommit;
}

/** The context of a new client, with the defaults of `DeviceClientOptions` filled in. */
export function createContext(options: DeviceClientOptions): ConnectionContext {
  const authType = options.authType ?? DeviceAuthType.DeviceCode;
  const accounts = new Map<string, WeChatOnlineNoticeMessage>();
  const dedupeWindow = options.dedupeWindow ?? 2000;
  return {
    config: {
      credential: options.credential,
      authType,
      imei: options.imei ?? (authType === DeviceAuthType.DeviceCode ? options.credential : ''),
      heartbeatInterval: options.heartbeatInterval ?? 60_000,
      heartbeatTimeout: options.heartbeatTimeout ?? 30_000,
      authTimeout: options.authTimeout ?? 15_000,
    },
    connect: options.connect ?? tcpConnector(options.maxFrameLength === undefined ? {} : { maxFrameLength: options.maxFrameLength }),
    address: { host: options.host, port: options.port },
    nextId: createIdSource(options.firstId),
    now: options.now ?? Date.now,
    accounts,
    chatAccounts: new Map(),
    deliveredMessages: new RecentIds(dedupeWindow),
    deliveredFrames: new RecentIds(dedupeWindow),
    self: { nickNameOf: (wechatId) => accounts.get(wechatId)?.WeChatNick },
    ...(options.sink === undefined ? {} : { commit: deviceCommit(options.sink) }),
  };
}

import { Observable, Subscription, timer, interval } from 'rxjs';
import type { RecentIds } from './recent-ids.js';
import { DeviceAuthError } from './errors/device-auth-error.js';
import { DeviceConnectionError } from './errors/device-connection-error.js';
import { DeviceError } from './errors/device-error.js';
import { DeviceSessionEndedError } from './errors/device-session-ended-error.js';
import { DeviceTimeoutError } from './errors/device-timeout-error.js';
import { FrameDecodeError } from './errors/frame-decode-error.js';
import { type DeviceFrame, isFrameOf, type OutgoingFrame } from './codec.js';
import { DeviceMsgType } from './enums.js';
import { type DeviceSelf, messageFromFriendRequest, messageFromNotice } from './messages.js';
import type { DeviceAddress, DeviceConnector } from './socket.js';
import type { DeviceEvent, DeviceState } from './types.js';
import type { ExtraMessage, KnownMsgType, PayloadByMsgType, PayloadInput, WeChatOnlineNoticeMessage } from './wire-types.js';

/** Sends a frame on the live connection with a fresh `Id` and the access token; returns the `Id`. */
export interface DeviceLink {
  send<K extends KnownMsgType>(msgType: K, payload: PayloadInput<PayloadByMsgType[K]>, refMessageId?: string): string;
}

export interface ConnectionConfig {
  readonly credential: string;
  readonly authType: number;
  /** `HeartBeatMessage.Imei`. */
  readonly imei: string;
  readonly heartbeatInterval: number;
  readonly heartbeatTimeout: number;
  readonly authTimeout: number;
}

/** What outlives one connection: the address (a redirect changes it), ids, accounts, and where state goes. */
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
  readonly setState: (state: DeviceState) => void;
  readonly setLink: (link: DeviceLink | undefined) => void;
}

const ACK = DeviceMsgType.MsgReceivedAck;
/** Frames that are answers, never acknowledged: acks themselves (or the two sides loop), errors, the auth answer. */
const NOT_ACKED: ReadonlySet<number> = new Set([ACK, DeviceMsgType.Error, DeviceMsgType.DeviceAuthRsp]);

/**
 * One connection: connect, authenticate (`DeviceAuthReq` first, with an empty token), then heartbeats every
 * `heartbeatInterval`, a `MsgReceivedAck` for every frame except answers, and the notices as events. Each notice
 * is acknowledged after it was emitted, so an acknowledged notice has been delivered. Completes after a
 * `RedirectNotice` (the address is updated: reconnect at once); errors with the reason the connection ended
 * otherwise. Unsubscribing closes the socket and stops every timer.
 */
export function connection$(ctx: ConnectionContext): Observable<DeviceEvent> {
  return new Observable<DeviceEvent>((subscriber) => {
    const { config } = ctx;
    const address = ctx.address;
    const timers = new Subscription();
    const pendingHeartbeats = new Set<string>();
    let authenticated = false;
    let token = '';
    let extra: ExtraMessage | null = null;

    ctx.setState({ status: 'connecting', address });
    const socket = ctx.connect(address);
    const send = (frame: OutgoingFrame) => socket.send(frame);
    const link: DeviceLink = {
      send(msgType, payload, refMessageId = '0') {
        const Id = ctx.nextId();
        send({ Id, AccessToken: token, MsgType: msgType, RefMessageId: refMessageId, payload } as OutgoingFrame);
        return Id;
      },
    };
    const ack = (frame: DeviceFrame) => send({ Id: ctx.nextId(), AccessToken: token, MsgType: ACK, RefMessageId: frame.Id });
    const online = () =>
      ctx.setState({ status: 'online', address, accounts: [...ctx.accounts.values()], extra });

    const heartbeat = () => {
      const account = ctx.accounts.keys().next();
      const id = link.send(DeviceMsgType.HeartBeatReq, { Imei: config.imei, WeChatId: account.done ? '' : account.value });
      pendingHeartbeats.add(id);
      timers.add(
        timer(config.heartbeatTimeout).subscribe(() => {
          if (pendingHeartbeats.has(id)) subscriber.error(new DeviceTimeoutError('HeartBeatReq', config.heartbeatTimeout));
        }),
      );
    };

    const authenticate = (frame: DeviceFrame) => {
      if (isFrameOf(frame, DeviceMsgType.DeviceAuthRsp)) {
        authenticated = true;
        token = frame.payload.AccessToken;
        extra = frame.payload.Extra;
        authTimer.unsubscribe();
        ctx.setLink(link);
        online();
        subscriber.next({ type: 'connected', address, extra });
        timers.add(interval(config.heartbeatInterval).subscribe(heartbeat));
      } else if (isFrameOf(frame, DeviceMsgType.Error)) {
        subscriber.error(new DeviceAuthError(frame.payload.ErrorCode, frame.payload.ErrorMsg, frame.RefMessageId));
      }
      // Anything else before the token is not acknowledged, so the server sends it again once we are in.
    };

    const dispatch = (frame: DeviceFrame): void => {
      const msgType = frame.MsgType;
      if (msgType === ACK) {
        pendingHeartbeats.delete(frame.RefMessageId);
        return;
      }
      if (isFrameOf(frame, DeviceMsgType.Error)) {
        subscriber.next({ type: 'device-error', error: new DeviceError(frame.payload.ErrorCode, frame.payload.ErrorMsg, frame.RefMessageId) });
        return;
      }
      if (NOT_ACKED.has(msgType)) return;
      if (isFrameOf(frame, DeviceMsgType.RedirectNotice)) {
        ack(frame);
        const next = redirectAddress(frame.payload.ServerUrl, frame.payload.ServerPort, address);
        ctx.address = next;
        subscriber.next({ type: 'redirect', address: next });
        subscriber.complete();
        return;
      }
      if (isFrameOf(frame, DeviceMsgType.AccountForceOfflineNotice)) {
        ack(frame);
        const { Reason, Message, WeChatId } = frame.payload;
        subscriber.error(new DeviceSessionEndedError(Reason, Message, WeChatId));
        return;
      }
      const event = eventOf(frame, ctx);
      if (event !== undefined) subscriber.next(event);
      if (msgType === DeviceMsgType.WeChatOnlineNotice || msgType === DeviceMsgType.WeChatOfflineNotice) online();
      ack(frame);
    };

    const authTimer = timer(config.authTimeout).subscribe(() =>
      subscriber.error(new DeviceTimeoutError('DeviceAuthReq', config.authTimeout)),
    );
    timers.add(authTimer);
    timers.add(
      socket.frames$.subscribe({
        next: (frame) => {
          try {
            if (!authenticated) authenticate(frame);
            else dispatch(frame);
          } catch (error) {
            // A frame the session cannot handle ends this connection like an undecodable one, never the process.
            subscriber.error(new FrameDecodeError(`MsgType ${frame.MsgType}`, reasonOf(error), 0, frame.MsgType, error));
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.error(new DeviceConnectionError(address.host, address.port, 'closed')),
      }),
    );
    socket.send({
      Id: ctx.nextId(),
      AccessToken: '',
      MsgType: DeviceMsgType.DeviceAuthReq,
      RefMessageId: '0',
      payload: { AuthType: config.authType, Credential: config.credential },
    });

    return () => {
      timers.unsubscribe();
      ctx.setLink(undefined);
      socket.close();
    };
  });
}

/**
 * The event a notice becomes (and the bookkeeping it implies), or undefined for a repeat: a chat message whose id
 * was delivered before (the server may resend it under a new frame id), or any other frame id seen before.
 */
function eventOf(frame: DeviceFrame, ctx: ConnectionContext): DeviceEvent | undefined {
  if (isFrameOf(frame, DeviceMsgType.FriendTalkNotice) || isFrameOf(frame, DeviceMsgType.WeChatTalkToFriendNotice)) {
    const { msgSvrId, MsgId, WeChatId } = frame.payload;
    if (!ctx.deliveredMessages.add(msgSvrId !== '0' ? msgSvrId : `${WeChatId}/${MsgId}`)) return undefined;
    const message = messageFromNotice(frame.MsgType, frame.Id, frame.payload, ctx.self, ctx.now());
    ctx.chatAccounts.set(message.chat, WeChatId);
    return { type: 'message', message };
  }
  if (!ctx.deliveredFrames.add(frame.Id)) return undefined;
  if (isFrameOf(frame, DeviceMsgType.FriendAddReqeustNotice)) {
    return { type: 'message', message: messageFromFriendRequest(frame.Id, frame.payload, ctx.now()) };
  }
  if (isFrameOf(frame, DeviceMsgType.TalkToFriendTaskResultNotice)) return { type: 'send-result', result: frame.payload };
  if (isFrameOf(frame, DeviceMsgType.TaskResultNotice)) return { type: 'task-result', result: frame.payload };
  if (isFrameOf(frame, DeviceMsgType.WeChatOnlineNotice)) {
    ctx.accounts.set(frame.payload.WeChatId, frame.payload);
    return { type: 'account-online', account: frame.payload };
  }
  if (isFrameOf(frame, DeviceMsgType.WeChatOfflineNotice)) {
    ctx.accounts.delete(frame.payload.WeChatId);
    return { type: 'account-offline', notice: frame.payload };
  }
  if (isFrameOf(frame, DeviceMsgType.FriendAddNotice)) return { type: 'friend-added', notice: frame.payload };
  if (isFrameOf(frame, DeviceMsgType.FriendDelNotice)) return { type: 'friend-removed', notice: frame.payload };
  return { type: 'frame', frame };
}

/**
 * The address a `RedirectNotice` names. `ServerUrl` may be a bare host, `host:port`, or a URL (`tcp://host:port`);
 * `ServerPort` wins when set; what is missing is kept from the current address.
 */
export function redirectAddress(serverUrl: string, serverPort: number, current: DeviceAddress): DeviceAddress {
  let host = serverUrl.trim();
  let port = 0;
  if (host.includes('://')) {
    try {
      const url = new URL(host);
      host = url.hostname.replace(/^\[(.*)\]$/, '$1');
      port = Number(url.port) || 0;
    } catch {
      host = '';
    }
  } else {
    const hostPort = /^([^:]+):(\d{1,5})$/.exec(host);
    if (hostPort !== null) {
      host = hostPort[1]!;
      port = Number(hostPort[2]);
    }
  }
  return { host: host || current.host, port: serverPort > 0 ? serverPort : port || current.port };
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : 'unhandled frame';
}

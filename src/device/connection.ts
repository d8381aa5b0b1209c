import { Observable, Subscription, timer, interval } from 'rxjs';
import { isCommitFailedError } from '../errors/commit-failed-error.js';
import { DeviceAuthError } from './errors/device-auth-error.js';
import { DeviceConnectionError } from './errors/device-connection-error.js';
import { DeviceError } from './errors/device-error.js';
import { DeviceSessionEndedError } from './errors/device-session-ended-error.js';
import { DeviceTimeoutError } from './errors/device-timeout-error.js';
import { FrameDecodeError } from './errors/frame-decode-error.js';
import { type DeviceFrame, isFrameOf, type OutgoingFrame } from './codec.js';
import type { DeviceCommit } from './commit.js';
import type { ConnectionContext } from './context.js';
import { DeviceMsgType } from './enums.js';
import type { DeviceLink, LoopEvent } from './loop-event.js';
import { messageNotice, noticeEvent } from './notice-event.js';
import { redirectAddress } from './redirect-address.js';
import { maskSecrets } from './mask-secrets.js';
import type { ExtraMessage } from './wire-types.js';

const ACK = DeviceMsgType.MsgReceivedAck;
/** Frames that are answers, never acknowledged: acks themselves (or the two sides loop), errors, the auth answer. */
const NOT_ACKED: ReadonlySet<number> = new Set([ACK, DeviceMsgType.Error, DeviceMsgType.DeviceAuthRsp]);

/**
 * One connection: connect, authenticate (`DeviceAuthReq` first, with an empty token), then heartbeats every
 * `heartbeatInterval`, a `MsgReceivedAck` for every frame except answers, and the notices as events. The state
 * changes are values of the same stream: `connecting` first, then `online` (with the link to send on) once
 * authenticated and again whenever the accounts change. Each notice is acknowledged after it was emitted, so an
 * acknowledged notice has been delivered (with a commit sink, its message committed before). Completes after a `RedirectNotice` (the address is updated: reconnect at
 * once); errors with the reason the connection ended otherwise. Unsubscribing closes the socket and stops every
 * timer.
 */
export function connection$(ctx: ConnectionContext): Observable<LoopEvent> {
  return new Observable<LoopEvent>((subscriber) => {
    const { config } = ctx;
    const address = ctx.address;
    const timers = new Subscription();
    const pendingHeartbeats = new Set<string>();
    let authenticated = false;
    let token = '';
    let extra: ExtraMessage | null = null;

    subscriber.next({ type: 'state', state: { status: 'connecting', address } });
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
      subscriber.next({ type: 'state', state: { status: 'online', address, accounts: [...ctx.accounts.values()], extra }, link });

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

    const masked = (text: string): string => maskSecrets(text, config, token);

    const authenticate = (frame: DeviceFrame) => {
      if (isFrameOf(frame, DeviceMsgType.DeviceAuthRsp)) {
        authenticated = true;
        token = frame.payload.AccessToken;
        extra = frame.payload.Extra;
        authTimer.unsubscribe();
        online();
        subscriber.next({ type: 'connected', address, extra });
        timers.add(interval(config.heartbeatInterval).subscribe(heartbeat));
      } else if (isFrameOf(frame, DeviceMsgType.Error)) {
        subscriber.error(new DeviceAuthError(frame.payload.ErrorCode, masked(frame.payload.ErrorMsg), frame.RefMessageId));
      }
      // Anything else before the token is not acknowledged, so the server sends it again once we are in.
    };

    /** Redirects, forced logouts and notices: every frame that is acknowledged. */
    const handle = (frame: DeviceFrame): void => {
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
      const event = noticeEvent(frame, ctx);
      if (event !== undefined) subscriber.next(event);
      if (frame.MsgType === DeviceMsgType.WeChatOnlineNotice || frame.MsgType === DeviceMsgType.WeChatOfflineNotice) online();
      ack(frame);
    };

    /** The commit rule: a message is delivered, and its notice acknowledged, only once `commit` made it durable. */
    const handleCommitted = async (frame: DeviceFrame, commit: DeviceCommit): Promise<void> => {
      const notice = messageNotice(frame, ctx);
      if (notice === undefined || notice === 'repeat') return handle(frame);
      await commit(notice.message, frame.Id, address);
      if (subscriber.closed) return;
      notice.markDelivered();
      subscriber.next({ type: 'message', message: notice.message });
      ack(frame);
    };

    /** A failed commit ends the connection as it is; a frame the session cannot handle ends it like an undecodable one. */
    const unhandled = (frame: DeviceFrame, error: unknown): void => {
      if (isCommitFailedError(error)) subscriber.error(error);
      else subscriber.error(new FrameDecodeError(`MsgType ${frame.MsgType}`, reasonOf(error), 0, frame.MsgType, error));
    };

    // With a commit sink, acknowledged frames are handled one after another, each after the commit before it.
    let inbox = Promise.resolve();
    const dispatch = (frame: DeviceFrame): void => {
      const msgType = frame.MsgType;
      if (msgType === ACK) {
        pendingHeartbeats.delete(frame.RefMessageId);
        return;
      }
      if (isFrameOf(frame, DeviceMsgType.Error)) {
        subscriber.next({ type: 'device-error', error: new DeviceError(frame.payload.ErrorCode, masked(frame.payload.ErrorMsg), frame.RefMessageId) });
        return;
      }
      if (NOT_ACKED.has(msgType)) return;
      const commit = ctx.commit;
      if (commit === undefined) return handle(frame);
      inbox = inbox
        .then(() => (subscriber.closed ? undefined : handleCommitted(frame, commit)))
        .catch((error: unknown) => unhandled(frame, error));
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
            unhandled(frame, error); // never the process
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
      socket.close();
    };
  });
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : 'unhandled frame';
}

import {
  BehaviorSubject,
  catchError,
  defer,
  EMPTY,
  filter,
  finalize,
  ignoreElements,
  map,
  merge,
  type Observable,
  of,
  repeat,
  share,
  Subject,
  take,
  takeUntil,
  tap,
  throwError,
  throwIfEmpty,
  timeout,
} from 'rxjs';
import { retryBackoff } from '../retry/retry-backoff.js';

import { isDeviceAuthError, isDeviceSessionEndedError } from './errors/device-guards.js';
import { DeviceTaskError } from './errors/device-task-error.js';
import { DeviceTimeoutError } from './errors/device-timeout-error.js';
import { NotOnlineError } from '../errors/not-online-error.js';
import { type ConnectionContext, connection$, type DeviceLink } from './connection.js';
import { DeviceAuthType, DeviceContentType, DeviceMsgType } from './enums.js';
import { createIdSource } from './ids.js';
import type { DeviceMessage } from './messages.js';
import type { DeviceClientOptions } from './options.js';
import { problemEvent } from './problems.js';
import { RecentIds } from './recent-ids.js';
import { schemaRoot } from './schema.js';
import { type DeviceAddress, tcpConnector } from './socket.js';
import type { DeviceContent, DeviceEvent, DeviceSendOptions, DeviceSendResult, DeviceState } from './types.js';
import type { TalkToFriendTaskResultNoticeMessage } from './wire-types.js';

/**
 * A client of the JuLiao device protocol with the shape of the web client, so a bot written with the operators
 * (`messages$` + `send`) runs on either transport.
 *
 * Cold and lazy: nothing connects until `state$`, `events$` or `messages$` is subscribed or `send` is called;
 * they share one connection (with reconnects) while any of them is subscribed, and the last unsubscription closes
 * the socket and stops every timer. `close()` ends the client for good.
 */
export interface DeviceClient {
  /** The lifecycle, replaying the current state. Completes when the session is over or after `close()`. */
  readonly state$: Observable<DeviceState>;
  /** Every typed event, hot and shared. Problems are events; completes when the session is over or after `close()`. */
  readonly events$: Observable<DeviceEvent>;
  /** The chat messages of `events$`, in the shared message model. */
  readonly messages$: Observable<DeviceMessage>;
  /** The server address in use (a `RedirectNotice` changes it). */
  readonly address: DeviceAddress;
  /**
   * Sends a `TalkToFriendTask` to a friend or group; emits when the phone's `TalkToFriendTaskResultNotice` reports
   * success, then completes. Errors with `DeviceTaskError` on a failed result, `DeviceError` on an `Error` frame
   * answering the task, `DeviceTimeoutError` after `sendTimeout`, `NotOnlineError` once the client has ended. Not
   * retried: the message may already be out.
   */
  send(friendId: string, content: string | DeviceContent, options?: DeviceSendOptions): Observable<DeviceSendResult>;
  /** Closes the connection, stops every timer and completes every stream. */
  close(): void;
}

/** Connects to a device server; see `DeviceClient` for when the connection is opened and closed. */
export function connectDevice(options: DeviceClientOptions): DeviceClient {
  schemaRoot(); // a missing protobufjs (an optional peer dependency) fails here, not at the first frame
  return new Client(options);
}

const encoder = new TextEncoder();

class Client implements DeviceClient {
  readonly state$: Observable<DeviceState>;
  readonly events$: Observable<DeviceEvent>;
  readonly messages$: Observable<DeviceMessage>;

  private readonly state = new BehaviorSubject<DeviceState>({ status: 'disconnected', reason: { type: 'not-started' } });
  private readonly closed$ = new Subject<void>();
  private readonly ctx: ConnectionContext;
  private readonly nextId: () => string;
  private link: DeviceLink | undefined;
  private finished = false;

  constructor(private readonly options: DeviceClientOptions) {
    const authType = options.authType ?? DeviceAuthType.DeviceCode;
    this.nextId = createIdSource(options.firstId);
    this.ctx = {
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
      nextId: this.nextId,
      now: options.now ?? Date.now,
      accounts: new Map(),
      chatAccounts: new Map(),
      deliveredMessages: new RecentIds(options.dedupeWindow ?? 2000),
      deliveredFrames: new RecentIds(options.dedupeWindow ?? 2000),
      self: { nickNameOf: (wechatId) => this.ctx.accounts.get(wechatId)?.WeChatNick },
      setState: (state) => {
        if (!this.finished) this.state.next(state);
      },
      setLink: (link) => {
        this.link = link;
      },
    };
    this.events$ = this.session$().pipe(
      takeUntil(this.closed$),
      finalize(() => {
        if (!this.finished) this.state.next({ status: 'disconnected', reason: { type: 'unsubscribed' } });
      }),
      share(),
    );
    this.messages$ = this.events$.pipe(
      filter((event): event is Extract<DeviceEvent, { type: 'message' }> => event.type === 'message'),
      map((event) => event.message),
    );
    this.state$ = defer(() => (this.finished ? of(this.state.value) : merge(this.state, this.events$.pipe(ignoreElements()))));
  }

  get address(): DeviceAddress {
    return this.ctx.address;
  }

  send(friendId: string, content: string | DeviceContent, options: DeviceSendOptions = {}): Observable<DeviceSendResult> {
    return defer(() => {
      if (this.finished) return throwError(() => new NotOnlineError('send', this.state.value.status));
      const taskId = this.nextId();
      const wechatId = options.wechatId ?? this.ctx.chatAccounts.get(friendId) ?? this.options.wechatId ?? this.firstAccount();
      const { contentType, bytes } = contentOf(content);
      let frameId = '';
      const answer$ = this.events$.pipe(
        map((event): TalkToFriendTaskResultNoticeMessage | undefined => {
          if (event.type === 'send-result' && event.result.MsgId === taskId) return event.result;
          if (event.type === 'device-error' && event.error.refMessageId === frameId) throw event.error;
          return undefined;
        }),
        filter((result) => result !== undefined),
        take(1),
        map((result) => {
          if (!result.Success) throw new DeviceTaskError('TalkToFriendTask', result.Code, result.ErrMsg, taskId);
          return { msgId: result.MsgSvrId, localId: taskId, chat: friendId, wechatId: result.WeChatId || wechatId, result };
        }),
      );
      const sent$ = this.state.pipe(
        filter((state) => state.status === 'online' && this.link !== undefined),
        take(1),
        tap(() => {
          frameId = this.link!.send(DeviceMsgType.TalkToFriendTask, {
            WeChatId: wechatId,
            FriendId: friendId,
            ContentType: contentType,
            Content: bytes,
            Remark: options.remark ?? '',
            MsgId: taskId,
            ...(options.immediate === undefined ? {} : { Immediate: options.immediate }),
          });
        }),
        ignoreElements(),
      );
      const sendTimeout = this.options.sendTimeout ?? 60_000;
      return merge(answer$, sent$).pipe(
        timeout({ first: sendTimeout, with: () => throwError(() => new DeviceTimeoutError('TalkToFriendTask', sendTimeout)) }),
        throwIfEmpty(() => new NotOnlineError('send', this.state.value.status)),
      );
    });
  }

  close(): void {
    this.finish({ status: 'disconnected', reason: { type: 'closed' } });
  }

  private finish(state: DeviceState): void {
    if (this.finished) return;
    this.state.next(state);
    this.finished = true;
    this.state.complete();
    this.closed$.next();
  }

  private firstAccount(): string {
    const first = this.ctx.accounts.keys().next();
    return first.done ? '' : first.value;
  }

  /**
   * Connections one after another: at once after a redirect, with backoff after a failure, until a fatal error.
   * Problem events go out on a side channel so they don't count as successes for `reconnect.resetOnSuccess`.
   */
  private session$(): Observable<DeviceEvent> {
    const reconnect = this.options.reconnect ?? {};
    return defer(() => {
      if (this.finished) return EMPTY;
      const problems = new Subject<DeviceEvent>();
      const connections$ = defer(() => connection$(this.ctx)).pipe(
        catchError((error: unknown) => {
          if (isRecoverable(error)) this.ctx.setState({ status: 'reconnecting', address: this.ctx.address, error });
          problems.next(problemEvent(error, this.ctx.address));
          return throwError(() => error);
        }),
        repeat(),
        retryBackoff({ ...reconnect, shouldRetry: reconnect.shouldRetry ?? isRecoverable }),
        catchError((error: unknown) => {
          this.finish({
            status: 'disconnected',
            reason: isDeviceSessionEndedError(error) ? { type: 'session-ended', error } : { type: 'failed', error },
          });
          return EMPTY;
        }),
        finalize(() => problems.complete()),
      );
      return merge(problems, connections$);
    });
  }
}

/** Authentication refusals and forced logouts end the session; everything else is worth a reconnect. */
function isRecoverable(error: unknown): boolean {
  return !isDeviceAuthError(error) && !isDeviceSessionEndedError(error);
}

function contentOf(content: string | DeviceContent): { contentType: number; bytes: Uint8Array } {
  if (typeof content === 'string') return { contentType: DeviceContentType.Text, bytes: encoder.encode(content) };
  return {
    contentType: content.contentType,
    bytes: typeof content.content === 'string' ? encoder.encode(content.content) : content.content,
  };
}

import {
  BehaviorSubject,
  defer,
  EMPTY,
  filter,
  finalize,
  ignoreElements,
  map,
  merge,
  type Observable,
  of,
  share,
  Subject,
  take,
  takeUntil,
  tap,
  throwError,
  throwIfEmpty,
  timeout,
} from 'rxjs';
import { DeviceTaskError } from './errors/device-task-error.js';
import { DeviceTimeoutError } from './errors/device-timeout-error.js';
import { NotOnlineError } from '../errors/not-online-error.js';
import { type ConnectionContext, createContext } from './context.js';
import { DeviceContentType, DeviceMsgType } from './enums.js';
import type { DeviceLink, StateChange } from './loop-event.js';
import { maskSecrets } from './mask-secrets.js';
import type { DeviceMessage } from './messages.js';
import type { DeviceClientOptions } from './options.js';
import { receiveLoop$ } from './receive-loop.js';
import { schemaRoot } from './schema.js';
import type { DeviceAddress } from './socket.js';
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
  // `#` fields: the options and the context hold the credential (the IMEI), which `util.inspect` must not show.
  readonly #ctx: ConnectionContext;
  readonly #options: DeviceClientOptions;
  /** How to send on the live connection: the one the latest state change brought (only `online` brings one). */
  private link: DeviceLink | undefined;
  private finished = false;

  constructor(options: DeviceClientOptions) {
    this.#options = options;
    this.#ctx = createContext(options);
    // The hub: one subscription to the receive loop, shared by every stream and `send`, mirroring its state
    // changes into `state` and passing its events on.
    this.events$ = defer(() => (this.finished ? EMPTY : receiveLoop$(this.#ctx, options.reconnect))).pipe(
      tap((event) => {
        if (event.type === 'state') this.enter(event);
      }),
      filter((event): event is DeviceEvent => event.type !== 'state'),
      takeUntil(this.closed$),
      finalize(() => {
        if (this.finished) return;
        this.link = undefined;
        this.state.next({ status: 'disconnected', reason: { type: 'unsubscribed' } });
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
    return this.#ctx.address;
  }

  send(friendId: string, content: string | DeviceContent, options: DeviceSendOptions = {}): Observable<DeviceSendResult> {
    return defer(() => {
      if (this.finished) return throwError(() => new NotOnlineError('send', this.state.value.status));
      const taskId = this.#ctx.nextId();
      const wechatId = options.wechatId ?? this.#ctx.chatAccounts.get(friendId) ?? this.#options.wechatId ?? this.firstAccount();
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
          if (!result.Success) throw new DeviceTaskError('TalkToFriendTask', result.Code, maskSecrets(result.ErrMsg, this.#ctx.config), taskId);
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
      const sendTimeout = this.#options.sendTimeout ?? 60_000;
      return merge(answer$, sent$).pipe(
        timeout({ first: sendTimeout, with: () => throwError(() => new DeviceTimeoutError('TalkToFriendTask', sendTimeout)) }),
        throwIfEmpty(() => new NotOnlineError('send', this.state.value.status)),
      );
    });
  }

  close(): void {
    this.finish({ status: 'disconnected', reason: { type: 'closed' } });
  }

  /** Mirrors a state change of the receive loop; a `disconnected` one is its last: the session is over. */
  private enter({ state, link }: StateChange): void {
    this.link = link;
    if (state.status === 'disconnected') this.finish(state);
    else this.state.next(state);
  }

  private finish(state: DeviceState): void {
    if (this.finished) return;
    this.link = undefined;
    this.state.next(state);
    this.finished = true;
    this.state.complete();
    this.closed$.next();
  }

  private firstAccount(): string {
    const first = this.#ctx.accounts.keys().next();
    return first.done ? '' : first.value;
  }
}

function contentOf(content: string | DeviceContent): { contentType: number; bytes: Uint8Array } {
  if (typeof content === 'string') return { contentType: DeviceContentType.Text, bytes: encoder.encode(content) };
  return {
    contentType: content.contentType,
    bytes: typeof content.content === 'string' ? encoder.encode(content.content) : content.content,
  };
}

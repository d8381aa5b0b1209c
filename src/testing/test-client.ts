import { asyncScheduler, BehaviorSubject, defer, filter, map, Observable, of, type SchedulerLike, Subject, Subscription, switchMap, throwError, timer } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import type { WeChatClient } from '../web/client/client.js';
import type { ClientState, LoginEvent } from '../web/client/types.js';
import type { SendResult, WxEvent } from '../model/events.js';
import type { Endpoint } from '../errors/endpoint.js';
import type { MediaSource } from '../model/media-source.js';
import { NotFriendError } from '../errors/not-friend-error.js';
import { NotOnlineError } from '../errors/not-online-error.js';
import { WeChatError } from '../errors/wechat-error.js';
import type { RawContact } from '../model/raw/shapes.js';
import type { WxMessage } from '../model/message.js';
import { testIds, testSelfName } from './builders.js';

/** One thing the bot did through the test client. */
export type Sent =
  | { readonly type: 'text'; readonly chat: string; readonly text: string }
  | { readonly type: 'image'; readonly chat: string; readonly source: MediaSource }
  | { readonly type: 'file'; readonly chat: string; readonly source: MediaSource; readonly name?: string }
  | { readonly type: 'forward'; readonly chat: string; readonly message: WxMessage }
  | { readonly type: 'mark-read'; readonly chat: string };

/** A recorded send with the (virtual) time it completed, or failed. */
export type SentRecord = Sent & { readonly frame: number };
export type FailedRecord = Sent & { readonly frame: number; readonly error: unknown };

export interface TestClientOptions {
  /** The scheduler of the test: needed for `receive(marbles)`, and its clock stamps the records. @default asyncScheduler */
  readonly scheduler?: TestScheduler | SchedulerLike;
  /** How long each send takes before its result (or failure) arrives, in ms or frames; 0 answers synchronously. @default 0 */
  readonly sendDelay?: number;
  /** The logged-in user. @default { UserName: testIds.self, NickName: testSelfName } */
  readonly user?: RawContact;
}

/** The part of the real client's surface the test client fakes: the streams, login, sending, logout. */
export type TestClientSurface = Pick<
  WeChatClient,
  'login$' | 'state$' | 'events$' | 'messages$' | 'user' | 'send' | 'markRead' | 'logout' | 'close'
>;

/**
 * A fake client with the real client's streams and sending methods, plus the hooks a test needs. The contact
 * directory, the other media kinds and the account operations are not faked yet.
 */
export interface TestClient extends TestClientSurface {
  sendImage(chat: string, source: MediaSource): Observable<SendResult>;
  sendFile(chat: string, source: MediaSource, options?: { readonly name?: string }): Observable<SendResult>;
  forward(chat: string, message: WxMessage): Observable<SendResult>;
  /**
   * Feeds messages or events into `events$` / `messages$`: a marble string with its values (needs a
   * `TestScheduler`), an Observable (subscribed now), or messages and events delivered at once.
   */
  receive(marbles: string, values?: Readonly<Record<string, WxMessage | WxEvent>>): void;
  receive(input: Observable<WxMessage | WxEvent> | WxMessage | WxEvent | ReadonlyArray<WxMessage | WxEvent>): void;
  /** Every successful send, emitted when its result arrives; hot, so subscribe (or `expectObservable`) first. */
  readonly sent$: Observable<Sent>;
  /** Every successful send so far, with its frame. */
  readonly sent: readonly SentRecord[];
  /** Every send that was told to fail, with its frame and error. */
  readonly failed: readonly FailedRecord[];
  /** Makes every later send (and mark-read) to `chat` fail with `error`. @default error a `NotFriendError` (1204) */
  failSendsTo(chat: string, error?: unknown): void;
  /** Undoes `failSendsTo`. */
  stopFailingSendsTo(chat: string): void;
}

/**
 * Creates a fake client for marble tests: logged in at once, fed with `receive`, recording every send with its
 * virtual frame. Sends answer a fake `SendResult` (`msgId` `'1'`, `'2'`, … and `localId` `'local-1'`, …) after
 * `sendDelay`, or fail for chats given to `failSendsTo`. Like the real client, `events$` keeps what arrives while
 * nobody listens and hands it to the first subscriber.
 *
 * @example
 * ```ts
 * import { notFromSelf, reply } from 'wechat-rx';
 * import { createTestClient, text } from 'wechat-rx/testing';
 * import { TestScheduler } from 'rxjs/testing';
 * import { deepEqual } from 'node:assert/strict';
 *
 * const rx = new TestScheduler((actual, expected) => deepEqual(actual, expected));
 * rx.run(({ expectObservable }) => {
 *   const client = createTestClient({ scheduler: rx });
 *   client.receive('-a-', { a: text('hi', { from: '@alice' }) });
 *   client.messages$.pipe(notFromSelf(), reply(client, 'hello')).subscribe();
 *   expectObservable(client.sent$).toBe('-s-', { s: { type: 'text', chat: '@alice', text: 'hello' } });
 * });
 * ```
 */
export function createTestClient(options: TestClientOptions = {}): TestClient {
  return new FakeClient(options);
}

class FakeClient implements TestClient {
  readonly login$: Observable<LoginEvent>;
  readonly state$: Observable<ClientState>;
  readonly events$: Observable<WxEvent>;
  readonly messages$: Observable<WxMessage>;
  readonly sent$: Observable<Sent>;
  readonly sent: SentRecord[] = [];
  readonly failed: FailedRecord[] = [];

  private readonly scheduler: SchedulerLike;
  private readonly delay: number;
  private readonly me: RawContact;
  private readonly state: BehaviorSubject<ClientState>;
  private readonly events = new Subject<WxEvent>();
  private readonly sends = new Subject<Sent>();
  private readonly failures = new Map<string, unknown>();
  private readonly inputs = new Subscription();
  private pending: WxEvent[] = [];
  private listeners = 0;
  private count = 0;

  constructor(options: TestClientOptions) {
    this.scheduler = options.scheduler ?? asyncScheduler;
    this.delay = options.sendDelay ?? 0;
    this.me = options.user ?? { UserName: testIds.self, NickName: testSelfName };
    this.state = new BehaviorSubject<ClientState>({ status: 'online', user: this.me });
    this.login$ = defer(() => of<LoginEvent>({ type: 'logged-in', user: this.me, resumed: false }));
    this.state$ = this.state.asObservable();
    this.events$ = new Observable<WxEvent>((subscriber) => {
      this.listeners++;
      const subscription = this.events.subscribe(subscriber);
      const backlog = this.pending;
      this.pending = [];
      for (const event of backlog) subscriber.next(event);
      return () => {
        this.listeners--;
        subscription.unsubscribe();
      };
    });
    this.messages$ = this.events$.pipe(
      filter((event): event is Extract<WxEvent, { type: 'message' }> => event.type === 'message'),
      map((event) => event.message),
    );
    this.sent$ = this.sends.asObservable();
  }

  get user(): RawContact | undefined {
    return this.state.value.status === 'online' ? this.me : undefined;
  }

  receive(
    input: string | Observable<WxMessage | WxEvent> | WxMessage | WxEvent | ReadonlyArray<WxMessage | WxEvent>,
    values?: Readonly<Record<string, WxMessage | WxEvent>>,
  ): void {
    if (typeof input === 'string') {
      const scheduler = this.scheduler as Partial<TestScheduler>;
      if (typeof scheduler.createHotObservable !== 'function') {
        throw new WeChatError('receive(marbles) needs createTestClient({ scheduler }) with a TestScheduler');
      }
      this.inputs.add(scheduler.createHotObservable(input, values).subscribe((item) => this.deliver(item)));
    } else if (Array.isArray(input)) {
      for (const item of input as ReadonlyArray<WxMessage | WxEvent>) this.deliver(item);
    } else if ('subscribe' in input) {
      this.inputs.add(input.subscribe((item) => this.deliver(item)));
    } else {
      this.deliver(input as WxMessage | WxEvent);
    }
  }

  send(chat: string, text: string): Observable<SendResult> {
    return this.perform('webwxsendmsg', { type: 'text', chat, text });
  }

  sendImage(chat: string, source: MediaSource): Observable<SendResult> {
    return this.perform('webwxsendmsgimg', { type: 'image', chat, source });
  }

  sendFile(chat: string, source: MediaSource, options: { readonly name?: string } = {}): Observable<SendResult> {
    const sent: Sent = options.name === undefined ? { type: 'file', chat, source } : { type: 'file', chat, source, name: options.name };
    return this.perform('webwxsendappmsg', sent);
  }

  forward(chat: string, message: WxMessage): Observable<SendResult> {
    return this.perform('webwxsendmsg', { type: 'forward', chat, message });
  }

  markRead(chat: string): Observable<void> {
    return this.perform('webwxstatusnotify', { type: 'mark-read', chat }).pipe(map((): void => undefined));
  }

  failSendsTo(chat: string, error?: unknown): void {
    this.failures.set(chat, error);
  }

  stopFailingSendsTo(chat: string): void {
    this.failures.delete(chat);
  }

  logout(): Observable<void> {
    return defer(() => of(this.shutdown({ type: 'logout' })));
  }

  close(): Observable<void> {
    return defer(() => of(this.shutdown({ type: 'closed' })));
  }

  private deliver(item: WxMessage | WxEvent): void {
    const event: WxEvent = 'kind' in item ? { type: 'message', message: item } : item;
    if (this.listeners > 0) this.events.next(event);
    else this.pending.push(event);
  }

  /** A cold send: on subscribe, wait `sendDelay`, then record and answer (or fail, as told). */
  private perform(endpoint: Endpoint, sent: Sent): Observable<SendResult> {
    return defer(() => {
      const outcome = (): Observable<SendResult> => {
        const frame = this.scheduler.now();
        if (this.failures.has(sent.chat)) {
          const error = this.failures.get(sent.chat) ?? new NotFriendError(endpoint);
          this.failed.push(Object.assign({ frame, error }, sent));
          return throwError(() => error);
        }
        const n = ++this.count;
        this.sent.push(Object.assign({ frame }, sent));
        this.sends.next(sent);
        return of({ msgId: String(n), localId: `local-${n}`, chat: sent.chat });
      };
      if (this.state.value.status !== 'online') return throwError(() => new NotOnlineError(sent.type, this.state.value.status));
      return this.delay > 0 ? timer(this.delay, this.scheduler).pipe(switchMap(outcome)) : outcome();
    });
  }

  private shutdown(reason: { type: 'logout' } | { type: 'closed' }): void {
    if (this.state.value.status === 'logged-out') return;
    this.inputs.unsubscribe();
    this.state.next({ status: 'logged-out', reason });
    this.state.complete();
    this.events.complete();
    this.sends.complete();
  }
}

import {
  BehaviorSubject,
  catchError,
  concat,
  concatMap,
  defer,
  EMPTY,
  filter,
  finalize,
  from,
  last,
  map,
  type Observable,
  of,
  share,
  type Subscription,
  switchMap,
  take,
  tap,
  throwError,
} from 'rxjs';
import { retryBackoff } from '../../retry/retry-backoff.js';
import { type RetryNotice, retryOnRetcode, type RetryOnRetcodeConfig } from '../../retry/retry-on-retcode.js';
import { createContactDirectory, type ContactDirectory } from '../contacts/directory.js';
import type { ContactsSnapshot } from '../contacts/snapshot.js';
import { ClientClosedError } from '../../errors/client-closed-error.js';
import { isQrExpiredError, isRetcodeError, isSessionEndedError, isSessionStoreError } from '../../errors/guards.js';
import { NotOnlineError } from '../../errors/not-online-error.js';
import type { SessionEndedError } from '../../errors/session-ended-error.js';
import { SessionStoreError } from '../../errors/session-store-error.js';
import { WxCookieJar } from '../http/cookie-jar.js';
import { createKyTransport } from '../http/ky-transport.js';
import type { ClosableTransport } from '../http/transport-core.js';
import { createUndiciTransport } from '../http/undici-transport.js';
import type { Transport } from '../http/transport.js';
import type { RawContact } from '../../model/raw/shapes.js';
import { defaultHosts, type Hosts, overrideHosts } from '../protocol/hosts.js';
import type { WxMessage } from '../../model/message.js';
import type { MediaSource } from '../../model/media-source.js';
import type { UploadOptions } from '../media/upload.js';
import { type Env, logoutRequest, messageLocalId, sendTextRequest, statusNotifyRequest } from '../protocol/requests.js';
import { decodeSend, decodeStatusNotify, ensureOk } from '../protocol/responses.js';
import type { SavedSession } from '../session/saved-session.js';
import type { SessionLock } from '../session/session-store.js';
import * as account from './account-ops.js';
import type { AccountOperations, ContactRef, FriendRequestRef } from './account-ops.js';
import { call } from './call.js';
import { checkText, knownChat$ } from './chat-check.js';
import { logEvent, logState, loggingTransport } from './client-log.js';
import { type Logger, redactingLogger } from '../../logging/logger.js';
import { ContactsRuntime } from './contacts-runtime.js';
import { EventHub } from './event-hub.js';
import { exchangeTicket$, type LoginDeps, pushLogin$, qrLogin$, type ScanStep } from './login-flow.js';
import type { ClientOptions } from './options.js';
import { createRateLimiter, type RateLimiter, unlimited } from './rate-limiter.js';
import * as media from './media-ops.js';
import type { Downloadable, EmoticonSource, MediaDownloadOptions, MediaOperations, SendMediaOptions } from './media-ops.js';
import type { OpsContext } from './ops-context.js';
import { hasUsableHosts, originGuard, pinnedOrigin, serverOrigin } from './origin-guard.js';
import { SessionSaver } from './session-saver.js';
import { initSession$, type SessionDeps, sessionContext } from './session-init.js';
import { SessionState } from './session-state.js';
import { drain$, type SyncLoopDeps, syncLoop$ } from './sync-loop.js';
import type { ClientState, LoginEvent, LogoutReason } from './types.js';
import type { SendResult, WxEvent } from '../../model/events.js';

/**
 * A Web WeChat client: login, the receive loop as events, sending text and media, the contact list, and account
 * operations. Create it with `createClient`.
 */
export interface WeChatClient extends MediaOperations, AccountOperations {
  /** Subscribing starts the login (or resumes a saved session); emits each step and completes once logged in. */
  readonly login$: Observable<LoginEvent>;
  /** The lifecycle, replaying the current state to each subscriber. Completes after `logout()` / `close()`. */
  readonly state$: Observable<ClientState>;
  /** Every typed event, hot and shared; kept while nobody listens. Completes after `logout()` / `close()`. */
  readonly events$: Observable<WxEvent>;
  /** The decoded messages from `events$`. */
  readonly messages$: Observable<WxMessage>;
  /** The logged-in user while online. */
  readonly user: RawContact | undefined;
  /**
   * The contact list as a state stream: the current snapshot to each subscriber, then one per batch of changes
   * (login pages, syncs, lookups). A new login brings a new list (UserNames change). Completes after `logout()` /
   * `close()`.
   */
  readonly contacts$: Observable<ContactsSnapshot>;
  /** Lookups on the newest snapshot, plus group members and refreshes that ask the server. */
  readonly contacts: ContactDirectory;
  /** Sends a text to a chat (a UserName); emits the server's `MsgID` and the `LocalID`, then completes. */
  send(chat: string, text: string): Observable<SendResult>;
  /** Marks a chat as read on the phone (webwxstatusnotify Code 1). */
  markRead(chat: string): Observable<void>;
  /** Logs out on the server, stops every loop, forgets the saved session and completes the streams. */
  logout(): Observable<void>;
  /** Stops every loop and saves the session for a later resume, without logging out. */
  close(): Observable<void>;
}

type Established = { readonly type: 'established'; readonly state: SessionState; readonly resumed: boolean };
type LoginStep = ScanStep | Established;

const DEFAULT_ENV: Env = { now: () => Date.now(), random: () => Math.random() };

/** Creates a client; nothing happens until `login$` is subscribed. */
export function createClient(options: ClientOptions = {}): WeChatClient {
  return new Client(options);
}

class Client implements WeChatClient {
  readonly login$: Observable<LoginEvent>;
  readonly state$: Observable<ClientState>;
  readonly events$: Observable<WxEvent>;
  readonly messages$: Observable<WxMessage>;
  readonly contacts$: Observable<ContactsSnapshot>;
  readonly contacts: ContactDirectory;

  private readonly env: Env;
  /** The caller's logger behind the redacting wrapper; `undefined` (no logging work at all) by default. */
  private readonly log: Logger | undefined;
  private readonly state = new BehaviorSubject<ClientState>({ status: 'logged-out', reason: { type: 'not-started' } });
  /** The last state, replayed to whoever subscribes to `state$` after the client ended. */
  private finalState: ClientState | undefined;
  private readonly hub: EventHub;
  private readonly saver: SessionSaver;
  private readonly limiter: RateLimiter;
  private readonly ops: OpsContext;
  private readonly contactsRuntime: ContactsRuntime;
  /** The one origin every request goes to, or `undefined` for the WeChat hosts (see `originGuard`). */
  private pinned: string | undefined;
  /** Stable ids of a saved session, for the store of the next login. */
  private savedStableIds: Readonly<Record<string, string>> | undefined;
  private jar: WxCookieJar;
  private transport: Transport | undefined;
  /** The default transport, created (and closed) by the client itself. */
  private ownTransport: ClosableTransport | undefined;
  private session: SessionState | undefined;
  /** A saved session being proven by its first webwxsync: saved like an online one, so no batch goes unsaved. */
  private resuming: SessionState | undefined;
  private sessionLock: SessionLock | undefined;
  private loop: Subscription | undefined;
  private cookieSaves: Subscription | undefined;
  private backlogTimer: ReturnType<typeof setTimeout> | undefined;
  private endedBy: 'logout' | 'close' | undefined;

  constructor(private readonly options: ClientOptions) {
    this.env = options.env ?? DEFAULT_ENV;
    this.pinned = options.server === undefined ? undefined : serverOrigin(options.server);
    this.log = options.logger === undefined ? undefined : redactingLogger(options.logger);
    const log = this.log;
    if (log !== undefined) this.state.subscribe((state) => logState(log, state));
    this.jar = options.cookieJar ?? new WxCookieJar();
    const given = typeof options.transport === 'object' ? options.transport : undefined;
    if (given !== undefined) this.transport = this.wrapTransport(given);
    this.hub = new EventHub(options.eventBuffer ?? 10_000);
    this.saver = new SessionSaver(() => this.saveNow());
    this.limiter = options.sendRate === false ? unlimited : createRateLimiter(options.sendRate ?? {});
    this.ops = this.opsContext();
    this.contactsRuntime = new ContactsRuntime({
      transport: () => this.http(),
      context: (state) => this.context(state),
      sessionDeps: () => this.sessionDeps(),
      limit: options.contactBatchRate === false ? unlimited : createRateLimiter(options.contactBatchRate ?? { intervalMs: 1000, burst: 1 }),
      rateLimited: this.ops.rateLimited,
      now: () => this.env.now(),
    });
    this.contacts$ = this.contactsRuntime.snapshots$;
    this.contacts = createContactDirectory({
      online: (operation) => ({ store: this.requireOnline(operation).contacts, resolver: this.ops.resolver(operation) }),
      current: () => this.session?.contacts,
    });
    this.state$ = defer(() => (this.finalState === undefined ? this.state : of(this.finalState)));
    this.events$ = this.hub.events$;
    this.messages$ = this.hub.messages$;
    const sharedLogin$ = defer(() => this.runLogin$()).pipe(share());
    this.login$ = defer(() => {
      const current = this.state.value;
      if (this.endedBy !== undefined) return throwError(() => new ClientClosedError('login', this.endedBy ?? 'close'));
      return current.status === 'online' ? of<LoginEvent>({ type: 'logged-in', user: current.user, resumed: true }) : sharedLogin$;
    });
  }

  get user(): RawContact | undefined {
    return this.session?.user;
  }

  send(chat: string, text: string): Observable<SendResult> {
    return defer(() => {
      checkText('send', text);
      const localId = messageLocalId(this.env);
      const attempt$ = defer(() => {
        const state = this.requireOnline('send');
        return call(
          this.http(),
          () => sendTextRequest(this.context(state), { from: state.user.UserName, to: chat, content: text, localId }),
          (body) => decodeSend('webwxsendmsg', body),
        );
      }).pipe(map((response) => ensureOk('webwxsendmsg', response)));
      return this.ops.knownChat('send', chat).pipe(
        switchMap(() => this.limiter(attempt$).pipe(retryOnRetcode(this.ops.sendPolicy))),
        map((response) => ({ msgId: response.MsgID, localId: response.LocalID || localId, chat })),
      );
    });
  }

  markRead(chat: string): Observable<void> {
    return defer(() => {
      const state = this.requireOnline('markRead');
      return call(
        this.http(),
        () => statusNotifyRequest(this.context(state), { code: 1, self: state.user.UserName, chat }),
        decodeStatusNotify,
      ).pipe(map((response) => void ensureOk('webwxstatusnotify', response)));
    });
  }

  upload(source: MediaSource, options?: UploadOptions) {
    return media.uploadMedia(this.ops, source, options);
  }
  sendImage(chat: string, source: MediaSource, options?: SendMediaOptions) {
    return media.sendImage(this.ops, chat, source, options);
  }
  sendVideo(chat: string, source: MediaSource, options?: SendMediaOptions) {
    return media.sendVideo(this.ops, chat, source, options);
  }
  sendFile(chat: string, source: MediaSource, options?: SendMediaOptions) {
    return media.sendFile(this.ops, chat, source, options);
  }
  sendEmoticon(chat: string, source: EmoticonSource, options?: SendMediaOptions) {
    return media.sendEmoticon(this.ops, chat, source, options);
  }
  sendCard(chat: string, contact: ContactRef) {
    return media.sendCard(this.ops, chat, contact);
  }
  forward(chat: string, message: WxMessage) {
    return media.forward(this.ops, chat, message);
  }
  revoke(sent: SendResult) {
    return media.revoke(this.ops, sent);
  }
  download(target: Downloadable, options?: MediaDownloadOptions) {
    return media.downloadMedia(this.ops, target, options);
  }
  setRemark(contact: ContactRef, remark: string) {
    return account.setRemark(this.ops, contact, remark);
  }
  pin(contact: ContactRef) {
    return account.setPinned(this.ops, contact, true);
  }
  unpin(contact: ContactRef) {
    return account.setPinned(this.ops, contact, false);
  }
  acceptFriend(request: FriendRequestRef) {
    return account.acceptFriend(this.ops, request);
  }
  addFriend(contact: ContactRef, greeting?: string) {
    return account.addFriend(this.ops, contact, greeting);
  }
  createGroup(members: readonly ContactRef[], topic?: string) {
    return account.createGroup(this.ops, members, topic);
  }
  addMembers(group: ContactRef, members: readonly ContactRef[]) {
    return account.addMembers(this.ops, group, members);
  }
  inviteMembers(group: ContactRef, members: readonly ContactRef[]) {
    return account.inviteMembers(this.ops, group, members);
  }
  removeMembers(group: ContactRef, members: readonly ContactRef[]) {
    return account.removeMembers(this.ops, group, members);
  }
  renameGroup(group: ContactRef, topic: string) {
    return account.renameGroup(this.ops, group, topic);
  }

  logout(): Observable<void> {
    return defer(() => {
      const state = this.session;
      // Stop listening first: the server answers the next poll with 1101 once logged out, which is no session end.
      this.stopLoops();
      const request$ =
        state === undefined
          ? of(undefined)
          : call(this.http(), () => logoutRequest(this.context(state)), () => undefined).pipe(catchError(() => of(undefined)));
      return request$.pipe(switchMap(() => from(this.teardown('logout'))));
    });
  }

  close(): Observable<void> {
    return defer(() => from(this.teardown('close')));
  }

  // Login

  private runLogin$(): Observable<LoginEvent> {
    return from(this.prepare()).pipe(
      switchMap((saved) => (saved === undefined ? this.establish$(qrLogin$(this.loginDeps())) : this.resume$(saved))),
      tap((step) => this.track(step)),
      concatMap((step): Observable<LoginEvent> => {
        if (step.type === 'redirect') return EMPTY;
        if (step.type === 'established') return of(this.goOnline(step.state, step.resumed));
        return of(step);
      }),
      tap({ error: (error: unknown) => this.state.next({ status: 'logged-out', reason: { type: 'failed', error } }) }),
      finalize(() => {
        if (this.session !== undefined) return;
        // Everyone left before the login finished (or it failed): nothing runs, so nothing holds the session.
        this.resuming = undefined;
        if (this.state.value.status !== 'logged-out' && this.endedBy === undefined) {
          this.state.next({ status: 'logged-out', reason: { type: 'cancelled' } });
        }
        void this.releaseLock();
      }),
    );
  }

  /**
   * Takes the store's lock (if it has one), loads the saved session and pins the client to its origin when it was
   * not made with the WeChat hosts. A session that cannot be read fails the login unless `onBadSession: 'login'`.
   */
  private async prepare(): Promise<SavedSession | undefined> {
    const store = this.options.store;
    if (store?.lock !== undefined && this.sessionLock === undefined) this.sessionLock = await store.lock();
    let saved: SavedSession | undefined;
    try {
      saved = await store?.load();
      if (saved !== undefined && !hasUsableHosts(saved)) throw new SessionStoreError('load', 'its hosts are not http(s) URLs');
    } catch (error) {
      const storeError = isSessionStoreError(error) ? error : new SessionStoreError('load', 'the store failed', { cause: error });
      if (this.options.onBadSession !== 'login') throw storeError;
      this.emit({ type: 'store-problem', error: storeError });
      saved = undefined;
    }
    this.pinned ??= pinnedOrigin(undefined, saved);
    this.savedStableIds = saved?.stableIds;
    if (typeof this.options.transport !== 'object' && this.transport === undefined) {
      if (saved !== undefined && this.options.cookieJar === undefined) this.jar = WxCookieJar.fromJSON(saved.cookies as string);
      this.http();
    }
    return saved;
  }

  /** Runs a scan flow through the ticket exchange and session start; ends with `established`. */
  private establish$(scan$: Observable<ScanStep>): Observable<LoginStep> {
    return scan$.pipe(
      concatMap((step): Observable<LoginStep> =>
        step.type !== 'redirect'
          ? of(step)
          : concat(
              of(step),
              exchangeTicket$(this.loginDeps(), step.redirectUri).pipe(
                switchMap((ticket) => initSession$(this.sessionDeps(), ticket)),
                map((state): Established => ({ type: 'established', state, resumed: false })),
              ),
            ),
      ),
    );
  }

  /**
   * Resumes a saved session: one webwxsync with the saved key proves the server still accepts it (and delivers
   * what arrived meanwhile). A refusal falls back to push login, then QR login, on the same origin.
   */
  private resume$(saved: SavedSession): Observable<LoginStep> {
    return defer(() => {
      const hosts: Hosts = this.pinned === undefined ? saved.hosts : overrideHosts(this.pinned);
      const state = SessionState.fromSaved({ ...saved, hosts }, this.options.dedupeWindow ?? 5000, this.options.contactLimits);
      this.resuming = state;
      this.state.next({ status: 'initializing' });
      return drain$(this.loopDeps(() => state)).pipe(
        retryBackoff({ count: 3, initialDelay: 1000 }),
        last(undefined, 0),
        map((): Established => ({ type: 'established', state, resumed: true })),
      );
    }).pipe(
      catchError((error: unknown) => {
        const hosts = this.resuming?.hosts ?? saved.hosts;
        this.resuming = undefined;
        return isRetcodeError(error) ? this.fallbackLogin$(saved.credentials.uin, hosts, true) : throwError(() => error);
      }),
    );
  }

  /**
   * Push login for `uin`; if the server or the phone refuses it and QR is allowed, a fresh QR login. Both go to the
   * session's own hosts (`hosts`), never elsewhere.
   */
  private fallbackLogin$(uin: number, hosts: Hosts, allowQr: boolean): Observable<LoginStep> {
    const deps = this.loginDeps(hosts);
    return this.establish$(pushLogin$(deps, uin)).pipe(
      catchError((error: unknown) =>
        allowQr && (isRetcodeError(error) || isQrExpiredError(error)) ? this.establish$(qrLogin$(deps)) : throwError(() => error),
      ),
    );
  }

  private track(step: LoginStep): void {
    switch (step.type) {
      case 'uuid':
        this.state.next({ status: 'waiting-for-scan', uuid: step.uuid, qrUrl: step.qrUrl });
        break;
      case 'scanned':
        this.state.next({ status: 'scanned' });
        break;
      case 'confirmed':
        this.state.next({ status: 'initializing' });
        break;
      default:
        break;
    }
  }

  private goOnline(state: SessionState, resumed: boolean): LoginEvent {
    this.session = state;
    this.resuming = undefined;
    // A resumed session starts without contacts: the address book is loaded again in the background.
    this.contactsRuntime.attach(state, resumed);
    this.state.next({ status: 'online', user: state.user });
    this.startSaving();
    this.saver.request();
    this.startBacklogWindow();
    this.loop?.unsubscribe();
    this.loop = syncLoop$(this.loopDeps(() => this.requireSession())).subscribe({
      error: (error: unknown) => this.loopEnded(error),
    });
    return { type: 'logged-in', user: state.user, resumed };
  }

  /** The loop's relogin hook: push login (then QR if allowed); resolves with the new session. */
  private relogin$(error: SessionEndedError): Observable<SessionState> {
    const session = this.session;
    this.state.next({ status: 'reconnecting', error });
    if (session === undefined) return throwError(() => error);
    return this.fallbackLogin$(session.credentials.uin, session.hosts, this.options.relogin === 'push-then-qr').pipe(
      tap((step) => this.track(step)),
      filter((step): step is Established => step.type === 'established'),
      take(1),
      map(({ state }) => {
        this.session = state;
        this.contactsRuntime.attach(state, false);
        this.state.next({ status: 'online', user: state.user });
        this.saver.request();
        return state;
      }),
    );
  }

  private loopEnded(error: unknown): void {
    this.contactsRuntime.detach();
    this.session = undefined;
    this.loop = undefined;
    const reason: LogoutReason = isSessionEndedError(error)
      ? { type: 'session-ended', retcode: error.retcode, error }
      : { type: 'failed', error };
    this.state.next({ status: 'logged-out', reason });
    void this.releaseLock();
  }

  private emit(event: WxEvent): void {
    if (this.log !== undefined) logEvent(this.log, event);
    this.hub.next(event);
  }

  /** A stream nobody has subscribed to a while after the first login stops keeping a backlog for nobody. */
  private startBacklogWindow(): void {
    if (this.backlogTimer !== undefined) return;
    this.backlogTimer = setTimeout(() => this.hub.releaseUnclaimed(), this.options.backlogMs ?? 60_000);
    this.backlogTimer.unref?.();
  }

  /** 1205 waits show on `events$` while they last. */
  private noticeRetry(notice: RetryNotice): void {
    if (notice.outcome !== 'rate-limited' || !isRetcodeError(notice.error)) return;
    this.emit({ type: 'rate-limited', endpoint: notice.error.endpoint, delayMs: notice.delayMs, until: this.env.now() + notice.delayMs });
  }

  // Persistence

  /** Cookie changes (a renewed ticket) are saved like batches, through the same one-at-a-time saver. */
  private startSaving(): void {
    if (this.options.store === undefined || this.cookieSaves !== undefined) return;
    this.cookieSaves = this.jar.changes$.subscribe(() => this.saver.request());
  }

  private async saveNow(): Promise<void> {
    const store = this.options.store;
    const state = this.session ?? this.resuming;
    if (store === undefined || state === undefined) return;
    try {
      await store.save(state.toSaved(this.jar.toJSON(), this.env.now()));
    } catch (error) {
      // The previous save stays in place and the next batch tries again; the user hears of it.
      const storeError = isSessionStoreError(error) ? error : new SessionStoreError('save', 'the store failed', { cause: error });
      this.emit({ type: 'store-problem', error: storeError });
    }
  }

  /** Whether this client may change the saved session: the store has no lock, or this client holds (or gets) it. */
  private async holdsSession(): Promise<boolean> {
    const store = this.options.store;
    if (store?.lock === undefined || this.sessionLock !== undefined) return true;
    try {
      this.sessionLock = await store.lock();
      return true;
    } catch {
      return false;
    }
  }

  private async releaseLock(): Promise<void> {
    const lock = this.sessionLock;
    this.sessionLock = undefined;
    await lock?.release().catch(() => undefined);
  }

  private stopLoops(): void {
    this.loop?.unsubscribe();
    this.loop = undefined;
  }

  private async teardown(endedBy: 'logout' | 'close'): Promise<void> {
    if (this.endedBy !== undefined) return;
    this.endedBy = endedBy;
    this.stopLoops();
    this.cookieSaves?.unsubscribe();
    this.cookieSaves = undefined;
    clearTimeout(this.backlogTimer);
    // A close called from a message handler runs in the middle of a batch: let the batch finish (its messages are
    // delivered and its key applied) before the session is saved, so a resume neither repeats nor skips them.
    await Promise.resolve();
    await this.saver.settled;
    if (endedBy === 'logout') {
      this.jar.clear();
      if (await this.holdsSession()) await this.options.store?.clear().catch(() => undefined);
    } else await this.saveNow();
    await this.releaseLock();
    this.contactsRuntime.complete();
    this.session = undefined;
    await this.ownTransport?.close();
    const reason: LogoutReason = { type: endedBy === 'logout' ? 'logout' : 'closed' };
    this.finalState = { status: 'logged-out', reason };
    this.state.next(this.finalState);
    this.state.complete();
    this.hub.complete();
  }

  // Operations

  private opsContext(): OpsContext {
    const rateLimited = { count: 5, initialDelay: 2000, maxDelay: 60_000, ...this.options.sendRetry };
    const resolver = (operation: string) => {
      this.requireOnline(operation);
      const queue = this.contactsRuntime.queue;
      if (queue === undefined) throw new NotOnlineError(operation, this.state.value.status);
      return queue;
    };
    return {
      env: this.env,
      online: (operation) => this.requireOnline(operation),
      transport: () => this.http(),
      sessionContext: (state) => this.context(state),
      cookie: (name, url) => {
        // The jar of the transport itself: the guard and log wrappers around it have none.
        const given = typeof this.options.transport === 'object' ? (this.options.transport as Partial<ClosableTransport>) : undefined;
        return (given?.jar instanceof WxCookieJar ? given.jar : this.jar).get(name, url);
      },
      limitSend: (work) => this.limiter(work),
      rateLimited,
      sendPolicy: { rateLimited, transient: { count: 0 }, onRetry: (notice) => this.noticeRetry(notice) },
      knownChat: (operation, chat) => defer(() => knownChat$(operation, chat, this.requireOnline(operation), resolver(operation))),
      transfer: this.options.transfer,
      resolver,
    };
  }

  // Plumbing

  private http(): Transport {
    if (this.transport === undefined) {
      this.ownTransport = this.options.transport === 'undici' ? createUndiciTransport({ jar: this.jar }) : createKyTransport({ jar: this.jar });
      this.transport = this.wrapTransport(this.ownTransport);
    }
    return this.transport;
  }

  /** Every request passes the origin guard (nothing leaves for a host the client may not talk to), then the log. */
  private wrapTransport(transport: Transport): Transport {
    const guarded = originGuard(transport, () => this.pinned);
    return this.log === undefined ? guarded : loggingTransport(guarded, this.log, this.env.now);
  }

  private requireSession(): SessionState {
    if (this.session === undefined) throw new NotOnlineError('sync', this.state.value.status);
    return this.session;
  }

  private requireOnline(operation: string): SessionState {
    const state = this.state.value;
    if (state.status !== 'online' || this.session === undefined) throw new NotOnlineError(operation, state.status);
    return this.session;
  }

  private context(state: SessionState) {
    return sessionContext(this.sessionDeps(), state);
  }

  /** The login's hosts: the pinned origin's, else a session's own (a fallback login), else the WeChat defaults. */
  private loginDeps(hosts?: Hosts): LoginDeps {
    return {
      transport: this.http(),
      env: this.env,
      hosts: this.pinned === undefined ? (hosts ?? defaultHosts()) : defaultHosts(this.pinned),
      server: this.pinned,
      desktop: { desktop: this.options.desktop ?? true, ...(this.options.extspam ? { extspam: this.options.extspam } : {}) },
      timeouts: this.options.timeouts,
      maxQrRefresh: this.options.maxQrRefresh ?? 5,
    };
  }

  private sessionDeps(): SessionDeps {
    return {
      transport: this.http(),
      env: this.env,
      timeouts: this.options.timeouts,
      dedupeCapacity: this.options.dedupeWindow ?? 5000,
      contacts: () => {
        const previousIds = this.session?.contacts.stableIds() ?? this.savedStableIds;
        const limits = this.options.contactLimits;
        return { ...(previousIds === undefined ? {} : { previousIds }), ...(limits === undefined ? {} : { limits }) };
      },
    };
  }

  private loopDeps(state: () => SessionState): SyncLoopDeps {
    const relogin = this.options.relogin ?? 'push';
    const retry: RetryOnRetcodeConfig = {
      ...this.options.loopRetry,
      onRetry: (notice) => this.noticeRetry(notice),
      ...(relogin === false ? {} : { relogin: (error: SessionEndedError) => this.relogin$(error) }),
    };
    return {
      ...this.sessionDeps(),
      state,
      emit: (event) => this.emit(event),
      synced: () => this.saver.request(),
      saving: () => this.saver.settled,
      retry,
      emptySyncLimit: 3,
      emptySyncPauseMs: 1000,
    };
  }
}

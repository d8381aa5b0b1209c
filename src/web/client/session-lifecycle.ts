import {
  BehaviorSubject,
  catchError,
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
  switchMap,
  take,
  tap,
  throwError,
} from 'rxjs';
import { ClientClosedError } from '../../errors/client-closed-error.js';
import { isRetcodeError, isSessionEndedError } from '../../errors/guards.js';
import { NotOnlineError } from '../../errors/not-online-error.js';
import type { SessionEndedError } from '../../errors/session-ended-error.js';
import type { Logger } from '../../logging/logger.js';
import type { RawContact } from '../../model/raw/shapes.js';
import { retryBackoff } from '../../retry/retry-backoff.js';
import type { Backoff } from '../../retry/retry-on-retcode.js';
import { call } from './call.js';
import { webwxlogout } from '../protocol/endpoints/account.js';
import type { Env, SessionContext } from '../protocol/endpoints/context.js';
import { type Hosts, overrideHosts } from '../protocol/hosts.js';
import type { SavedSession } from '../session/saved-session.js';
import type { CommitSink } from '../../session/commit-sink.js';
import { CommittedState } from '../../session/committed-state.js';
import type { WxMessage } from '../../model/message.js';
import type { ClientEvents } from './client-events.js';
import { logState } from './client-log.js';
import type { ClientTransport } from './client-transport.js';
import { ContactsRuntime } from './contacts-runtime.js';
import { type Established, type LoginStep, LoginSteps } from './login-steps.js';
import type { ClientOptions } from './options.js';
import { createRateLimiter, unlimited } from './rate-limiter.js';
import { Receiver } from './receiver.js';
import { type SessionDeps, sessionContext } from './session-init.js';
import { SessionPersistence } from './session-persistence.js';
import { SessionState } from './session-state.js';
import { drain$, type SyncLoopDeps, syncLoop$ } from './sync-loop.js';
import type { ClientState, LoginEvent, LogoutReason } from './types.js';

/** What a lifecycle is built on. */
export interface LifecycleDeps {
  readonly options: ClientOptions;
  readonly env: Env;
  readonly log: Logger | undefined;
  readonly events: ClientEvents;
  readonly transport: ClientTransport;
  /** Back-off of contact lookups answered 1205. */
  readonly rateLimited: Backoff;
}

/** The parts a lifecycle drives, each owning one job of the client. */
interface LifecycleParts extends LifecycleDeps {
  readonly persistence: SessionPersistence;
  readonly contacts: ContactsRuntime;
  readonly receiver: Receiver;
}

/**
 * A client's sessions over time: the login (QR, or a saved session proven by one webwxsync, with push then QR
 * login on the session's own hosts as fallbacks), the state stream, the receive loop of the online session, the
 * relogin when the server ends it, and the end (logout or close). It drives the session's saving, its contacts
 * and its receive loop, each a part of its own.
 */
export class SessionLifecycle {
  readonly login$: Observable<LoginEvent>;
  readonly state$: Observable<ClientState>;
  /** The contact store of the online session, as `contacts$` and a lookup queue. */
  readonly contacts: ContactsRuntime;
  private readonly parts: LifecycleParts;
  private readonly logins: LoginSteps;
  private readonly state = new BehaviorSubject<ClientState>({ status: 'logged-out', reason: { type: 'not-started' } });
  /** The last state, replayed to whoever subscribes to `state$` after the client ended. */
  private finalState: ClientState | undefined;
  private endedBy: 'logout' | 'close' | undefined;
  private session: SessionState | undefined;
  /** A saved session being proven by its first webwxsync: saved like an online one, so no batch goes unsaved. */
  private resuming: SessionState | undefined;
  private loginInProgress: Observable<LoginEvent> | undefined;
  /** With a commit sink: what the store may save (cookies aside), and the commit still out. */
  private readonly commits = new CommittedState<SavedSession>();

  constructor(deps: LifecycleDeps) {
    const { options, events, transport } = deps;
    const now = () => deps.env.now();
    const persistence = new SessionPersistence({ options, toSave: (cookies, at) => this.toSave(cookies, at), jar: () => transport.jar, now, report: (event) => events.emit(event) });
    this.contacts = new ContactsRuntime({
      transport: () => transport.http(),
      context: (state) => this.context(state),
      sessionDeps: () => this.sessionDeps(),
      limit: options.contactBatchRate === false ? unlimited : createRateLimiter(options.contactBatchRate ?? { intervalMs: 1000, burst: 1 }),
      rateLimited: deps.rateLimited,
      now,
    });
    // With a sink, the commit saved the session with the batch.
    const receiver = new Receiver({ events, contacts: this.contacts, persistence, saveAfterBatch: options.sink === undefined });
    // Object.assign, not a spread: Node 20's V8 gives every object a spread builds a hidden class of its own (about
    // 300 bytes each here), where assigned ones share one.
    this.parts = Object.assign({}, deps, { persistence, contacts: this.contacts, receiver });
    this.logins = new LoginSteps({ options, env: deps.env, transport, sessionDeps: () => this.sessionDeps() });
    const log = deps.log;
    if (log !== undefined) this.state.subscribe((state) => logState(log, state));
    this.state$ = defer(() => (this.finalState === undefined ? this.state : of(this.finalState)));
    this.login$ = defer(() => {
      const current = this.state.value;
      if (this.endedBy !== undefined) return throwError(() => new ClientClosedError('login', this.endedBy ?? 'close'));
      return current.status === 'online' ? of<LoginEvent>({ type: 'logged-in', user: current.user, resumed: true }) : this.sharedLogin$();
    });
  }

  /**
   * The login in progress, shared by everyone who subscribes while it runs; made for each login and let go when it
   * ends, so a session online keeps none of its operators (about 0.9 KB).
   */
  private sharedLogin$(): Observable<LoginEvent> {
    if (this.loginInProgress !== undefined) return this.loginInProgress;
    // Let go as `share` resets (before the end reaches the subscribers), so one that subscribes again from its error
    // handler or through `retry` starts the next login instead of finding this one; only this login's own sharing.
    const letGo = (): Observable<true> => {
      if (this.loginInProgress === shared) this.loginInProgress = undefined;
      return of(true);
    };
    const shared = defer(() => this.runLogin$()).pipe(share({ resetOnError: letGo, resetOnComplete: letGo, resetOnRefCountZero: letGo }));
    this.loginInProgress = shared;
    return shared;
  }

  get user(): RawContact | undefined {
    return this.session?.user;
  }

  /** The session to save: the online one, else one being resumed. */
  get current(): SessionState | undefined {
    return this.session ?? this.resuming;
  }

  /** The session the store saves: the current one, or with a commit sink the last committed one with today's cookies. */
  private toSave(cookies: unknown, savedAt: number): SavedSession | undefined {
    if (this.parts.options.sink === undefined) return this.current?.toSaved(cookies, savedAt);
    const committed = this.commits.saved;
    return committed === undefined ? undefined : { ...committed, cookies, savedAt };
  }

  /** With a commit sink: `state` is durable as it is now (loaded, or between batches), so the store may save it. */
  private durable(state: SessionState): void {
    if (this.parts.options.sink !== undefined) this.commits.saved = state.toSaved(this.parts.transport.jar.serialize(), this.parts.env.now());
  }

  /** The online session, or a thrown `NotOnlineError` naming `operation`. */
  requireOnline(operation: string): SessionState {
    const state = this.state.value;
    if (state.status !== 'online' || this.session === undefined) throw new NotOnlineError(operation, state.status);
    return this.session;
  }

  /** The online session, if any (contact lookups work on it between states too). */
  get online(): SessionState | undefined {
    return this.session;
  }

  get status(): ClientState['status'] {
    return this.state.value.status;
  }

  context(state: SessionState): SessionContext {
    return sessionContext(this.sessionDeps(), state);
  }

  sessionDeps(): SessionDeps {
    const { options } = this.parts;
    return {
      transport: this.parts.transport.http(),
      env: this.parts.env,
      timeouts: options.timeouts,
      dedupeCapacity: options.dedupeWindow ?? 5000,
      recentIds: () => this.session?.seen.toArray() ?? [],
      contacts: () => {
        const previousIds = this.session?.contacts.stableIds() ?? this.parts.persistence.savedStableIds;
        const limits = options.contactLimits;
        return { ...(previousIds === undefined ? {} : { previousIds }), ...(limits === undefined ? {} : { limits }) };
      },
    };
  }

  /** Logs out on the server, stops every loop, forgets the saved session and completes the streams. */
  logout(): Observable<void> {
    return defer(() => {
      const state = this.session;
      // Stop listening first: the server answers the next poll with 1101 once logged out, which is no session end.
      this.parts.receiver.stop();
      const request$ =
        state === undefined
          ? of(undefined)
          : call(this.parts.transport.http(), webwxlogout, this.context(state), undefined).pipe(catchError(() => of(undefined)));
      return request$.pipe(switchMap(() => from(this.teardown('logout'))));
    });
  }

  /** Stops every loop and saves the session for a later resume, without logging out. */
  close(): Observable<void> {
    return defer(() => from(this.teardown('close')));
  }

  // Login

  private runLogin$(): Observable<LoginEvent> {
    return from(this.prepare()).pipe(
      switchMap((saved) => (saved === undefined ? this.logins.qr$() : this.resume$(saved))),
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
        void this.parts.persistence.releaseLock();
      }),
    );
  }

  /** Loads the saved session (under the store's lock) and readies the transport for it. */
  private async prepare(): Promise<SavedSession | undefined> {
    const saved = await this.parts.persistence.load();
    this.parts.transport.adopt(saved);
    return saved;
  }

  /**
   * Resumes a saved session: one webwxsync with the saved key proves the server still accepts it (and delivers
   * what arrived meanwhile). A refusal falls back to push login, then QR login, on the same origin.
   */
  private resume$(saved: SavedSession): Observable<LoginStep> {
    return defer(() => {
      const pinned = this.parts.transport.pinned;
      const hosts: Hosts = pinned === undefined ? saved.hosts : overrideHosts(pinned);
      const state = SessionState.fromSaved({ ...saved, hosts }, this.parts.options.dedupeWindow ?? 5000, this.parts.options.contactLimits);
      this.resuming = state;
      this.durable(state);
      this.state.next({ status: 'initializing' });
      return drain$(this.loopDeps(() => state)).pipe(
        tap((output) => this.parts.receiver.deliver(output)),
        retryBackoff({ count: 3, initialDelay: 1000 }),
        last(undefined, 0),
        map((): Established => ({ type: 'established', state, resumed: true })),
      );
    }).pipe(
      catchError((error: unknown) => {
        const hosts = this.resuming?.hosts ?? saved.hosts;
        this.resuming = undefined;
        return isRetcodeError(error) ? this.logins.fallback$(saved.credentials.uin, hosts, true) : throwError(() => error);
      }),
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
    const { contacts, persistence, events, receiver } = this.parts;
    this.session = state;
    this.resuming = undefined;
    this.durable(state);
    // A resumed session starts without contacts: the address book is loaded again in the background.
    contacts.attach(state, resumed);
    this.state.next({ status: 'online', user: state.user });
    persistence.watchCookies();
    persistence.request();
    events.startBacklogWindow();
    receiver.start(syncLoop$(this.loopDeps(() => this.requireSession())), (error) => this.loopEnded(error));
    return { type: 'logged-in', user: state.user, resumed };
  }

  /** The loop's relogin hook: push login (then QR if allowed); resolves with the new session. */
  private relogin$(error: SessionEndedError): Observable<SessionState> {
    const session = this.session;
    this.state.next({ status: 'reconnecting', error });
    if (session === undefined) return throwError(() => error);
    return this.logins.fallback$(session.credentials.uin, session.hosts, this.parts.options.relogin === 'push-then-qr').pipe(
      tap((step) => this.track(step)),
      filter((step): step is Established => step.type === 'established'),
      take(1),
      map(({ state }) => {
        this.session = state;
        this.durable(state);
        this.parts.contacts.attach(state, false);
        this.state.next({ status: 'online', user: state.user });
        this.parts.persistence.request();
        return state;
      }),
    );
  }

  private loopEnded(error: unknown): void {
    this.parts.contacts.detach();
    this.session = undefined;
    this.commits.saved = undefined;
    const reason: LogoutReason = isSessionEndedError(error)
      ? { type: 'session-ended', retcode: error.retcode, error }
      : { type: 'failed', error };
    // Announced once the store is free: a bot that logs in again on `logged-out` must not find its own lock.
    void this.parts.persistence.releaseLock().then(() => this.state.next({ status: 'logged-out', reason }));
  }

  private async teardown(endedBy: 'logout' | 'close'): Promise<void> {
    if (this.endedBy !== undefined) return;
    const { receiver, persistence, events, transport, contacts } = this.parts;
    this.endedBy = endedBy;
    receiver.stop();
    persistence.stopWatchingCookies();
    events.stopBacklogWindow();
    // A close called from a message handler runs in the middle of a batch: let the batch finish (its messages are
    // delivered and its key applied) before the session is saved, so a resume neither repeats nor skips them.
    await Promise.resolve();
    await persistence.settled;
    // A commit still out decides what the close saves: the state it makes durable, or the one before it.
    await this.commits.inFlight;
    if (endedBy === 'logout') {
      transport.jar.clear();
      await persistence.forget();
    } else await persistence.save();
    await persistence.releaseLock();
    contacts.complete();
    this.session = undefined;
    await transport.close();
    const reason: LogoutReason = { type: endedBy === 'logout' ? 'logout' : 'closed' };
    this.finalState = { status: 'logged-out', reason };
    this.state.next(this.finalState);
    this.state.complete();
    events.complete();
  }

  // Dependencies of the flows

  private requireSession(): SessionState {
    if (this.session === undefined) throw new NotOnlineError('sync', this.state.value.status);
    return this.session;
  }

  private committer(sink: CommitSink<WxMessage, SavedSession>): NonNullable<SyncLoopDeps['commit']> {
    const { transport, env } = this.parts;
    return (messages, state) => this.commits.commit(sink, { account: state.user.UserName, messages, state: state.toSaved(transport.jar.serialize(), env.now()) });
  }

  private loopDeps(state: () => SessionState): SyncLoopDeps {
    const { options, persistence } = this.parts;
    const relogin = options.relogin ?? 'push';
    // Assigned onto the fresh object `sessionDeps` makes, not spread (see the constructor).
    return Object.assign(
      this.sessionDeps(),
      {
        state,
        saving: () => persistence.settled,
        // A -1 to a poll is retried a few times (it repeats nothing) before it ends the session as a failure.
        retry: Object.assign({ genericRetries: 3 }, options.loopRetry, relogin === false ? {} : { relogin: (error: SessionEndedError) => this.relogin$(error) }),
        emptySyncLimit: 3,
        emptySyncPauseMs: 1000,
      },
      options.sink === undefined ? {} : { commit: this.committer(options.sink) },
    );
  }
}

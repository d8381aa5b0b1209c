import {
  BehaviorSubject,
  catchError,
  concatMap,
  defer,
  EMPTY,
  filter,
  finalize,
  from,
  map,
  merge,
  type Observable,
  of,
  type SchedulerLike,
  share,
  Subject,
  switchMap,
  takeUntil,
  tap,
  throwError,
} from 'rxjs';
import { ClientClosedError } from '../../errors/client-closed-error.js';
import { isNetworkError, isSessionEndedError, isTimeoutError } from '../../errors/guards.js';
import { NotOnlineError } from '../../errors/not-online-error.js';
import type { SessionEndedError } from '../../errors/session-ended-error.js';
import type { Logger } from '../../logging/logger.js';
import { IlinkLoginError } from '../errors/ilink-login-error.js';
import { describeIlinkRetcode } from '../errors/ilink-retcode-error.js';
import { notifyStart, notifyStop } from '../protocol/endpoints/lifecycle.js';
import type { BoundBot } from '../protocol/login-status.js';
import type { IlinkMessage } from '../protocol/messages/ilink-message.js';
import type { IlinkSavedSession } from '../session/saved-session.js';
import type { CommitSink } from '../../session/commit-sink.js';
import { CommittedState } from '../../session/committed-state.js';
import type { Hosts } from './hosts.js';
import type { IlinkHttp } from './http.js';
import { qrLogin$, type QrFlowStep } from './login-flow.js';
import type { IlinkClientOptions, PollRetryConfig } from './options.js';
import { SessionPersistence } from './persistence.js';
import { type LoopOutput, receiveLoop$ } from './receive-loop.js';
import { IlinkSession, type SessionLimits } from './session.js';
import type { IlinkClientState, IlinkEvent, IlinkLoginStep, IlinkLogoutReason } from './types.js';

export interface LifecycleDeps {
  readonly options: IlinkClientOptions;
  readonly http: IlinkHttp;
  readonly hosts: Hosts;
  readonly scheduler: SchedulerLike;
  readonly now: () => number;
  readonly random: () => number;
  readonly log: Logger | undefined;
}

const DEFAULT_RETRY: Required<PollRetryConfig> = { failuresBeforePause: 3, delayMs: 2000, pauseMs: 30_000, jitter: true };

const isEvent = (output: LoopOutput): output is IlinkEvent =>
  output.type !== 'batch-delivered' && output.type !== 'paused' && output.type !== 'resumed' && output.type !== 'stopped';

/**
 * A client's bot session over time: the login (a saved session resumed, or a QR binding), the state stream, the
 * receive loop — which runs while the session is online and `events$` or `messages$` has a subscriber, so nothing is
 * fetched that nobody takes, and the cursor stays where delivery stopped — the end of a session when its token dies,
 * and the end of the client (`close`, `logout`).
 */
export class IlinkLifecycle {
  readonly login$: Observable<IlinkLoginStep>;
  readonly state$: Observable<IlinkClientState>;
  readonly events$: Observable<IlinkEvent>;
  readonly messages$: Observable<IlinkMessage>;
  private readonly state = new BehaviorSubject<IlinkClientState>({ status: 'logged-out', reason: { type: 'not-started' } });
  /** The online session; the receive loop follows it (none: no loop). */
  private readonly session$ = new BehaviorSubject<IlinkSession | undefined>(undefined);
  /** Events that happen outside the loop (store problems, a failed start notice). */
  private readonly side = new Subject<IlinkEvent>();
  /** Fires when `close` or `logout` starts: a login still running fails with `ClientClosedError`. */
  private readonly ending = new Subject<void>();
  private readonly persistence: SessionPersistence;
  private readonly limits: SessionLimits;
  /** The session to save: the online one, or the one just ended by `close`. */
  private saving: IlinkSession | undefined;
  /** With a commit sink: what the store may save, and the commit still out. */
  private readonly commits = new CommittedState<IlinkSavedSession>();
  private endedBy: 'logout' | 'close' | undefined;
  private finalState: IlinkClientState | undefined;

  constructor(private readonly deps: LifecycleDeps) {
    const { options } = deps;
    this.limits = { dedupeWindow: options.dedupeWindow ?? 5000, maxGenerating: options.maxGenerating ?? 100, mediaRefs: options.mediaRefs ?? 5000 };
    this.persistence = new SessionPersistence({
      store: options.store,
      onBadSession: options.onBadSession ?? 'fail',
      toSave: (now) => (this.deps.options.sink === undefined ? (this.session$.value ?? this.saving)?.toSaved(now) : this.commits.saved),
      now: deps.now,
      report: (event) => this.report(event),
    });
    const log = deps.log;
    if (log !== undefined) this.state.subscribe((state) => log.info({ status: state.status, ...(state.status === 'logged-out' ? { reason: state.reason.type } : {}) }, 'client state'));
    this.state$ = defer(() => (this.finalState === undefined ? this.state : of(this.finalState)));
    const loop$ = this.session$.pipe(switchMap((session) => (session === undefined ? EMPTY : this.loop$(session))));
    this.events$ = defer(() => (this.endedBy === undefined ? merge(this.side, loop$) : EMPTY)).pipe(share());
    this.messages$ = this.events$.pipe(
      filter((event): event is Extract<IlinkEvent, { type: 'message' }> => event.type === 'message'),
      map((event) => event.message),
    );
    const sharedLogin$ = defer(() => this.runLogin$()).pipe(share());
    this.login$ = defer(() => {
      if (this.endedBy !== undefined) return throwError(() => new ClientClosedError('login', this.endedBy ?? 'close'));
      const session = this.session$.value;
      return session === undefined ? sharedLogin$ : of(loggedIn(session, true));
    });
  }

  /** The online session, or a thrown `NotOnlineError` naming `operation` (a paused session counts as online: sends may work). */
  online(operation: string): IlinkSession {
    const session = this.session$.value;
    if (session === undefined) throw new NotOnlineError(operation, this.endedBy === undefined ? this.state.value.status : 'closed');
    return session;
  }

  /**
   * A call outside the receive loop (a send, typing, a media upload) got -14 for `token`. With `onSessionEnded:
   * 'stop'` the session that holds it ends as if the loop had seen it (`session-ended` event, state `logged-out`, the
   * saved session forgotten), so a bot that only sends learns that it needs a QR login; with `retryAfterMs` the
   * receive loop decides, as it does for its own -14.
   */
  staleToken(token: string, error: SessionEndedError): void {
    const session = this.session$.value;
    if (session === undefined || session.bot.token !== token || this.endedBy !== undefined) return;
    if ((this.deps.options.onSessionEnded ?? 'stop') !== 'stop') return;
    this.report({ type: 'session-ended', retcode: error.retcode, reason: describeIlinkRetcode(error.retcode), error });
    this.endSession(session, error);
  }

  /** Stops the loop, tells the server, saves the session for a later resume, and completes the streams. */
  close(): Observable<void> {
    return defer(() => from(this.teardown('close')));
  }

  /** Like `close`, but forgets the saved session: the next run starts with a QR login. */
  logout(): Observable<void> {
    return defer(() => from(this.teardown('logout')));
  }

  // Login

  private runLogin$(): Observable<IlinkLoginStep> {
    const ended$ = this.ending.pipe(
      map(() => {
        throw new ClientClosedError('login', this.endedBy ?? 'close');
      }),
    );
    return from(this.persistence.load()).pipe(
      switchMap((saved) => (saved === undefined ? this.qr$() : this.resume$(saved))),
      takeUntil(ended$),
      tap({ error: (error: unknown) => this.state.next({ status: 'logged-out', reason: { type: 'failed', error } }) }),
      finalize(() => {
        if (this.session$.value !== undefined || this.endedBy !== undefined) return;
        // Everyone left before the login finished (or it failed): nothing runs, so nothing holds the session.
        if (this.state.value.status !== 'logged-out') this.state.next({ status: 'logged-out', reason: { type: 'cancelled' } });
        void this.persistence.releaseLock();
      }),
    );
  }

  /**
   * Resumes a saved session without a scan: `notifystart` tells the server and proves the token; a -14 means the
   * token is dead, so the saved session is forgotten and a QR login follows (the dead token is not offered in
   * `local_token_list`). Other failures of the notice are reported and ignored, as Tencent's client does.
   */
  private resume$(saved: IlinkSavedSession): Observable<IlinkLoginStep> {
    return defer(() => {
      const { hosts } = this.deps;
      if (saved.bot.baseUrl !== '') hosts.adopt(saved.bot.baseUrl);
      const session = new IlinkSession(saved.bot, hosts.apiBase(saved.bot.baseUrl, 'getupdates'), this.limits, saved);
      return this.notifyStart$(session).pipe(
        switchMap((alive) => {
          if (alive) return of(this.goOnline(session, true));
          this.deps.log?.warn({ botId: saved.bot.botId }, 'saved session refused (-14): starting a QR login');
          return from(this.persistence.forget()).pipe(switchMap(() => this.qr$()));
        }),
      );
    });
  }

  private qr$(): Observable<IlinkLoginStep> {
    const { options, http, hosts, scheduler } = this.deps;
    const flow$ = qrLogin$({
      http,
      hosts,
      scheduler,
      pollIntervalMs: options.qrPollIntervalMs ?? 1000,
      timeoutMs: options.loginTimeoutMs ?? 480_000,
      // This client starts a QR login only when it holds no live token (none saved, or the saved one answered -14).
      localTokens: [],
      random: this.deps.random,
    });
    return flow$.pipe(concatMap((step) => this.loginStep$(step)));
  }

  private loginStep$(step: QrFlowStep): Observable<IlinkLoginStep> {
    switch (step.type) {
      case 'qr':
        this.state.next({ status: 'waiting-for-scan', qrUrl: step.qrUrl });
        return of(step);
      case 'scanned':
        this.state.next({ status: 'scanned' });
        return of(step);
      case 'bound':
        return this.bound$(step.bot);
      case 'already-bound':
        return throwError(() => new IlinkLoginError('the server says this bot is already bound to this client (binded_redirect), but it holds no session of it'));
      default:
        return of(step);
    }
  }

  /** A confirmed binding: a new session (the bot's own API base), started with `notifystart`, saved, online. */
  private bound$(bot: BoundBot): Observable<IlinkLoginStep> {
    return defer(() => {
      const apiBase = this.deps.hosts.apiBase(bot.baseUrl, 'get_qrcode_status');
      const session = new IlinkSession({ token: bot.token, botId: bot.botId, userId: bot.userId, baseUrl: bot.baseUrl ?? '' }, apiBase, this.limits);
      return this.notifyStart$(session).pipe(
        map((alive) => {
          if (!alive) throw new IlinkLoginError('the new bot token was refused at once (-14)');
          return this.goOnline(session, false);
        }),
      );
    });
  }

  /** `notifystart` (docs/ilink-protocol.md §9): false when the token is dead (-14); other failures are reported, then ignored. */
  private notifyStart$(session: IlinkSession): Observable<boolean> {
    return this.deps.http.call(notifyStart, session.apiBase, session.bot.token, undefined).pipe(
      map(() => true),
      catchError((error: unknown) => {
        if (isSessionEndedError(error)) return of(false);
        if (isNetworkError(error) || isTimeoutError(error)) this.report({ type: 'network-problem', error });
        else this.deps.log?.warn({ error }, 'notifystart failed');
        return of(true);
      }),
    );
  }

  private goOnline(session: IlinkSession, resumed: boolean): IlinkLoginStep {
    this.saving = session;
    if (this.deps.options.sink !== undefined) this.commits.saved = session.toSaved(this.deps.now());
    this.session$.next(session);
    this.state.next({ status: 'online', botId: session.bot.botId, userId: session.bot.userId });
    this.persistence.request();
    return loggedIn(session, resumed);
  }

  // The receive loop

  private loop$(session: IlinkSession): Observable<IlinkEvent> {
    const { options, http, scheduler } = this.deps;
    const stopsOnDeadToken = (options.onSessionEnded ?? 'stop') === 'stop';
    return receiveLoop$({
      http,
      session,
      scheduler,
      retry: Object.assign({}, DEFAULT_RETRY, options.pollRetry),
      onSessionEnded: options.onSessionEnded ?? 'stop',
      now: this.deps.now,
      random: this.deps.random,
      saving: () => this.persistence.settled,
      ...(options.sink === undefined ? {} : { commit: commitThrough(options.sink, session, this.commits, { now: this.deps.now, stored: options.store !== undefined }) }),
    }).pipe(
      tap((output) => {
        switch (output.type) {
          case 'batch-delivered':
            // With a sink, the commit saved the session with the batch.
            if (output.changed && options.sink === undefined) this.persistence.request();
            break;
          case 'paused':
            this.state.next({ status: 'paused', until: output.until, error: output.error });
            break;
          case 'resumed':
            this.state.next({ status: 'online', botId: session.bot.botId, userId: session.bot.userId });
            break;
          case 'stopped':
            this.endSession(session, output.error);
            break;
          case 'session-ended':
            this.deps.log?.warn({ event: output.type, retcode: output.retcode }, output.error.message);
            // Ended at the event itself: its subscriber may leave right there, before `stopped` comes.
            if (stopsOnDeadToken) this.endSession(session, output.error);
            break;
          case 'message':
            break;
          default:
            this.deps.log?.warn({ event: output.type, error: output.error }, output.error.message);
        }
      }),
      filter(isEvent),
    );
  }

  /** Ends `session` once the loop's delivery is over: ending it ends the loop that reports it. */
  private endSession(session: IlinkSession, error: unknown): void {
    queueMicrotask(() => void this.sessionOver(session, error));
  }

  /** The loop stopped: a dead token (forgotten, so the next login is a QR login) or a failure no retry can fix. */
  private async sessionOver(session: IlinkSession, error: unknown): Promise<void> {
    if (this.session$.value !== session || this.endedBy !== undefined) return;
    this.session$.next(undefined);
    this.saving = undefined;
    this.commits.saved = undefined;
    const reason: IlinkLogoutReason = isSessionEndedError(error)
      ? { type: 'session-ended', retcode: (error as SessionEndedError).retcode, error: error as SessionEndedError }
      : { type: 'failed', error };
    if (reason.type === 'session-ended') await this.persistence.forget();
    await this.persistence.releaseLock();
    // Announced once the store is free: a bot that logs in again on `logged-out` must not find its own lock.
    this.state.next({ status: 'logged-out', reason });
  }

  // The end

  private async teardown(endedBy: 'logout' | 'close'): Promise<void> {
    if (this.endedBy !== undefined) return;
    const session = this.session$.value;
    this.endedBy = endedBy;
    this.ending.next();
    // Stops the loop (the held poll is aborted). A close called from a message handler lets that batch finish first.
    this.session$.next(undefined);
    await Promise.resolve();
    if (session !== undefined) {
      await new Promise<void>((resolve) => {
        this.deps.http.call(notifyStop, session.apiBase, session.bot.token, undefined).subscribe({ complete: resolve, error: () => resolve() });
      });
    }
    // A commit still out decides what the close saves: the state it makes durable, or the one before it.
    await this.commits.inFlight;
    if (endedBy === 'logout') await this.persistence.forget();
    else await this.persistence.flush();
    this.saving = undefined;
    await this.persistence.releaseLock();
    await this.deps.http.close();
    const reason: IlinkLogoutReason = { type: endedBy === 'logout' ? 'logout' : 'closed' };
    this.finalState = { status: 'logged-out', reason };
    this.state.next(this.finalState);
    this.state.complete();
    this.session$.complete();
    this.side.complete();
  }

  private report(event: IlinkEvent): void {
    if (event.type !== 'message') this.deps.log?.warn({ event: event.type, error: event.error }, event.error.message);
    this.side.next(event);
  }
}

/**
 * How long an idle bot's empty answers go uncommitted. Every answer brings a new cursor, but one without messages
 * leaves nothing to lose: resuming from the cursor committed before it misses nothing. So an idle bot costs the
 * fleet one commit per this period instead of one per long poll, and its stored cursor is never older than this.
 */
export const EMPTY_COMMIT_INTERVAL_MS = 10 * 60_000;

/**
 * The loop's commit through `sink`, recording in `commits` each state it made durable. With a store, the session it
 * starts with is saved already (loaded from it, or saved at login), so the first empty answer waits the interval too.
 */
function commitThrough(sink: CommitSink<IlinkMessage, IlinkSavedSession>, session: IlinkSession, commits: CommittedState<IlinkSavedSession>, { now, stored }: { readonly now: () => number; readonly stored: boolean }) {
  let committedAt = stored ? now() : Number.NEGATIVE_INFINITY;
  return async (messages: readonly IlinkMessage[]): Promise<void> => {
    const at = now();
    if (messages.length === 0 && at - committedAt < EMPTY_COMMIT_INTERVAL_MS) return;
    await commits.commit(sink, { account: session.bot.botId, messages, state: session.toSaved(at) });
    committedAt = at;
  };
}

function loggedIn(session: IlinkSession, resumed: boolean): IlinkLoginStep {
  return { type: 'logged-in', botId: session.bot.botId, userId: session.bot.userId, resumed };
}

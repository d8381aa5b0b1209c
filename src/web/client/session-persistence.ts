import type { Subscription } from 'rxjs';
import { isSessionStoreError } from '../../errors/guards.js';
import { SessionStoreError } from '../../errors/session-store-error.js';
import type { WxEvent } from '../../model/events.js';
import type { WxCookieJar } from '../../http/cookie-jar.js';
import type { SavedSession } from '../session/saved-session.js';
import type { SessionLock } from '../session/session-store.js';
import type { ClientOptions } from './options.js';
import { hasUsableHosts } from './origin-guard.js';
import { SessionSaver } from '../../session/session-saver.js';

export interface PersistenceDeps {
  readonly options: Pick<ClientOptions, 'store' | 'onBadSession'>;
  /** What to save with these cookies at `savedAt`, if anything. */
  readonly toSave: (cookies: unknown, savedAt: number) => SavedSession | undefined;
  readonly jar: () => WxCookieJar;
  readonly now: () => number;
  /** Store problems are events, not failures of the client. */
  readonly report: (event: WxEvent) => void;
}

/**
 * The client's side of its `SessionStore`: the lock that makes a session single-owner, loading a saved session,
 * and saving the current one one save at a time (after each batch and each cookie change), or forgetting it.
 */
export class SessionPersistence {
  private lock: SessionLock | undefined;
  private cookieSaves: Subscription | undefined;
  private readonly saver = new SessionSaver(() => this.save());
  /** Stable ids of the saved session, for the contact store of the next login. */
  savedStableIds: Readonly<Record<string, string>> | undefined;

  constructor(private readonly deps: PersistenceDeps) {}

  /**
   * Takes the store's lock (if it has one) and loads the saved session. A session that cannot be read fails the
   * login unless `onBadSession: 'login'`, which reports it and goes on without.
   */
  async load(): Promise<SavedSession | undefined> {
    const store = this.deps.options.store;
    if (store?.lock !== undefined && this.lock === undefined) this.lock = await store.lock();
    let saved: SavedSession | undefined;
    try {
      saved = await store?.load();
      if (saved !== undefined && !hasUsableHosts(saved)) throw new SessionStoreError('load', 'its hosts are not http(s) URLs');
    } catch (error) {
      const storeError = isSessionStoreError(error) ? error : new SessionStoreError('load', 'the store failed', { cause: error });
      if (this.deps.options.onBadSession !== 'login') throw storeError;
      this.deps.report({ type: 'store-problem', error: storeError });
      saved = undefined;
    }
    this.savedStableIds = saved?.stableIds;
    return saved;
  }

  /** Saves now, or right after the save in flight. */
  request(): void {
    this.saver.request();
  }

  /** The saves in flight, or `undefined` when everything asked for is saved. */
  get settled(): Promise<void> | undefined {
    return this.saver.settled;
  }

  /** Cookie changes (a renewed ticket) are saved like batches, through the same one-at-a-time saver. */
  watchCookies(): void {
    if (this.deps.options.store === undefined || this.cookieSaves !== undefined) return;
    this.cookieSaves = this.deps.jar().changes$.subscribe(() => this.saver.request());
  }

  stopWatchingCookies(): void {
    this.cookieSaves?.unsubscribe();
    this.cookieSaves = undefined;
  }

  async save(): Promise<void> {
    const store = this.deps.options.store;
    if (store === undefined) return;
    const saved = this.deps.toSave(this.deps.jar().serialize(), this.deps.now());
    if (saved === undefined) return;
    try {
      await store.save(saved);
    } catch (error) {
      // The previous save stays in place and the next batch tries again; the user hears of it.
      const storeError = isSessionStoreError(error) ? error : new SessionStoreError('save', 'the store failed', { cause: error });
      this.deps.report({ type: 'store-problem', error: storeError });
    }
  }

  /** Clears the saved session, if this client may change it (see `holdsSession`). */
  async forget(): Promise<void> {
    if (await this.holdsSession()) await this.deps.options.store?.clear().catch(() => undefined);
  }

  async releaseLock(): Promise<void> {
    const lock = this.lock;
    this.lock = undefined;
    await lock?.release().catch(() => undefined);
  }

  /** Whether this client may change the saved session: the store has no lock, or this client holds (or gets) it. */
  private async holdsSession(): Promise<boolean> {
    const store = this.deps.options.store;
    if (store?.lock === undefined || this.lock !== undefined) return true;
    try {
      this.lock = await store.lock();
      return true;
    } catch {
      return false;
    }
  }
}

import { isSessionStoreError } from '../../errors/guards.js';
import { SessionStoreError } from '../../errors/session-store-error.js';
import type { SessionLock, SessionStore } from '../../session/session-store.js';
import type { IlinkSavedSession } from '../session/saved-session.js';
import { ilinkFileStore } from '../session/stores.js';
import type { IlinkEvent } from './types.js';
import { SessionSaver } from '../../session/session-saver.js';

export interface PersistenceDeps {
  readonly store: SessionStore<IlinkSavedSession> | string | undefined;
  readonly onBadSession: 'fail' | 'login';
  /** The state to save at `now`, if any. */
  readonly toSave: (now: number) => IlinkSavedSession | undefined;
  readonly now: () => number;
  /** Store problems are events, not failures of the client. */
  readonly report: (event: IlinkEvent) => void;
}

const storeError = (operation: 'load' | 'save' | 'clear', error: unknown): SessionStoreError =>
  isSessionStoreError(error) ? error : new SessionStoreError(operation, 'the store failed', { cause: error });

/**
 * The client's side of its `SessionStore`: the lock that makes a session single-owner, loading, saving one save at a
 * time (after each delivered batch, after login, at close) and forgetting the session (logout, a dead token).
 */
export class SessionPersistence {
  private readonly store: SessionStore<IlinkSavedSession> | undefined;
  private lock: SessionLock | undefined;
  private readonly saver = new SessionSaver(() => this.save());

  constructor(private readonly deps: PersistenceDeps) {
    this.store = typeof deps.store === 'string' ? ilinkFileStore(deps.store) : deps.store;
  }

  /** Takes the store's lock (if it has one) and loads the saved session; see `onBadSession` for one it cannot read. */
  async load(): Promise<IlinkSavedSession | undefined> {
    const store = this.store;
    if (store === undefined) return undefined;
    if (store.lock !== undefined && this.lock === undefined) this.lock = await store.lock();
    try {
      return await store.load();
    } catch (error) {
      if (this.deps.onBadSession !== 'login') throw storeError('load', error);
      this.deps.report({ type: 'store-problem', error: storeError('load', error) });
      return undefined;
    }
  }

  /** Saves now, or right after the save in flight. */
  request(): void {
    if (this.store !== undefined) this.saver.request();
  }

  /** The saves in flight, or `undefined` when everything asked for is saved. */
  get settled(): Promise<void> | undefined {
    return this.saver.settled;
  }

  /** Saves the current session now (after any save in flight). */
  async flush(): Promise<void> {
    await this.saver.settled;
    this.request();
    await this.saver.settled;
  }

  /**
   * Clears the saved session, after any save in flight (which would bring it back), if this client may change it:
   * the store has no lock, or this client holds (or gets) it.
   */
  async forget(): Promise<void> {
    await this.saver.settled;
    if (!(await this.holdsSession())) return;
    await this.store?.clear().catch((error: unknown) => this.deps.report({ type: 'store-problem', error: storeError('clear', error) }));
  }

  async releaseLock(): Promise<void> {
    const lock = this.lock;
    this.lock = undefined;
    await lock?.release().catch(() => undefined);
  }

  private async holdsSession(): Promise<boolean> {
    const store = this.store;
    if (store?.lock === undefined || this.lock !== undefined) return true;
    try {
      this.lock = await store.lock();
      return true;
    } catch {
      return false;
    }
  }

  private async save(): Promise<void> {
    const state = this.deps.toSave(this.deps.now());
    if (this.store === undefined || state === undefined) return;
    try {
      await this.store.save(state);
    } catch (error) {
      // The previous save stays in place and the next batch tries again; the user hears of it.
      this.deps.report({ type: 'store-problem', error: storeError('save', error) });
    }
  }
}

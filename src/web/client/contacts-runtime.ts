import { map, type Observable, ReplaySubject, type Subscription } from 'rxjs';
import type { RetryOnRetcodeConfig } from '../../retry/retry-on-retcode.js';
import { ContactResolver } from '../contacts/resolver.js';
import type { ContactsSnapshot } from '../contacts/snapshot.js';
import type { ContactStore } from '../contacts/store.js';
import type { Transport } from '../http/transport.js';
import { batchGetContactRequest, type SessionContext } from '../protocol/requests.js';
import { decodeBatchGetContact, ensureOk } from '../protocol/responses.js';
import { call } from './call.js';
import type { RateLimiter } from './rate-limiter.js';
import { loadContacts$, type SessionDeps } from './session-init.js';
import type { SessionState } from './session-state.js';

export interface ContactsRuntimeDeps {
  readonly transport: () => Transport;
  readonly context: (state: SessionState) => SessionContext;
  readonly sessionDeps: () => SessionDeps;
  /** Spaces webwxbatchgetcontact calls. */
  readonly limit: RateLimiter;
  readonly rateLimited: NonNullable<RetryOnRetcodeConfig['rateLimited']>;
  readonly now: () => number;
}

/**
 * The client side of the contact store: connects the online session's store to `contacts$` and gives it a batch
 * lookup queue. A new session (a re-login) gets a new store, and `contacts$` moves on to it.
 */
export class ContactsRuntime {
  private readonly snapshots = new ReplaySubject<ContactsSnapshot>(1);
  private store: ContactStore | undefined;
  private resolver: ContactResolver | undefined;
  private wiring: Subscription | undefined;

  readonly snapshots$: Observable<ContactsSnapshot> = this.snapshots.asObservable();

  constructor(private readonly deps: ContactsRuntimeDeps) {}

  /** The current session's lookup queue, if a session is attached. */
  get queue(): ContactResolver | undefined {
    return this.resolver;
  }

  /** Takes over `state`'s store; `loadBook` loads the address book again (a resumed session starts without it). */
  attach(state: SessionState, loadBook: boolean): void {
    this.detach();
    const store = state.contacts;
    const resolver = new ContactResolver({
      fetch: (entries) =>
        call(this.deps.transport(), () => batchGetContactRequest(this.deps.context(state), entries), decodeBatchGetContact).pipe(
          map((response) => ensureOk('webwxbatchgetcontact', response).ContactList),
        ),
      apply: (contacts) => {
        for (const contact of contacts) store.upsert(contact, 'merge');
        store.commit();
      },
      limit: this.deps.limit,
      rateLimited: this.deps.rateLimited,
      now: this.deps.now,
    });
    store.onMissing = (userName, encryChatRoomId) => resolver.request(userName, encryChatRoomId);
    this.wiring = store.changes$.subscribe((snapshot) => this.snapshots.next(snapshot));
    this.snapshots.next(store.snapshot());
    if (loadBook) this.wiring.add(loadContacts$(this.deps.sessionDeps(), state).subscribe({ error: () => undefined }));
    this.store = store;
    this.resolver = resolver;
  }

  /** Stops the lookups of the attached store; its last snapshot stays the current one. */
  detach(): void {
    this.resolver?.stop();
    this.wiring?.unsubscribe();
    if (this.store !== undefined) this.store.onMissing = undefined;
    this.store = undefined;
    this.resolver = undefined;
    this.wiring = undefined;
  }

  complete(): void {
    this.detach();
    this.snapshots.complete();
  }
}

import { map, type Observable, ReplaySubject, type Subscription } from 'rxjs';
import type { RetryOnRetcodeConfig } from '../../retry/retry-on-retcode.js';
import { ContactResolver } from '../contacts/resolver.js';
import type { ContactsSnapshot } from '../contacts/snapshot.js';
import { call } from './call.js';
import type { Transport } from '../../http/transport.js';
import { webwxbatchgetcontact } from '../protocol/endpoints/contacts.js';
import type { SessionContext } from '../protocol/endpoints/context.js';
import type { MissingContact } from './apply-sync.js';
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
 * The client side of the contact store: connects the online session's store to `contacts$` and keeps its batch
 * lookup queue, which the receive loop's missing contacts go to. A new session (a re-login) gets a new store, and
 * `contacts$` moves on to it.
 */
export class ContactsRuntime {
  private readonly snapshots = new ReplaySubject<ContactsSnapshot>(1);
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
      fetch: (entries) => call(this.deps.transport(), webwxbatchgetcontact, this.deps.context(state), entries).pipe(map((response) => response.ContactList)),
      apply: (contacts) => {
        for (const contact of contacts) store.upsert(contact, 'merge');
        store.commit();
      },
      limit: this.deps.limit,
      rateLimited: this.deps.rateLimited,
      now: this.deps.now,
    });
    this.wiring = store.changes$.subscribe((snapshot) => this.snapshots.next(snapshot));
    this.snapshots.next(store.snapshot());
    if (loadBook) this.wiring.add(loadContacts$(this.deps.sessionDeps(), state).subscribe({ error: () => undefined }));
    this.resolver = resolver;
  }

  /** Queues background lookups of contacts a batch named but the store lacks (nothing while no session is attached). */
  lookUp(contacts: readonly MissingContact[]): void {
    const resolver = this.resolver;
    if (resolver === undefined) return;
    for (const { userName, encryChatRoomId } of contacts) resolver.request(userName, encryChatRoomId);
  }

  /** Stops the lookups of the attached store; its last snapshot stays the current one. */
  detach(): void {
    this.resolver?.stop();
    this.wiring?.unsubscribe();
    this.resolver = undefined;
    this.wiring = undefined;
  }

  complete(): void {
    this.detach();
    this.snapshots.complete();
  }
}

import { defer, map, type Observable, of } from 'rxjs';
import type { Contact, GroupMember } from '../../model/contact.js';
import type { ContactResolver } from './resolver.js';
import { membersOf } from '../../model/group-members.js';
import { type ContactLookups, type ContactsSnapshot, memberPosition } from './snapshot.js';
import type { ContactStore } from './store.js';

/**
 * The client's live contact list (`client.contacts`): the lookups of the newest snapshot, plus lookups that may
 * ask the server (group members, fetched lazily and cached; explicit refreshes), rate-limited in batches of 50.
 * Before the first login every lookup finds nothing.
 */
export interface ContactDirectory
  extends Pick<ContactLookups, 'get' | 'byStableId' | 'find' | 'search' | 'friends' | 'groups' | 'officialAccounts'> {
  /** The newest snapshot, `undefined` before the first login. */
  readonly snapshot: ContactsSnapshot | undefined;
  /** A group's members: at once when known, else fetched through webwxbatchgetcontact (then cached). */
  members(group: Contact | string): Observable<readonly GroupMember[]>;
  /** Looks these UserNames up on the server now and emits what is known afterwards. */
  refresh(userNames: readonly string[]): Observable<readonly Contact[]>;
}

export interface DirectorySource {
  /** The online session's store and resolver, or a thrown `NotOnlineError` (for the fetching lookups). */
  online(operation: string): { readonly store: ContactStore; readonly resolver: ContactResolver };
  /** The current store, if any session has started. */
  current(): ContactStore | undefined;
}

export function createContactDirectory(source: DirectorySource): ContactDirectory {
  return new LiveDirectory(source);
}

/**
 * Methods are own arrow functions, so a lookup still works taken off the directory (`const { find } = contacts`);
 * `snapshot` is a getter on the prototype because a getter in an object literal makes V8 keep the object as a
 * slow dictionary (0.7 KB per client instead of a fixed-layout object).
 */
class LiveDirectory implements ContactDirectory {
  readonly #source: DirectorySource;

  constructor(source: DirectorySource) {
    this.#source = source;
  }

  get snapshot(): ContactsSnapshot | undefined {
    return this.#source.current()?.snapshot();
  }

  readonly get = (userName: string): Contact | undefined => this.snapshot?.get(userName);
  readonly byStableId = (id: string): Contact | undefined => this.snapshot?.byStableId(id);
  readonly find: ContactDirectory['find'] = (query) => this.snapshot?.find(query);
  readonly search: ContactDirectory['search'] = (query) => this.snapshot?.search(query) ?? [];
  readonly friends = (): readonly Contact[] => this.snapshot?.friends() ?? [];
  readonly groups = (): readonly Contact[] => this.snapshot?.groups() ?? [];
  readonly officialAccounts = (): readonly Contact[] => this.snapshot?.officialAccounts() ?? [];

  readonly members = (group: Contact | string): Observable<readonly GroupMember[]> =>
    defer(() => {
      const { store, resolver } = this.#source.online('members');
      const userName = typeof group === 'string' ? group : group.userName;
      const known = store.get(userName)?.members;
      if (known !== undefined) return of(known);
      return resolver.resolve$([{ UserName: userName }]).pipe(map(() => store.get(userName)?.members ?? []));
    });

  readonly refresh = (userNames: readonly string[]): Observable<readonly Contact[]> =>
    defer(() => {
      const { store, resolver } = this.#source.online('refresh');
      // A group member is looked up with the group's EncryChatRoomId (docs/protocol.md §2.9).
      const groups = store.snapshot().groups();
      const entries = userNames.map((UserName) => {
        const encry = groups.find((g) => {
          const members = membersOf(g);
          return members !== undefined && memberPosition(g, members, UserName) >= 0;
        })?.raw.EncryChatRoomId;
        return encry ? { UserName, EncryChatRoomId: encry } : { UserName };
      });
      return resolver.resolve$(entries).pipe(
        map(() => userNames.map((name) => store.get(name)).filter((c): c is Contact => c !== undefined)),
      );
    });
}

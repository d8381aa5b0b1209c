import type * as account from './account.js';
import type * as chatroom from './chatroom.js';
import type * as contacts from './contacts.js';
import type * as login from './login.js';
import type * as media from './media.js';
import type * as send from './send.js';
import type * as sync from './sync.js';

/** The names of the descriptors a module exports (its other exports are left out). */
type NamesIn<Module> = {
  [K in keyof Module]: Module[K] extends { readonly name: infer Name extends string; readonly request: unknown; readonly timeoutMs: unknown } ? Name : never;
}[keyof Module];

/**
 * Every server call the Web client knows, named as in the URL path (see docs/protocol.md §2): derived from the
 * descriptors of the endpoint modules, so a new descriptor names itself here.
 */
export type WebEndpoint =
  | NamesIn<typeof login>
  | NamesIn<typeof account>
  | NamesIn<typeof contacts>
  | NamesIn<typeof sync>
  | NamesIn<typeof send>
  | NamesIn<typeof media>
  | NamesIn<typeof chatroom>;

/** Per-endpoint overrides of the client's timeouts, in ms; an explicit `undefined` removes the limit. */
export type TimeoutOverrides = Partial<Record<WebEndpoint, number | undefined>>;

import type * as lifecycle from './lifecycle.js';
import type * as login from './login.js';
import type * as media from './media.js';
import type * as send from './send.js';
import type * as typing from './typing.js';
import type * as updates from './updates.js';

/** The names of the descriptors a module exports (its other exports are left out). */
type NamesIn<Module> = {
  [K in keyof Module]: Module[K] extends { readonly name: infer Name extends string; readonly path: string; readonly request: unknown } ? Name : never;
}[keyof Module];

/** Every iLink call the client makes, named as the last segment of its path (docs/ilink-protocol.md §4–§9). */
export type IlinkEndpointName =
  | NamesIn<typeof login>
  | NamesIn<typeof updates>
  | NamesIn<typeof send>
  | NamesIn<typeof media>
  | NamesIn<typeof typing>
  | NamesIn<typeof lifecycle>;

/** Per-endpoint overrides of the client's timeouts, in ms; an explicit `undefined` removes the limit. */
export type IlinkTimeoutOverrides = Partial<Record<IlinkEndpointName, number | undefined>>;

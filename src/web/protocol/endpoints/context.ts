import type { Hosts } from '../hosts.js';

/** Time and randomness, injected so request builders stay pure and tests repeatable. */
export interface Env {
  now(): number;
  random(): number;
}

/** The four credentials of the login page plus the session's fixed DeviceID (docs/protocol.md §1.4). */
export interface SessionCredentials {
  readonly uin: number;
  readonly sid: string;
  readonly skey: string;
  /** As the login page delivered it: already percent-encoded, so it goes into queries verbatim. */
  readonly passTicket: string;
  /** `"e"` + 15 digits, one per session (`deviceId()` in ids.ts). */
  readonly deviceId: string;
}

/**
 * Timeouts by endpoint name, over the descriptors' own; an explicit `undefined` removes the limit. Any name is
 * read here; the client's option (`TimeoutOverrides`) takes the Web client's names only.
 */
export type EndpointTimeouts = Readonly<Partial<Record<string, number | undefined>>>;

/** What every request builder reads: the hosts, time and randomness, the language and the timeout overrides. */
export interface RequestContext {
  readonly hosts: Hosts;
  readonly env: Env;
  /** @default 'zh_CN' */
  readonly lang?: string;
  /** @default each descriptor's `timeoutMs` */
  readonly timeouts?: EndpointTimeouts;
}

/** A request context inside a logged-in session. */
export interface SessionContext extends RequestContext {
  readonly credentials: SessionCredentials;
}

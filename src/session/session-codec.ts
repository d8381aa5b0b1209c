import type * as t from 'io-ts';

/** The marker every saved session file carries, so a store can tell its own files from anyone else's. */
export const SESSION_FORMAT = 'wechat-rx/session';

/** How messages name the sessions of each protocol wechat-rx keeps. */
const SESSION_NAMES = new Map([
  ['web', 'a Web WeChat session'],
  ['ilink', 'an iLink session'],
] as const);

/** A protocol whose sessions wechat-rx keeps: a session file's `protocol` field. */
export type SessionProtocol = typeof SESSION_NAMES extends Map<infer K, unknown> ? K : never;

/** Files written before the `protocol` field existed hold Web sessions: the only protocol there was. */
export const UNMARKED_PROTOCOL: SessionProtocol = 'web';

/**
 * What a store needs to know of one protocol's sessions: its name, which a file's `protocol` field must match, and
 * the decoder that says whether the rest of the file is such a session.
 */
export interface SessionCodec<S> {
  readonly protocol: SessionProtocol;
  readonly decoder: t.Decoder<unknown, S>;
}

/** `protocol` as a known protocol, or `undefined` for any other value (never quoted: it is file content). */
export function sessionProtocolOf(protocol: unknown): SessionProtocol | undefined {
  return [...SESSION_NAMES.keys()].find((known) => known === protocol);
}

/** The words for a session of `protocol` in messages: `a Web WeChat session`. */
export function describeSession(protocol: SessionProtocol): string {
  return SESSION_NAMES.get(protocol) ?? protocol;
}

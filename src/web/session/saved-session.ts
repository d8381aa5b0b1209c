import * as t from 'io-ts';
import { SyncKey } from '../protocol/codecs/common.js';
import { RawContact } from '../../model/raw/shapes.js';
import { NumberLike } from '../../model/raw/primitives.js';
import { SESSION_FORMAT, type SessionCodec } from '../../session/session-codec.js';

/** A saved cookie jar: tough-cookie's serialization (`WxCookieJar.serialize()`), as an object or as its JSON text. */
const SavedCookies = new t.Type<unknown>(
  'SavedCookies',
  (_value): _value is unknown => true,
  (value, context) => (isSerializedJar(value) ? t.success(value) : t.failure(value, context, 'not a saved cookie jar')),
  t.identity,
);

function isSerializedJar(value: unknown): boolean {
  let jar = value;
  if (typeof value === 'string') {
    try {
      jar = JSON.parse(value);
    } catch {
      return false;
    }
  }
  return typeof jar === 'object' && jar !== null && Array.isArray((jar as { cookies?: unknown }).cookies);
}

/**
 * Everything needed to resume a session without a QR scan and without losing or repeating a message: credentials,
 * hosts, the cookie jar, both sync keys, the logged-in user and the recent message ids (the dedupe window).
 */
export const SavedSession = t.intersection(
  [
    t.type({
      version: t.literal(1),
      credentials: t.type({ uin: NumberLike, sid: t.string, skey: t.string, passTicket: t.string, deviceId: t.string }),
      hosts: t.type({ login: t.string, main: t.string, push: t.string, file: t.string, qr: t.string }),
      user: RawContact,
      syncKey: SyncKey,
      syncCheckKey: SyncKey,
      cookies: SavedCookies,
      recentMessageIds: t.array(t.string),
      savedAt: t.number,
    }),
    t.partial({
      /** Written by `FileSessionStore` (files from before the marker have only `version: 1`). */
      format: t.literal(SESSION_FORMAT),
      /** Web session files carry no protocol (they predate it); one that names it says `web`. */
      protocol: t.literal('web'),
      inviteStartCount: t.number,
      /** Stable contact identities by per-login UserName, kept across re-logins (see the contact store). */
      stableIds: t.record(t.string, t.string),
    }),
  ],
  'SavedSession',
);
export type SavedSession = t.TypeOf<typeof SavedSession>;

/** How the session stores recognise and decode a Web session (give it to a `RedisSessionStore` of Web sessions). */
export const webSessionCodec: SessionCodec<SavedSession> = { protocol: 'web', decoder: SavedSession };

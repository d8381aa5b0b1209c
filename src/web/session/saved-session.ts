import * as t from 'io-ts';
import { SyncKey } from '../protocol/codecs/common.js';
import { RawContact } from '../../model/raw/shapes.js';
import { NumberLike } from '../../model/raw/primitives.js';

/** The marker `FileSessionStore` writes into every session file, so it can tell its own files from anyone else's. */
export const SESSION_FORMAT = 'wechat-rx/session';

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
      cookies: t.unknown,
      recentMessageIds: t.array(t.string),
      savedAt: t.number,
    }),
    t.partial({
      /** Written by `FileSessionStore` (files from before the marker have only `version: 1`). */
      format: t.literal(SESSION_FORMAT),
      inviteStartCount: t.number,
      /** Stable contact identities by per-login UserName, kept across re-logins (see the contact store). */
      stableIds: t.record(t.string, t.string),
    }),
  ],
  'SavedSession',
);
export type SavedSession = t.TypeOf<typeof SavedSession>;

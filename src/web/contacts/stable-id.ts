import * as crypto from 'node:crypto';
import type { RawContact, RawMember } from '../../model/raw/shapes.js';
import type { ContactKind } from '../../model/contact.js';
import { cleanName } from '../../model/names.js';
import { flatString } from '../../util/flat-string.js';

/**
 * Stable ids (docs/protocol.md §3.8: UserNames change at every login, so anything kept across logins needs another
 * key). The id is a hash of the most durable attribute the server gives: the WeChat ID (`Alias`), else your remark,
 * else the nickname with the `AttrStatus` bits (the same for a person whether seen as a contact or a group member).
 * Fixed service names (`filehelper`) are their own id. Like wxpy's "puid", it is a heuristic: a person who changes
 * nickname and has neither alias nor remark gets a new id at the next login.
 */

/** The attribute string an id is derived from. */
export function fingerprintOf(raw: RawContact, kind: ContactKind): string {
  if (kind === 'special') return `s:${raw.UserName}`;
  if (kind === 'group') return `g:${cleanName(raw.NickName)}`;
  const alias = raw.Alias ?? '';
  if (alias !== '') return `a:${alias}`;
  if (kind === 'official') return `o:${cleanName(raw.NickName)}`;
  const remark = cleanName(raw.RemarkName);
  if (remark !== '') return `r:${remark}`;
  return personFingerprint(raw);
}

/** A person by nickname and attribute bits, for group members and for contacts without alias or remark. */
export function personFingerprint(raw: RawContact | RawMember): string {
  return `n:${cleanName(raw.NickName)}|${raw.AttrStatus ?? 0}`;
}

/** One-shot hashing (Node ≥ 20.12) skips a Hash object per contact; older Nodes give the same digest the long way. */
const sha1Base64url: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha1', text, 'base64url')
    : (text) => crypto.createHash('sha1').update(text).digest('base64url');

/** A short hash of a fingerprint, also the key under which renamed contacts are remembered. */
export function fingerprintHash(fingerprint: string): string {
  return sha1Base64url(fingerprint).slice(0, 16);
}

/** The id a fingerprint gives when nothing else is known: `g_…` for groups, `u_…` for everyone else. */
export function baseStableId(raw: RawContact, kind: ContactKind, hash: string): string {
  if (kind === 'special') return raw.UserName;
  return flatString(kind === 'group' ? 'g_' : 'u_', hash);
}

/** A group member's id from the member entry alone (used when the member is not a known contact). */
export function memberStableId(raw: RawMember): string {
  return flatString('u_', fingerprintHash(personFingerprint(raw)));
}

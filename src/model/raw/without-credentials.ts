/**
 * Public objects never hold a session credential. The server puts some in the objects it sends: `skey=` in every
 * avatar URL (`HeadImgUrl` of contacts, of the own user, of a friend request's `RecommendInfo`), the account's uin
 * in the own user's `Uin` and in the `OwnerUin` of groups it owns. The client takes them out here, once, where
 * server objects enter it; the requests that need them add the session's own (`headImgUrlRequest` fills in the
 * skey, push login reads the uin from the session credentials).
 */
import { flatString } from '../../util/flat-string.js';
import type { RawContact, RawMember, RawMessage, RawProfile } from './shapes.js';

/** Query parameter names that carry a credential (matched in any case). */
const NAMES = 'skey|pass_ticket|(?:wx)?uin|(?:wx)?sid|deviceid|ticket|webwx_data_ticket|webwx_auth_ticket';
/** A credential query parameter with a value, after its `&` (the query is given a leading `&`). */
const CREDENTIAL_PARAM = new RegExp(`&(?:${NAMES})=[^&#]+`, 'gi');
/** A quick test before any work: most strings have no such parameter. */
const MAYBE_CREDENTIAL = new RegExp(`[?&](?:${NAMES})=[^&#]`, 'i');

/**
 * `url` without its credential query parameters (`skey`, `pass_ticket`, `uin`/`wxuin`, `sid`/`wxsid`, `deviceid`,
 * tickets); everything else, the fragment and empty ones (`skey=`, as webwxbatchgetcontact sends) included, stays
 * as it was.
 */
export function withoutCredentials(url: string): string {
  if (!MAYBE_CREDENTIAL.test(url)) return url;
  const hash = url.indexOf('#');
  const end = hash < 0 ? url.length : hash;
  const query = url.indexOf('?');
  if (query < 0 || query > end) return url;
  const kept = `&${url.slice(query + 1, end)}`.replace(CREDENTIAL_PARAM, '').slice(1);
  // Flat, so the stored URL does not keep the original, skey included, alive: 112 bytes per avatar URL instead of 425.
  return flatString(url.slice(0, query), kept === '' ? '' : '?', kept, url.slice(end));
}

/** A `HeadImgUrl` some servers add to objects whose codec does not name it (members, `RecommendInfo`). */
type WithAvatar = { HeadImgUrl?: unknown };

const cleanUrl = (url: unknown): unknown => (typeof url === 'string' ? withoutCredentials(url) : url);
const isUin = (value: number | undefined): boolean => value !== undefined && value !== 0;

/** Whether a URL may hold a credential parameter: the quick test `withoutCredentials` starts with. */
const mayHoldCredential = (url: unknown): boolean => typeof url === 'string' && MAYBE_CREDENTIAL.test(url);
const memberHoldsCredential = (member: RawMember): boolean => isUin(member.Uin) || mayHoldCredential((member as WithAvatar).HeadImgUrl);

/**
 * A contact (or the own user) as the public sees it: `HeadImgUrl` (and a member's) without credentials, and no uin:
 * `Uin` and `OwnerUin` read 0 (the server sends 0 for other people; for you they are your account number, a
 * credential). The same object when there was nothing to take out; the input is never changed.
 */
export function contactWithoutCredentials(raw: RawContact): RawContact {
  const members = raw.MemberList;
  const membersHold = members !== undefined && members.some(memberHoldsCredential);
  if (!membersHold && !isUin(raw.Uin) && !isUin(raw.OwnerUin) && !mayHoldCredential(raw.HeadImgUrl)) return raw;
  // Copies of what `stripContactCredentials` may write to: the contact, and the members that hold a credential.
  const copy = { ...raw };
  if (membersHold) copy.MemberList = members.map((member) => (memberHoldsCredential(member) ? { ...member } : member));
  return stripContactCredentials(copy);
}

/**
 * `contactWithoutCredentials` for a contact the caller owns (just decoded from an answer, held by nothing else): the
 * credentials are taken out of the object itself and of its members, and the same object comes back; nothing is
 * written where nothing changes. A copy per contact made every login allocate the address book twice: a big
 * account's login took 422–439 ms that way, 407–409 ms without the copies (docs/benchmarks.md, "Many sessions").
 */
export function stripContactCredentials(raw: RawContact): RawContact {
  const url = raw.HeadImgUrl;
  if (url !== undefined) {
    const clean = withoutCredentials(url);
    if (clean !== url) raw.HeadImgUrl = clean;
  }
  if (isUin(raw.Uin)) raw.Uin = 0;
  if (isUin(raw.OwnerUin)) raw.OwnerUin = 0;
  for (const member of raw.MemberList ?? []) {
    const avatar = (member as WithAvatar).HeadImgUrl;
    const clean = cleanUrl(avatar);
    if (clean !== avatar) (member as WithAvatar).HeadImgUrl = clean;
    if (isUin(member.Uin)) member.Uin = 0;
  }
  return raw;
}

/**
 * A message without credentials in its URL fields (`Url`, and the `HeadImgUrl` some servers put in a friend
 * request's `RecommendInfo`). `Content` is left as sent. The same object when there was nothing to take out.
 */
export function messageWithoutCredentials(raw: RawMessage): RawMessage {
  const info = raw.RecommendInfo;
  const avatar = (info as WithAvatar | undefined)?.HeadImgUrl;
  const cleanAvatar = cleanUrl(avatar);
  const cleanLink = raw.Url === undefined ? undefined : withoutCredentials(raw.Url);
  if (cleanAvatar === avatar && cleanLink === raw.Url) return raw;
  return {
    ...raw,
    ...(cleanLink === undefined ? {} : { Url: cleanLink }),
    ...(info === undefined || cleanAvatar === avatar ? {} : { RecommendInfo: { ...info, HeadImgUrl: cleanAvatar } as typeof info }),
  };
}

/** An own-profile change without credentials in its `HeadImgUrl`. */
export function profileWithoutCredentials(profile: RawProfile): RawProfile {
  const url = profile.HeadImgUrl;
  if (url === undefined) return profile;
  const clean = withoutCredentials(url);
  return clean === url ? profile : { ...profile, HeadImgUrl: clean };
}

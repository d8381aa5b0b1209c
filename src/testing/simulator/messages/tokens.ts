/**
 * Opaque tokens derived from stable ids (stranger aliases, verification tickets, media ids, CDN locators, avatar
 * URLs): hashed, so they look like the server's and stay the same for the same id across logins and runs.
 */
import { createHash } from 'node:crypto';

/** The stranger alias a friend request or a stranger's card carries (`v1_` + 64 hex + `@stranger`), stable per id. */
export function encryptUserNameOf(id: string): string {
  return 'v1_' + sha256(`v1\u0000${id}`) + '@stranger';
}

/** The verification ticket (`v2_` + 64 hex + `@stranger`) the simulator issues for a requester, stable per id. */
export function ticketOf(id: string): string {
  return 'v2_' + sha256(`v2\u0000${id}`) + '@stranger';
}

/** The `MediaId` of an attachment message, derived from its id. */
export function mediaIdOf(msgId: string): string {
  const h = sha256(`media\u0000${msgId}`);
  return `@crypt_${h.slice(0, 8)}_${h.slice(8, 64)}${h.slice(0, 64)}`;
}

/** A CDN locator in the captured style (`30…` hex blob). */
export function cdnUrl(h: string): string {
  return '3057020100044b30490201000204' + h + '0201000201000400';
}

/** The avatar URL of a card or friend request (append `/0` big, `/132` small). */
export function headUrlOf(id: string): string {
  return `http://wx.qlogo.cn/mmhead/ver_1/${sha256(`head\u0000${id}`).slice(0, 48)}`;
}

/** SHA-256 of `input` as lowercase hex. */
export function sha256(input: string): string {
  return createHash('sha256').update(input).digest('hex');
}

import type { SyncKey } from './codecs/common.js';

/** A source of randomness in [0, 1), injected so the core stays pure and tests are repeatable. */
export type Random = () => number;

function digits(count: number, random: Random): string {
  let out = '';
  for (let i = 0; i < count; i++) out += Math.floor(random() * 10).toString();
  return out;
}

/** `"e"` + 15 random digits; pick one per session and keep it (the browser does; wechat4u's per-request one is a fingerprint). */
export function deviceId(random: Random): string {
  return `e${digits(15, random)}`;
}

/** `LocalID` / `ClientMsgId` as the browser forms it: the ms timestamp followed by 4 random digits (17 digits). */
export function localId(nowMs: number, random: Random): string {
  return `${Math.trunc(nowMs)}${digits(4, random)}`;
}

/** The `r` cache buster: the int32 bitwise NOT of the ms time, a negative number as the web client sends. */
export function cacheBuster(nowMs: number): number {
  return ~Math.trunc(nowMs);
}

/** `rr` in the webwxsync body: a negative integer derived from the time in seconds. */
export function syncRr(nowMs: number): number {
  return ~Math.trunc(nowMs / 1000);
}

/**
 * `1_…|2_…` for synccheck's `synckey` parameter, from `SyncCheckKey` (or `SyncKey` when absent). Also how a session
 * keeps its keys between syncs: one flat string each, where the server's objects took about 0.9 KB per sync.
 */
export function syncKeyString(key: SyncKey): string {
  return key.List.map((item) => `${item.Key}_${item.Val}`).join('|');
}

/** The `SyncKey` a `syncKeyString` text spells, with the same numbers (a number prints as text that reads back equal). */
export function syncKeyFromString(text: string): SyncKey {
  const List = text === '' ? [] : text.split('|').map(syncKeyItem);
  return { Count: List.length, List };
}

function syncKeyItem(pair: string): SyncKey['List'][number] {
  const at = pair.indexOf('_');
  return { Key: Number(pair.slice(0, at)), Val: Number(pair.slice(at + 1)) };
}

/**
 * A `BaseRequest` for JSON calls (docs/protocol.md §1.5). `Uin` stays a number: uins fit in 2^32 and the server expects
 * a number.
 */
export interface BaseRequest {
  readonly Uin: number;
  readonly Sid: string;
  readonly Skey: string;
  readonly DeviceID: string;
}

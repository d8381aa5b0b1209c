/**
 * SyncKey and SyncCheckKey for one session. Both encode the client's queue position: counter keys (1, 2, 3, 11,
 * and 13 in SyncCheckKey only) are per-session bases plus the position, time keys (201, 1000–1002) are Unix
 * seconds. After webwxinit the SyncKey has the 4 keys 1, 2, 3, 1000; once the session has synced after
 * webwxstatusnotify it grows to 7 (adding 11, 201, 1001). SyncCheckKey is a different, longer list (13 and 1002
 * too), so a client that swaps the two still works here but shows up in tests that compare the lists.
 */
import type { Credentials } from './credentials.js';

export interface KeyItem {
  readonly Key: number;
  readonly Val: number;
}
export interface KeyList {
  readonly Count: number;
  readonly List: readonly KeyItem[];
}

/** Key 2 carries the position; key 1 is the fallback. */
const POSITION_KEYS = [2, 1] as const;

export class SyncKeys {
  private readonly bases: ReadonlyMap<number, number>;
  /** Seconds: when webwxinit ran, when the status notify arrived, and the newest delivered event. */
  initTime = 0;
  notifyTime = 0;
  lastEventTime = 0;

  constructor(credentials: Credentials) {
    const base = credentials.counterBase();
    this.bases = new Map([
      [1, base],
      [2, base + 85_000 + credentials.int(10_000)],
      [3, base + 83_000 + credentials.int(10_000)],
      [11, base + 84_000 + credentials.int(10_000)],
      [13, base + credentials.int(1_000)],
    ]);
  }

  /** The SyncKey for `position`; `grown` once the session has synced after its status notify. */
  syncKey(position: number, grown: boolean): KeyList {
    const list = grown
      ? [this.counter(1, position), this.counter(2, position), this.counter(3, position), this.counter(11, position), { Key: 201, Val: this.lastEventTime }, { Key: 1000, Val: this.initTime }, { Key: 1001, Val: this.notifyTime }]
      : [this.counter(1, position), this.counter(2, position), this.counter(3, position), { Key: 1000, Val: this.initTime }];
    return { Count: list.length, List: list };
  }

  /** The SyncCheckKey for `position` (webwxsync answers only). */
  checkKey(position: number): KeyList {
    const list = [
      this.counter(1, position),
      this.counter(2, position),
      this.counter(3, position),
      this.counter(11, position),
      this.counter(13, position),
      { Key: 201, Val: this.lastEventTime },
      { Key: 1000, Val: this.initTime },
      { Key: 1001, Val: this.notifyTime },
      { Key: 1002, Val: this.notifyTime === 0 ? this.initTime : this.notifyTime + 1 },
    ];
    return { Count: list.length, List: list };
  }

  /** The position a key list encodes, or `undefined` when it holds no counter this session issued. */
  positionOf(list: readonly { readonly Key: unknown; readonly Val: unknown }[]): number | undefined {
    for (const key of POSITION_KEYS) {
      const item = list.find((k) => Number(k.Key) === key);
      const base = this.bases.get(key);
      if (item === undefined || base === undefined) continue;
      const position = Number(item.Val) - base;
      if (Number.isSafeInteger(position) && position >= 0) return position;
    }
    return undefined;
  }

  /** Parses synccheck's `synckey=1_…|2_…` (separators `|` or an already decoded `%7C`). */
  positionOfString(text: string): number | undefined {
    const list = text
      .split('|')
      .map((pair) => pair.split('_'))
      .filter((pair) => pair.length === 2)
      .map(([Key, Val]) => ({ Key, Val }));
    return this.positionOf(list);
  }

  private counter(key: number, position: number): KeyItem {
    return { Key: key, Val: (this.bases.get(key) ?? 0) + position };
  }
}

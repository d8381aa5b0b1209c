/** A stream entry as Redis answers it (RESP2 or RESP3 through `sendCommand`): its id and its fields. */
export interface StreamEntry {
  readonly id: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** The commands the event stream sends, raw: node-redis's `sendCommand`. */
export interface StreamCommands {
  sendCommand(args: string[]): Promise<unknown>;
}

/** `[id, [field, value, …]]` pairs into entries; an entry deleted while pending (`[id, nil]`) has no fields. */
export function parseEntries(reply: unknown): StreamEntry[] {
  if (!Array.isArray(reply)) return [];
  return reply.map((pair) => {
    const [id, flat] = pair as [unknown, unknown];
    const fields: Record<string, string> = {};
    if (Array.isArray(flat)) for (let i = 0; i + 1 < flat.length; i += 2) fields[String(flat[i])] = String(flat[i + 1]);
    return { id: String(id), fields };
  });
}

/** XREADGROUP's answer: per stream key, its entries (RESP2 arrays or a RESP3 map). */
export function parseRead(reply: unknown): Map<string, StreamEntry[]> {
  const streams = new Map<string, StreamEntry[]>();
  if (reply === null || reply === undefined) return streams;
  const pairs: Array<[unknown, unknown]> =
    reply instanceof Map ? [...(reply as Map<unknown, unknown>).entries()] : Array.isArray(reply) ? (reply as Array<[unknown, unknown]>) : Object.entries(reply as object);
  for (const [key, entries] of pairs) streams.set(String(key), parseEntries(entries));
  return streams;
}

/** A flat `[name, value, …]` list (or RESP3 map) as an object. */
export function parseFlatRecord(reply: unknown): Record<string, unknown> {
  if (reply instanceof Map) return Object.fromEntries(reply as Map<string, unknown>);
  if (!Array.isArray(reply)) return { ...(reply as object) };
  const record: Record<string, unknown> = {};
  for (let i = 0; i + 1 < reply.length; i += 2) record[String(reply[i])] = reply[i + 1];
  return record;
}

/**
 * Orders two stream ids (`<ms>-<seq>`, a missing seq counting as 0) numerically, as Redis does. Digit by digit in
 * place: the worker compares ids for every entry it queues behind another of its chat, and splitting into BigInts
 * took ~530 ns a comparison against ~60 ns this way.
 */
export function compareIds(a: string, b: string): number {
  const aDash = a.indexOf('-');
  const bDash = b.indexOf('-');
  const aMsEnd = aDash === -1 ? a.length : aDash;
  const bMsEnd = bDash === -1 ? b.length : bDash;
  // Without a dash the seq is empty: 0.
  const aSeq = Math.min(aMsEnd + 1, a.length);
  const bSeq = Math.min(bMsEnd + 1, b.length);
  return compareDecimals(a, 0, aMsEnd, b, 0, bMsEnd) || compareDecimals(a, aSeq, a.length, b, bSeq, b.length);
}

/** Orders the unsigned decimals `a[aFrom, aTo)` and `b[bFrom, bTo)`; an empty one is 0. */
function compareDecimals(a: string, aFrom: number, aTo: number, b: string, bFrom: number, bTo: number): number {
  while (aFrom < aTo && a.charCodeAt(aFrom) === ZERO) aFrom++;
  while (bFrom < bTo && b.charCodeAt(bFrom) === ZERO) bFrom++;
  const length = aTo - aFrom;
  if (length !== bTo - bFrom) return length < bTo - bFrom ? -1 : 1;
  for (let i = 0; i < length; i++) {
    const difference = a.charCodeAt(aFrom + i) - b.charCodeAt(bFrom + i);
    if (difference !== 0) return difference < 0 ? -1 : 1;
  }
  return 0;
}

const ZERO = 0x30;

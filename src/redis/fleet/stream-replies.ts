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

/** Orders two stream ids (`<ms>-<seq>`) numerically, as Redis does. */
export function compareIds(a: string, b: string): number {
  const [aMs, aSeq] = a.split('-').map(BigInt) as [bigint, bigint?];
  const [bMs, bSeq] = b.split('-').map(BigInt) as [bigint, bigint?];
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  const left = aSeq ?? 0n;
  const right = bSeq ?? 0n;
  return left === right ? 0 : left < right ? -1 : 1;
}

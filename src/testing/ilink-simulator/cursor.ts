/**
 * The `get_updates_buf` cursor (docs/ilink-protocol.md §5.2): opaque base64 of 16 bytes — the bot's tag, the
 * position of the last message handed out, and a serial that makes every answer's cursor a new string.
 */

const LENGTH = 16;

export function encodeCursor(botTag: number, position: number, serial: number): string {
  const bytes = Buffer.alloc(LENGTH);
  bytes.writeUInt32BE(botTag >>> 0, 0);
  bytes.writeBigUInt64BE(BigInt(position), 4);
  bytes.writeUInt32BE(serial >>> 0, 12);
  return bytes.toString('base64');
}

/** The position a cursor names, or `undefined` when it is empty, not ours, another bot's or malformed. */
export function decodeCursor(cursor: string, botTag: number): number | undefined {
  if (cursor === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(cursor)) return undefined;
  const bytes = Buffer.from(cursor, 'base64');
  if (bytes.length !== LENGTH || bytes.toString('base64') !== cursor) return undefined;
  if (bytes.readUInt32BE(0) !== botTag >>> 0) return undefined;
  const position = bytes.readBigUInt64BE(4);
  return position > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(position);
}

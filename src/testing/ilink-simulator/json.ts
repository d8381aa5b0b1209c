/**
 * JSON as the iLink server writes it: compact, with `bigint` values (message ids) as bare number literals carrying
 * every digit, so a client has to parse them losslessly (docs/ilink-protocol.md §6.1).
 */

export function toJson(value: unknown): string {
  return write(value) ?? 'null';
}

function write(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${value.map((v: unknown) => write(v) ?? 'null').join(',')}]`;
      return writeObject(value as Readonly<Record<string, unknown>>);
    default:
      return undefined;
  }
}

function writeObject(obj: Readonly<Record<string, unknown>>): string {
  const members: string[] = [];
  for (const key of Object.keys(obj)) {
    const v = write(obj[key]);
    if (v !== undefined) members.push(`${JSON.stringify(key)}:${v}`);
  }
  return `{${members.join(',')}}`;
}

/** A JSON object body, or `undefined` for an empty, unparsable or non-object body. */
export function parseJsonObject(raw: Buffer): Readonly<Record<string, unknown>> | undefined {
  if (raw.length === 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Field readers for request bodies: the wrong type reads as absent. */
export const str = (body: Readonly<Record<string, unknown>> | undefined, key: string): string | undefined => {
  const v = body?.[key];
  return typeof v === 'string' ? v : undefined;
};

export const num = (body: Readonly<Record<string, unknown>> | undefined, key: string): number | undefined => {
  const v = body?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
};

export const obj = (body: Readonly<Record<string, unknown>> | undefined, key: string): Readonly<Record<string, unknown>> | undefined => {
  const v = body?.[key];
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
};

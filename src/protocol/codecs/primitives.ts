import * as t from 'io-ts';

/**
 * A message id as an exact decimal string. The wire has `MsgId` as a string and `NewMsgId` as a bare JSON number
 * above 2^53; `parseJson` turns unsafe integers into their exact digits before this codec sees them, and safe
 * integers are converted with `String()`, which is exact below 2^53.
 */
export const IdString = new t.Type<string, string, unknown>(
  'IdString',
  (u): u is string => typeof u === 'string',
  (u, c) => {
    if (typeof u === 'string') return t.success(u);
    if (typeof u === 'number' && Number.isSafeInteger(u)) return t.success(String(u));
    return t.failure(u, c, 'expected an id as a string or a safe integer');
  },
  (s) => s,
);

/** A number that some servers (or re-serialising clients) send as a numeric string. */
export const NumberLike = new t.Type<number, number, unknown>(
  'NumberLike',
  (u): u is number => typeof u === 'number',
  (u, c) => {
    if (typeof u === 'number' && Number.isFinite(u)) return t.success(u);
    if (typeof u === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(u)) return t.success(Number(u));
    return t.failure(u, c, 'expected a number');
  },
  (n) => n,
);

/** A string field that a few payloads leave out or send as null; decoded as `''` then. */
export const LooseString = new t.Type<string, string, unknown>(
  'LooseString',
  (u): u is string => typeof u === 'string',
  (u, c) => {
    if (typeof u === 'string') return t.success(u);
    if (u === null || u === undefined) return t.success('');
    if (typeof u === 'number') return t.success(String(u));
    return t.failure(u, c, 'expected a string');
  },
  (s) => s,
);

/** `{required…} & {optional…}`, tolerant of unknown fields (never exact), as io-ts recommends. */
export function shape<R extends t.Props, O extends t.Props>(required: R, optional: O, name?: string) {
  return t.intersection([t.type(required), t.partial(optional)], name);
}

/** The wire type a field must already have for the fast path: a primitive, an object of fields, or an array of them. */
export type FieldKind = 'string' | 'number' | FieldTable | { readonly arrayOf: FieldTable };

/** The fields of an object for the fast path; `required` ones must be present. */
export interface FieldTable {
  readonly fields: { readonly [field: string]: FieldKind };
  readonly required?: readonly string[];
}

/** A field table flattened once into parallel arrays: a `for…in` over the table per message was the cost. */
interface CompiledTable {
  readonly names: readonly string[];
  readonly kinds: readonly CompiledKind[];
  readonly required: readonly string[];
}
type CompiledKind = 'string' | 'number' | CompiledTable | { readonly arrayOf: CompiledTable };

function compile(table: FieldTable): CompiledTable {
  const names = Object.keys(table.fields);
  const compileKind = (kind: FieldKind): CompiledKind =>
    typeof kind === 'string' ? kind : 'arrayOf' in kind ? { arrayOf: compile(kind.arrayOf) } : compile(kind);
  return { names, kinds: names.map((name) => compileKind(table.fields[name]!)), required: table.required ?? [] };
}

function hasKind(item: unknown, kind: CompiledKind): boolean {
  if (typeof kind === 'string') return typeof item === kind;
  if ('arrayOf' in kind) return Array.isArray(item) && item.every((element) => matches(element, kind.arrayOf));
  return matches(item, kind);
}

function matches(value: unknown, table: CompiledTable): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  for (const field of table.required) if (record[field] === undefined) return false;
  const { names, kinds } = table;
  for (let i = 0; i < names.length; i++) {
    const item = record[names[i]!];
    if (item !== undefined && !hasKind(item, kinds[i]!)) return false;
  }
  return true;
}

/**
 * The same codec, with a fast path for the common case: when every known field already has its final wire type
 * (no numeric strings, no nulls, no id numbers to convert), the input is returned as it is, exactly what the full
 * codec would return. Anything else goes through the full codec, which converts or reports readable issues. Hot
 * lists (AddMsgList, address books of thousands) decode several times faster this way.
 */
export function withFastPath<A, O>(codec: t.Type<A, O, unknown>, fields: FieldTable): t.Type<A, O, unknown> {
  const table = compile(fields);
  return new t.Type<A, O, unknown>(
    codec.name,
    codec.is,
    (u, c) => (matches(u, table) ? t.success(u as A) : codec.validate(u, t.appendContext(c, '', codec, u))),
    codec.encode,
  );
}

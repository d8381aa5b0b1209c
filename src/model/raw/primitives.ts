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

/** Up to here `String(n)` writes every digit of an integer (above it, an exponent). */
const PLAIN_DIGITS_LIMIT = 1e21;

/**
 * `IdString` for the ids of a message, which users may also decode from their own `JSON.parse`: there `NewMsgId`
 * (and `MsgId`, after a tool that re-serialised it as a number) is a double that lost its last digits. Such an
 * integer is read as `JSON.stringify` would write it (`8194991329533970000`), the best that is left, rather than
 * failing the message; `parseWireJson` keeps the digits exact.
 */
export const MessageIdString = new t.Type<string, string, unknown>(
  'MessageIdString',
  (u): u is string => typeof u === 'string',
  (u, c) =>
    typeof u === 'number' && Number.isInteger(u) && Math.abs(u) < PLAIN_DIGITS_LIMIT ? t.success(String(u)) : IdString.validate(u, c),
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

/**
 * The wire type a field must already have for the fast path: a primitive, any array (its elements checked later),
 * an object of fields, or an array of such objects.
 */
export type FieldKind = 'string' | 'number' | 'array' | FieldTable | { readonly arrayOf: FieldTable };

/** The fields of an object for the fast path; `required` ones must be present. */
export interface FieldTable {
  readonly fields: { readonly [field: string]: FieldKind };
  readonly required?: readonly string[];
}

/** A field table compiled once: the wire type of every known field by name, and the required names. */
interface CompiledTable {
  readonly kinds: ReadonlyMap<string, CompiledKind>;
  readonly required: readonly string[];
  /** The keys of the last object checked, in order, with their kinds: the server's objects repeat one key order. */
  readonly lastKeys: string[];
  readonly lastKinds: (CompiledKind | undefined)[];
}
type CompiledKind = 'string' | 'number' | 'array' | CompiledTable | { readonly arrayOf: CompiledTable };

/** Keys remembered per table, so an object with a huge number of keys cannot grow the memo without bound. */
const MAX_REMEMBERED_KEYS = 128;

function compile(table: FieldTable): CompiledTable {
  const kinds = new Map<string, CompiledKind>();
  for (const [name, kind] of Object.entries(table.fields)) {
    kinds.set(name, typeof kind === 'string' ? kind : 'arrayOf' in kind ? { arrayOf: compile(kind.arrayOf) } : compile(kind));
  }
  return { kinds, required: table.required ?? [], lastKeys: [], lastKinds: [] };
}

/**
 * Whether every field `table` knows is absent or already has its wire type (and every required one is there). Walks
 * the object's own keys: V8 reads values in a `for…in` by slot, where looking the table's names up one by one was a
 * megamorphic load per field; and the kind of each key comes from the last object's key order when it repeats
 * (JSON.parse hands back the same interned key strings), else from the map.
 */
function matches(value: unknown, table: CompiledTable): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  for (const field of table.required) if (record[field] === undefined) return false;
  const { kinds, lastKeys, lastKinds } = table;
  let index = 0;
  for (const key in record) {
    let kind: CompiledKind | undefined;
    if (lastKeys[index] === key) kind = lastKinds[index];
    else {
      kind = kinds.get(key);
      if (index < MAX_REMEMBERED_KEYS) {
        lastKeys[index] = key;
        lastKinds[index] = kind;
      }
    }
    index++;
    if (kind === undefined) continue;
    const item = record[key];
    if (item === undefined) continue;
    if (kind === 'number') {
      // JSON.parse turns 1e999 into Infinity, which the full codec refuses.
      if (typeof item !== 'number' || !Number.isFinite(item)) return false;
    } else if (kind === 'string') {
      if (typeof item !== 'string') return false;
    } else if (kind === 'array') {
      if (!Array.isArray(item)) return false;
    } else if ('arrayOf' in kind) {
      if (!Array.isArray(item)) return false;
      for (const element of item) if (!matches(element, kind.arrayOf)) return false;
    } else if (!matches(item, kind)) return false;
  }
  return true;
}

/**
 * The same codec, with a fast path for the common case: when every known field already has its final wire type
 * (no numeric strings, no nulls, no id numbers to convert), the input is returned as it is: what the full codec
 * would return, except that optional strings the input lacks stay absent instead of becoming `''` (both fit the
 * type). Anything else goes through the full codec, which converts or reports readable issues. Hot lists
 * (AddMsgList, address books of thousands) decode several times faster this way;
 * test/protocol/fast-path.property.test.ts holds the two equal.
 */
export function withFastPath<A, O>(codec: t.Type<A, O, unknown>, fields: FieldTable): FastPathType<A, O> {
  const table = compile(fields);
  const accepts = (u: unknown): u is A => matches(u, table);
  return new FastPathType<A, O>(
    codec.name,
    codec.is,
    (u, c) => (accepts(u) ? t.success(u) : codec.validate(u, t.appendContext(c, '', codec, u))),
    codec.encode,
    accepts,
  );
}

/** A codec with a fast path; `accepts` is that check alone, for loops that skip io-ts's per-call context and Either. */
export class FastPathType<A, O> extends t.Type<A, O, unknown> {
  constructor(
    name: string,
    is: t.Is<A>,
    validate: t.Validate<unknown, A>,
    encode: t.Encode<A, O>,
    /** True when the input is already an `A` as it is (then `decode` returns it unchanged). */
    readonly accepts: (u: unknown) => u is A,
  ) {
    super(name, is, validate, encode);
  }
}

const anything = (_: unknown): boolean => true;

/**
 * The check under which `codec` hands its input back unchanged, if there is one: its fast path, or anything at all
 * for `t.unknown`. Loops over many elements use it to skip io-ts's context and Either per element.
 */
export function asIsCheck<A>(codec: t.Decoder<unknown, A>): ((u: unknown) => u is A) | undefined {
  if ((codec as unknown) === t.unknown) return anything as (u: unknown) => u is A;
  return codec instanceof FastPathType ? (codec.accepts as (u: unknown) => u is A) : undefined;
}

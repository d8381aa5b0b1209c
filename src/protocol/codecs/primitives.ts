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

import * as t from 'io-ts';
import { asIsCheck, IdString, LooseString, NumberLike, shape } from '../../../model/raw/primitives.js';

/*
 * What the answer codecs of every endpoint share. Counts are never checked against list lengths (the server's
 * often disagree) and unknown fields pass through. Strings and lists whose absence means "empty" (`LooseString`,
 * `listOf`) sit in the required part, so the decoded type says they are always there.
 */

/** `BaseResponse{Ret, ErrMsg}`; `Ret` normalised to a number once. */
export const BaseResponse = shape({ Ret: NumberLike }, { ErrMsg: LooseString }, 'BaseResponse');
export type BaseResponse = t.TypeOf<typeof BaseResponse>;

export const SyncKeyItem = t.type({ Key: NumberLike, Val: NumberLike }, 'SyncKeyItem');
/** `{Count, List:[{Key, Val}]}`; `Count` is not checked against the list. */
export const SyncKey = shape({ List: t.array(SyncKeyItem) }, { Count: NumberLike }, 'SyncKey');
export type SyncKey = t.TypeOf<typeof SyncKey>;

/**
 * A list the server may leave out or send as null on some answers; decoded as `[]` then. When every element passes
 * the element codec's as-is check (its fast path; anything for `t.unknown`), the list is returned as it is, without
 * io-ts's context per element: 5,000 contacts at login, every message list of webwxsync.
 */
export function listOf<C extends t.Mixed>(codec: C, name = `ListOf<${codec.name}>`) {
  const array = t.array(codec);
  const asIs = asIsCheck(codec);
  return new t.Type<t.TypeOf<C>[], t.OutputOf<C>[], unknown>(
    name,
    array.is,
    (u, c) =>
      u === undefined || u === null
        ? t.success([])
        : asIs !== undefined && Array.isArray(u) && u.every(asIs)
          ? t.success(u)
          : array.validate(u, c),
    array.encode,
  );
}

/** An id that failure answers send as `""` (or leave out); decoded as `''` then. */
export const LooseId = new t.Type<string, string, unknown>(
  'LooseId',
  (u): u is string => typeof u === 'string',
  (u, c) => (u === undefined || u === null ? t.success('') : IdString.validate(u, c)),
  (s) => s,
);

import * as t from 'io-ts';
import { LooseString, NumberLike, shape } from '../../../model/raw/primitives.js';

/** `BaseResponse{Ret, ErrMsg}`; `Ret` normalised to a number once. */
export const BaseResponse = shape({ Ret: NumberLike }, { ErrMsg: LooseString }, 'BaseResponse');
export type BaseResponse = t.TypeOf<typeof BaseResponse>;

export const SyncKeyItem = t.type({ Key: NumberLike, Val: NumberLike }, 'SyncKeyItem');
/** `{Count, List:[{Key, Val}]}`; `Count` is not checked against the list. */
export const SyncKey = shape({ List: t.array(SyncKeyItem) }, { Count: NumberLike }, 'SyncKey');
export type SyncKey = t.TypeOf<typeof SyncKey>;

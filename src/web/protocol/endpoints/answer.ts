import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { DecodeError } from '../../../errors/decode-error.js';
import { retcodeError } from '../../../errors/retcode-error-for.js';
import { decodeWith, describeIssues } from '../../../model/raw/decode.js';
import { asIsCheck } from '../../../model/raw/primitives.js';
import { BaseResponse } from '../codecs/common.js';
import { parseJson } from '../json.js';

/*
 * Raw body text → typed answer, for the JSON endpoints. Decoding and the `Ret` check are separate steps: a
 * descriptor's `decode` reads the body, its `ensureOk` fails a non-zero `Ret`.
 */

/** Any answer that carries `BaseResponse`. */
export interface WithBaseResponse {
  readonly BaseResponse: BaseResponse;
}

/**
 * `parseJson` + `decodeWith`. One exception: a body whose `BaseResponse.Ret` is non-zero but that lacks fields only
 * a success carries is an error answer, not a changed format, so it throws the retcode error instead of a
 * `DecodeError`.
 */
export function decodeBody<A>(codec: t.Decoder<unknown, A>, endpoint: string, text: string): A {
  const json = parseJson(text, endpoint);
  const result = codec.decode(json);
  if (E.isRight(result)) return result.right;
  const base = BaseResponse.decode(
    typeof json === 'object' && json !== null ? (json as Record<string, unknown>)['BaseResponse'] : undefined,
  );
  if (E.isRight(base) && base.right.Ret !== 0) throw retcodeError(endpoint, base.right.Ret, base.right.ErrMsg ?? '');
  return decodeWith(codec, endpoint, json);
}

/**
 * Returns the answer when `BaseResponse.Ret` is 0; otherwise throws the most specific retcode error
 * (`SessionEndedError` for 1100/1101/1102, `RateLimitedError` for 1205, `NotFriendError` for 1204).
 */
export function ensureOk<R extends WithBaseResponse>(endpoint: string, response: R): R {
  const { Ret, ErrMsg } = response.BaseResponse;
  if (Ret !== 0) throw retcodeError(endpoint, Ret, ErrMsg ?? '');
  return response;
}

export interface EachResult<A> {
  readonly ok: A[];
  readonly failed: DecodeError[];
}

/**
 * Decodes list elements one at a time so a bad one is reported without losing the rest. `path` (for example
 * `AddMsgList`) prefixes the issue paths, which then read `AddMsgList.3.MsgType: …`.
 */
export function decodeEach<A>(codec: t.Decoder<unknown, A>, endpoint: string, items: readonly unknown[], path = ''): EachResult<A> {
  const ok: A[] = [];
  const failed: DecodeError[] = [];
  const accepts = asIsCheck(codec);
  items.forEach((item, index) => {
    if (accepts?.(item) === true) {
      ok.push(item);
      return;
    }
    const result = codec.decode(item);
    if (E.isRight(result)) {
      ok.push(result.right);
      return;
    }
    const at = path ? `${path}.${index}` : String(index);
    const issues = describeIssues(result.left).map((issue) =>
      issue.startsWith('(body):') ? `${at}:${issue.slice('(body):'.length)}` : `${at}.${issue}`,
    );
    failed.push(new DecodeError(endpoint, issues, item));
  });
  return { ok, failed };
}

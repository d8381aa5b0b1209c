import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { DecodeError } from '../../errors/decode-error.js';
import type { Endpoint } from '../../errors/endpoint.js';

/** Combinators whose context keys are member indices, not data paths. */
const STRUCTURAL = new Set(['IntersectionType', 'UnionType']);

/** Readable lines for io-ts errors: `AddMsgList.0.MsgType: expected a number, got "x"`. */
export function describeIssues(errors: t.Errors): string[] {
  return errors.map((error) => {
    const keys: string[] = [];
    error.context.forEach((entry, i) => {
      const parent = error.context[i - 1]?.type as { _tag?: string } | undefined;
      if (i > 0 && entry.key !== '' && !STRUCTURAL.has(parent?._tag ?? '')) keys.push(entry.key);
    });
    const last = error.context[error.context.length - 1];
    const expected = error.message ?? `expected ${last?.type.name ?? 'a value'}`;
    return `${keys.join('.') || '(body)'}: ${expected}, got ${show(error.value)}`;
  });
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Decodes with a codec; a failure throws one `DecodeError` naming the endpoint and every path that failed. */
export function decodeWith<A>(codec: t.Decoder<unknown, A>, endpoint: Endpoint, input: unknown): A {
  const result = codec.decode(input);
  if (E.isRight(result)) return result.right;
  throw new DecodeError(endpoint, describeIssues(result.left), input);
}

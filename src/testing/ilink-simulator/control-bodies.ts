/**
 * What the iLink control API accepts (`/__sim/…` JSON bodies and query values), as io-ts codecs: a wrong body is
 * refused with a 400 naming each bad field, before anything reaches the simulator.
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { describeIssues } from '../../model/raw/decode.js';
import { ControlError } from '../simulator/control-error.js';
import { FAULT_KINDS } from '../simulator/faults.js';
import { ILINK_ENDPOINTS, type IlinkEndpoint, type IlinkFaultSpec } from './faults.js';
import { ILINK_INJECT_KINDS, type IlinkInjectKind, type IlinkInjectSpec } from './inject-spec.js';

/** A string from a fixed list; its name lists the choices, so the 400 says what would do. */
function oneOf<T extends string>(values: readonly T[]): t.Type<T> {
  const is = (u: unknown): u is T => typeof u === 'string' && (values as readonly string[]).includes(u);
  return new t.Type<T>(`one of ${values.join('|')}`, is, (u, c) => (is(u) ? t.success(u) : t.failure(u, c)), t.identity);
}

/** Base64 as `Buffer.from` reads it without dropping characters (it skips anything else silently). */
const Base64 = t.brand(t.string, (s): s is t.Branded<string, { readonly Base64: unique symbol }> => /^[A-Za-z0-9+/]*={0,2}$/.test(s), 'Base64');

export const QrTargetBody = t.partial({ qrcode: t.string });
export const ScanBody = t.partial({ qrcode: t.string, userId: t.string });
export const VerifyCodeBody = t.intersection([t.type({ code: t.string }), QrTargetBody]);
export const BindBody = t.partial({ userId: t.string });
export const KillBody = t.partial({ token: t.string });
export const BlockBody = t.intersection([t.type({ userId: t.string }), t.partial({ blocked: t.boolean })]);

export const FaultBody: t.Decoder<unknown, IlinkFaultSpec> = t.intersection([
  t.type({ endpoint: oneOf<IlinkEndpoint | '*'>([...ILINK_ENDPOINTS, '*']), kind: oneOf(FAULT_KINDS) }),
  t.partial({
    value: t.number,
    times: t.Int,
    forMs: t.number,
    after: t.Int,
    field: oneOf(['ret', 'errcode', 'both'] as const),
    errmsg: t.string,
  }),
]);

const InjectCommon = t.partial({ from: t.string, duplicate: t.boolean, botId: t.string });
/** Media plaintext travels as `data` (UTF-8 text) or `dataBase64` (bytes). */
const MediaCommon = t.intersection([
  InjectCommon,
  t.partial({ data: t.string, dataBase64: Base64, fullUrl: t.boolean, keyEncoding: oneOf(['raw', 'hex'] as const) }),
]);

const INJECT_BODIES: Readonly<Record<IlinkInjectKind, t.Mixed>> = {
  text: t.intersection([InjectCommon, t.type({ text: t.string })]),
  image: t.intersection([MediaCommon, t.partial({ hexKey: t.boolean })]),
  voice: t.intersection([MediaCommon, t.partial({ transcript: t.string, playtimeMs: t.Int, encodeType: t.Int })]),
  file: t.intersection([MediaCommon, t.type({ fileName: t.string })]),
  video: t.intersection([MediaCommon, t.partial({ playLength: t.Int })]),
  quote: t.intersection([InjectCommon, t.type({ text: t.string, quotedText: t.string }), t.partial({ quotedMessageId: t.string })]),
  unknown: t.intersection([InjectCommon, t.type({ itemType: t.Int }), t.partial({ item: t.UnknownRecord })]),
  generating: t.intersection([InjectCommon, t.type({ text: t.string }), t.partial({ partialText: t.string })]),
};

export type InjectBody = IlinkInjectSpec & { readonly botId?: string };

const MEDIA_KINDS: ReadonlySet<IlinkInjectKind> = new Set(['image', 'voice', 'file', 'video']);

/** An inject body (`kind` defaults to `text`) as the spec `IlinkControl.inject` takes. */
export function decodeInject(body: Readonly<Record<string, unknown>>): InjectBody {
  const kind = body['kind'] ?? 'text';
  if (!oneOf(ILINK_INJECT_KINDS).is(kind)) throw new ControlError(400, `kind: expected one of ${ILINK_INJECT_KINDS.join('|')}`);
  const fields = decode(INJECT_BODIES[kind], body) as Record<string, unknown>;
  const { dataBase64, ...spec } = fields;
  if (typeof dataBase64 === 'string') {
    if (spec['data'] !== undefined) throw new ControlError(400, 'give data (UTF-8 text) or dataBase64, not both');
    spec['data'] = Buffer.from(dataBase64, 'base64');
  } else if (MEDIA_KINDS.has(kind) && spec['data'] === undefined) {
    throw new ControlError(400, `${kind} messages need data (UTF-8 text) or dataBase64`);
  }
  return { ...spec, kind } as InjectBody;
}

/** Decodes a body; a failure is a 400 naming every bad field. */
export function decode<A>(codec: t.Decoder<unknown, A>, body: unknown): A {
  const result = codec.decode(body);
  if (E.isRight(result)) return result.right;
  throw new ControlError(400, `bad body: ${describeIssues(result.left).join('; ')}`);
}

/** A whole-number query value in [min, max], or `undefined` when absent. */
export function queryInt(query: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const text = query.get(name);
  if (text === null) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new ControlError(400, `?${name}: expected a whole number from ${min} to ${max}`);
  }
  return value;
}

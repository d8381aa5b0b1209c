import { DecodeError } from '../../errors/decode-error.js';
import type { Endpoint } from '../../errors/endpoint.js';
import { SessionEndedError } from '../../errors/session-ended-error.js';
import { IlinkRetcodeError, ilinkFailureMessage } from '../errors/ilink-retcode-error.js';
import { parseIlinkJson } from './json.js';
import { redactIlink } from './redact.js';

/** The code of a dead bot token (docs/ilink-protocol.md §3.2), in `ret` or `errcode`. */
export const STALE_TOKEN = -14;

/** An answer body as an object of unknown fields. */
export type Body = Readonly<Record<string, unknown>>;

const MAX_ERRMSG = 200;

/** A code field: a number or numeric text; `undefined` when absent or unreadable. */
function codeOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d{1,10}$/.test(value.trim())) return Number(value);
  return undefined;
}

/** The error an answer with a non-zero code stands for: `SessionEndedError` for -14, else `IlinkRetcodeError`. */
export function retcodeFailure(endpoint: Endpoint, code: number, errMsg: string): Error {
  if (code !== STALE_TOKEN) return new IlinkRetcodeError(endpoint, code, errMsg);
  const error = new SessionEndedError(endpoint, code, errMsg);
  error.message = ilinkFailureMessage(error);
  return error;
}

/**
 * A body read as an iLink answer (docs/ilink-protocol.md §3.1): JSON (ids kept exact), an object, and a success —
 * which needs BOTH `ret` and `errcode` zero or absent, since the -14 answer often carries only `errcode`.
 * @throws DecodeError for a body that is not a JSON object (quoted masked); the `retcodeFailure` of a refusal.
 */
export function readAnswer(endpoint: Endpoint, text: string): Body {
  const json = parseIlinkJson(text, endpoint);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new DecodeError(endpoint, ['(body): expected a JSON object'], redactIlink(text));
  }
  const body = json as Body;
  const ret = codeOf(body['ret']) ?? 0;
  const errcode = codeOf(body['errcode']) ?? 0;
  // A dead token wins over any other code: it ends the session, whatever else the body says.
  const code = ret === STALE_TOKEN || errcode === STALE_TOKEN ? STALE_TOKEN : ret !== 0 ? ret : errcode;
  if (code !== 0) {
    const errmsg = typeof body['errmsg'] === 'string' ? body['errmsg'].slice(0, MAX_ERRMSG) : '';
    throw retcodeFailure(endpoint, code, redactIlink(errmsg));
  }
  return body;
}

import { DecodeError } from '../errors/decode-error.js';
import type { Endpoint } from '../errors/endpoint.js';

/** A long run of digits right after a colon: a candidate for an integer too large for a double. */
const LONG_INTEGER_AFTER_COLON = /:(\s*)(-?\d{16,})/g;
/** The digits must end the value, or they are the start of something else (a float, an exponent). */
const VALUE_END = /^\s*[,}\]]/;
/**
 * What must precede that colon for the digits to be a value in the JSON structure: a `"Key"` with bare quotes,
 * which cannot occur inside a JSON string (quotes there are escaped).
 */
const KEY_BEFORE = /"[A-Za-z_][A-Za-z0-9_]*"\s*$/;
const MAX_SAFE_DIGITS = String(Number.MAX_SAFE_INTEGER);

function isUnsafe(digits: string): boolean {
  const unsigned = digits.startsWith('-') ? digits.slice(1) : digits;
  return unsigned.length > MAX_SAFE_DIGITS.length || (unsigned.length === MAX_SAFE_DIGITS.length && unsigned > MAX_SAFE_DIGITS);
}

/**
 * `JSON.parse` for server bodies, keeping every integer above 2^53 (`NewMsgId`) as its exact decimal string.
 * A body that is not JSON (an HTML error page, a truncated answer) throws a `DecodeError` naming the endpoint.
 */
export function parseJson(text: string, endpoint: Endpoint): unknown {
  const safe = /\d{16}/.test(text) ? text.replace(LONG_INTEGER_AFTER_COLON, quoteIfUnsafe) : text;
  try {
    return JSON.parse(safe) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'invalid JSON';
    throw new DecodeError(endpoint, [`(body): not JSON: ${reason}`], text);
  }
}

function quoteIfUnsafe(match: string, space: string, digits: string, offset: number, whole: string): string {
  if (!isUnsafe(digits)) return match;
  const end = offset + match.length;
  if (!VALUE_END.test(whole.slice(end, end + 8)) || !KEY_BEFORE.test(whole.slice(Math.max(0, offset - 80), offset))) return match;
  return `:${space}"${digits}"`;
}

/** Removes `//` line comments that stand outside strings (the corpus's annotated `.jsonc` captures). */
export function stripJsonComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      out += ch;
      if (ch === '\\') out += text[++i] ?? '';
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
      out += ch;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else out += ch;
  }
  return out;
}

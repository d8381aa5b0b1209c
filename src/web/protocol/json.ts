import { DecodeError } from '../../errors/decode-error.js';
import type { Endpoint } from '../../errors/endpoint.js';

/** A run of this many digits is the shortest that can exceed 2^53 (9007199254740992 has 16). */
const MIN_UNSAFE_DIGITS = 16;
const MAX_SAFE_DIGITS = String(Number.MAX_SAFE_INTEGER);

const isDigit = (code: number): boolean => code >= 48 && code <= 57;
const isWordStart = (code: number): boolean => (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
const isSpace = (code: number): boolean => code === 32 || code === 9 || code === 10 || code === 13;

/**
 * A value in the JSON structure follows `"Key":` (spaces allowed around the colon, then perhaps a minus sign), with
 * a key of word characters: its closing quote cannot be escaped, so it ends a string and the digits are no part of
 * one (quotes inside a string are escaped).
 */
function followsKey(text: string, start: number): boolean {
  let i = start - 1;
  if (text.charCodeAt(i) === 45) i--;
  while (i >= 0 && isSpace(text.charCodeAt(i))) i--;
  if (text.charCodeAt(i) !== 58) return false;
  i--;
  while (i >= 0 && isSpace(text.charCodeAt(i))) i--;
  if (text.charCodeAt(i) !== 34) return false;
  const close = i--;
  while (i >= 0 && (isWordStart(text.charCodeAt(i)) || isDigit(text.charCodeAt(i)))) i--;
  return i >= 0 && close - i > 1 && text.charCodeAt(i) === 34 && isWordStart(text.charCodeAt(i + 1));
}

/** …and ends at `,`, `}` or `]` (after spaces); digits followed by a quote are a string, by `.` or `e` a float. */
function endsValue(text: string, end: number): boolean {
  let i = end;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  const code = text.charCodeAt(i);
  return code === 44 || code === 125 || code === 93;
}

function isUnsafe(digits: string): boolean {
  return digits.length > MAX_SAFE_DIGITS.length || (digits.length === MAX_SAFE_DIGITS.length && digits > MAX_SAFE_DIGITS);
}

/**
 * Quotes every integer value too large for a double, so `JSON.parse` keeps its exact digits. Any such run of 16+
 * digits covers a position that is a multiple of 16, so only every 16th character is looked at until a digit
 * turns up: a 60 KiB body costs a few microseconds instead of a full regex scan.
 */
function quoteUnsafeIntegers(text: string): string {
  let out = '';
  let copied = 0;
  for (let probe = MIN_UNSAFE_DIGITS - 1; probe < text.length; probe += MIN_UNSAFE_DIGITS) {
    if (!isDigit(text.charCodeAt(probe))) continue;
    let start = probe;
    while (start > 0 && isDigit(text.charCodeAt(start - 1))) start--;
    let end = probe + 1;
    while (end < text.length && isDigit(text.charCodeAt(end))) end++;
    probe = end;
    if (end - start < MIN_UNSAFE_DIGITS || !endsValue(text, end) || !followsKey(text, start)) continue;
    if (!isUnsafe(text.slice(start, end))) continue;
    const signed = text.charCodeAt(start - 1) === 45 ? start - 1 : start;
    out += `${text.slice(copied, signed)}"${text.slice(signed, end)}"`;
    copied = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * `JSON.parse` for Web WeChat bodies, keeping every integer above 2^53 as its exact decimal string: `NewMsgId`
 * (`6929942228714508460`, which a plain `JSON.parse` rounds to `6929942228714508000`) and any other such value
 * that follows a key. Smaller numbers, floats and strings are left as `JSON.parse` reads them. Exported from the
 * root as `parseWireJson`: read a saved webwxsync body with it, then `decodeRawMessage` its `AddMsgList` elements.
 * @param endpoint the call the body answered, named in the error (default `'message'`)
 * @throws DecodeError when the text is not JSON (an HTML error page, a truncated answer)
 */
export function parseJson(text: string, endpoint: Endpoint = 'message'): unknown {
  try {
    return JSON.parse(quoteUnsafeIntegers(text)) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'invalid JSON';
    throw new DecodeError(endpoint, [`(body): not JSON: ${reason}`], text);
  }
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

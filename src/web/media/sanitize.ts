/**
 * File names that come from messages (a sender chooses them) made safe to create on any platform: no directory
 * part, no traversal, no control or direction-override characters, no characters Windows refuses, no reserved
 * device names, at most 255 UTF-8 bytes with the extension kept.
 */

/** C0/C1 controls, DEL, direction marks and overrides, isolates and the BOM: invisible or able to disguise a name. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
/** Characters Windows does not allow in names (the separators are removed before this runs). */
const RESERVED_CHARS = /[<>:"|?*]/g;
/** DOS device names, with or without an extension (`CON`, `nul.txt`, `COM1.log`). */
const RESERVED_NAMES = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
const MAX_BYTES = 255;
/** Extensions longer than this are not worth keeping when a name must be cut. */
const MAX_EXT_CHARS = 16;

const encoder = new TextEncoder();

/** Cuts `text` to at most `bytes` UTF-8 bytes without splitting a character. */
function cutToBytes(text: string, bytes: number): string {
  if (encoder.encode(text).length <= bytes) return text;
  let out = '';
  let used = 0;
  for (const char of text) {
    const size = encoder.encode(char).length;
    if (used + size > bytes) break;
    out += char;
    used += size;
  }
  return out;
}

/**
 * A safe file name for `name`, or `fallback` when nothing usable is left.
 * @example sanitizeFileName('../../etc/passwd') // 'passwd'
 * @example sanitizeFileName('report\u202Efdp.exe') // 'reportfdp.exe'
 */
export function sanitizeFileName(name: string, fallback = 'file'): string {
  const last = name.normalize('NFC').split(/[/\\]/).pop() ?? '';
  let safe = last.replace(INVISIBLE, '').replace(RESERVED_CHARS, '_').trim();
  // Leading dots would hide the file (or spell `.`/`..`); trailing dots and spaces are dropped by Windows.
  safe = safe.replace(/^\.+/, '').replace(/[. ]+$/, '').trim();
  if (RESERVED_NAMES.test(safe)) safe = `_${safe}`;
  if (encoder.encode(safe).length > MAX_BYTES) {
    const dot = safe.lastIndexOf('.');
    const ext = dot > 0 && safe.length - dot - 1 <= MAX_EXT_CHARS ? safe.slice(dot) : '';
    safe = cutToBytes(safe.slice(0, safe.length - ext.length), MAX_BYTES - encoder.encode(ext).length).trimEnd() + ext;
  }
  return safe === '' ? fallback : safe;
}

/** `name (n).ext` for the n-th alternative of a taken name, as browsers number downloads. */
export function numberedName(name: string, n: number): string {
  if (n === 0) return name;
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  const suffix = ` (${n})`;
  return cutToBytes(stem, MAX_BYTES - encoder.encode(suffix + ext).length) + suffix + ext;
}

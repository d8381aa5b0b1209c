/** Where a replacement ends in the text it was read from, and what stands in its place. */
export interface Replacement {
  readonly end: number;
  readonly by: string;
}

/**
 * Rewrites `text` in one pass: at each occurrence of `needle`, `read(text, at)` says what to put in place of the
 * text from there to `end`, or `undefined` to keep it (a module-level `read` costs no closure per call). The scan
 * goes on after the replaced text, never into the output, so a replacement is never read again. The text comes back
 * as it was, without a copy, when nothing is replaced. Faster than `String.prototype.replace` with a callback on the
 * short contents of messages, and lets `read` decline a match.
 */
export function replaceEach(text: string, needle: string, read: (text: string, at: number) => Replacement | undefined): string {
  let out = '';
  let copied = 0;
  for (let at = text.indexOf(needle); at !== -1; ) {
    const replacement = read(text, at);
    if (replacement === undefined) {
      at = text.indexOf(needle, at + 1);
      continue;
    }
    out += text.slice(copied, at) + replacement.by;
    copied = replacement.end;
    at = text.indexOf(needle, copied);
  }
  return copied === 0 ? text : out + text.slice(copied);
}

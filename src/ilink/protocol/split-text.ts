/**
 * Long texts in pieces the server keeps whole (docs/ilink-protocol.md §11: reports of silent truncation at about 2000
 * characters), each sent as its own message, in order.
 */

/** The longest piece, in UTF-16 code units (what "characters" means in the reports). */
export const MAX_TEXT_LENGTH = 2000;

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

/**
 * `text` in pieces of at most `max` code units, cut after the last line break of a piece if it has one in its second
 * half, else after its last space there, else at `max` — never between the two halves of a surrogate pair. The pieces
 * joined give `text` back exactly.
 */
export function splitText(text: string, max = MAX_TEXT_LENGTH): string[] {
  if (max < 2) throw new RangeError('splitText needs max >= 2 (a surrogate pair must fit)');
  const pieces: string[] = [];
  let start = 0;
  while (text.length - start > max) {
    let end = start + max;
    const window = text.slice(start, end);
    const half = Math.floor(max / 2);
    const newline = window.lastIndexOf('\n');
    const space = window.lastIndexOf(' ');
    if (newline >= half) end = start + newline + 1;
    else if (space >= half) end = start + space + 1;
    else if (isHighSurrogate(text.charCodeAt(end - 1))) end--;
    pieces.push(text.slice(start, end));
    start = end;
  }
  pieces.push(text.slice(start));
  return pieces;
}

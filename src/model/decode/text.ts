import { decodeHTML } from 'entities';
import { type Replacement, replaceEach } from './replace-each.js';

/**
 * Line breaks arrive as the literal markup `<br/>` (docs/protocol.md §4.2); tolerate the `<br>` and `<br />` spellings
 * too.
 */
const BR = /<br\s*\/?>/g;

/**
 * A web emoji span (docs/protocol.md §4.4). The closing `>` is optional because the server sometimes drops it (ItChat
 * repairs a `1f450` span that lost it); the class may use upper-case hex.
 */
const EMOJI_SPAN = /<span\s+class="emoji\s+emoji([0-9a-fA-F]+)"\s*><\/span>?/y;

/** The browser's rendering of a classic face: `<img class="qqemoji qqemoji0" text="[微笑]_web" src="…" />`. */
const QQEMOJI_IMG = /<img\s[^>]*?class="qqemoji[^"]*"[^>]*>/g;
const QQEMOJI_TEXT = /\btext="([^"]*)"/;

/** Codes the server sends for the wrong emoji, as ItChat remaps them (wechat4u knows only two of these). */
const REMAP: Readonly<Record<string, string>> = {
  '1f63c': '1f601',
  '1f639': '1f602',
  '1f63a': '1f603',
  '1f4ab': '1f616',
  '1f64d': '1f614',
  '1f63b': '1f60d',
  '1f63d': '1f618',
  '1f64e': '1f621',
  '1f63f': '1f622',
};

/** Where a longer code splits into two code points, by its length. */
const SEQUENCE_SPLIT: Readonly<Record<number, number>> = { 6: 2, 8: 4, 10: 5 };

function codePoint(hex: string): string | undefined {
  const n = Number.parseInt(hex, 16);
  if (!Number.isInteger(n) || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return undefined;
  return String.fromCodePoint(n);
}

/**
 * The Unicode text for one span code: 4–5 hex digits are one code point, 6 digits are 2 + 4 (keycaps such as
 * `3120e3`), 10 digits are 5 + 5 (flags such as `1f1e81f1f3`); 8 digits are read as 4 + 4. Anything else stays
 * as markup so no information is lost.
 */
function emojiFor(code: string): string | undefined {
  const hex = REMAP[code.toLowerCase()] ?? code;
  const head = hex.length <= 5 ? hex.length : SEQUENCE_SPLIT[hex.length];
  if (head === undefined) return undefined;
  const first = codePoint(hex.slice(0, head));
  const rest = head === hex.length ? '' : codePoint(hex.slice(head));
  return first === undefined || rest === undefined ? undefined : first + rest;
}

/** The emoji of the span that starts at `at`, if it is one. */
function emojiSpanAt(text: string, at: number): Replacement | undefined {
  EMOJI_SPAN.lastIndex = at;
  const span = EMOJI_SPAN.exec(text);
  const emoji = span === null ? undefined : emojiFor(span[1]!);
  return emoji === undefined ? undefined : { end: EMOJI_SPAN.lastIndex, by: emoji };
}

/** Replaces web emoji spans with Unicode. Use it for names (`NickName`, `DisplayName`, `RemarkName`) as well. */
export function decodeEmojiSpans(text: string): string {
  return replaceEach(text, '<span', emojiSpanAt);
}

/** Replaces the browser's `qqemoji` images with their bracket shortcode (`[微笑]`); shortcodes themselves stay text. */
function decodeQqEmoji(text: string): string {
  if (!text.includes('qqemoji')) return text;
  return text.replace(QQEMOJI_IMG, (img) => {
    const label = QQEMOJI_TEXT.exec(img)?.[1];
    return label === undefined ? img : label.replace(/_web$/, '');
  });
}

/** A character reference with its semicolon, at `lastIndex`: named, decimal or hex. */
const REFERENCE = /&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});/y;
/** The references the server writes (docs/protocol.md §4.2), resolved without a table lookup in `entities`. */
const COMMON_REFERENCES: readonly (readonly [reference: string, text: string])[] = [
  ['&lt;', '<'],
  ['&gt;', '>'],
  ['&amp;', '&'],
  ['&quot;', '"'],
  ['&apos;', "'"],
  ['&#39;', "'"],
  ['&nbsp;', '\u00a0'],
];

/** The reference that starts at `at` and what it stands for; `entities`' `decodeHTML` for the uncommon ones. */
function referenceAt(text: string, at: number): Replacement | undefined {
  for (const [reference, by] of COMMON_REFERENCES) {
    if (text.startsWith(reference, at)) return { end: at + reference.length, by };
  }
  REFERENCE.lastIndex = at;
  const reference = REFERENCE.exec(text)?.[0];
  return reference === undefined ? undefined : { end: at + reference.length, by: decodeHTML(reference) };
}

/**
 * One complete HTML entity decode, never two: `&amp;quot;` becomes `&quot;` and never `"`. A single pass from `&` to
 * `&`, which is what makes it one decode: the output is never read again. It replaced six `replaceAll` passes and
 * a regex test, which cost 0.3 µs of the 1.4 µs a text message takes to decode.
 */
export function decodeEntities(text: string): string {
  return replaceEach(text, '&', referenceAt);
}

/** `<br/>` → LF and nothing else: the first step of reading any content, text or XML. */
export function breaksToNewlines(content: string): string {
  return content.includes('<br') ? content.replace(BR, '\n') : content;
}

/**
 * The readable text of a text-like content (group prefix already removed): `<br/>` as LF, one complete HTML entity
 * decode (so `&amp;quot;` becomes `&quot;`, never `"`), emoji spans as Unicode and `qqemoji` images as their
 * bracket text. Plain text without markup passes through without allocation.
 */
export function normalizeText(content: string): string {
  let text = breaksToNewlines(content);
  text = decodeEntities(text);
  if (text.includes('<')) text = decodeQqEmoji(decodeEmojiSpans(text));
  return text;
}

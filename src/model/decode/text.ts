import { decodeHTML } from 'entities';

/**
 * Line breaks arrive as the literal markup `<br/>` (docs/protocol.md §4.2); tolerate the `<br>` and `<br />` spellings
 * too.
 */
const BR = /<br\s*\/?>/g;

/**
 * A web emoji span (docs/protocol.md §4.4). The closing `>` is optional because the server sometimes drops it (ItChat
 * repairs a `1f450` span that lost it); the class may use upper-case hex.
 */
const EMOJI_SPAN = /<span\s+class="emoji\s+emoji([0-9a-fA-F]+)"\s*><\/span>?/g;

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

/** Replaces web emoji spans with Unicode. Use it for names (`NickName`, `DisplayName`, `RemarkName`) as well. */
export function decodeEmojiSpans(text: string): string {
  if (!text.includes('<span')) return text;
  return text.replace(EMOJI_SPAN, (span, code: string) => emojiFor(code) ?? span);
}

/** Replaces the browser's `qqemoji` images with their bracket shortcode (`[微笑]`); shortcodes themselves stay text. */
function decodeQqEmoji(text: string): string {
  if (!text.includes('qqemoji')) return text;
  return text.replace(QQEMOJI_IMG, (img) => {
    const label = QQEMOJI_TEXT.exec(img)?.[1];
    return label === undefined ? img : label.replace(/_web$/, '');
  });
}

/** A character reference with its semicolon: named, decimal or hex. */
const ENTITY = /&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});/g;
/** The references the server writes (docs/protocol.md §4.2), resolved without a table lookup in `entities`. */
const COMMON_ENTITIES: Readonly<Record<string, string>> = {
  '&lt;': '<',
  '&gt;': '>',
  '&amp;': '&',
  '&quot;': '"',
  '&apos;': "'",
  '&#39;': "'",
  '&nbsp;': '\u00a0',
};

/** A reference other than the five the server writes: only then is the general (slower) pass needed. */
const UNCOMMON_REFERENCE = /&(?!(?:lt|gt|quot|apos|#39|amp);)(?:[A-Za-z]|#[0-9xX])/;

/**
 * One complete HTML entity decode, never two: `&amp;quot;` becomes `&quot;` and never `"`. The usual case (only
 * `&lt; &gt; &quot; &apos; &#39; &amp;`) is a few native replacements with `&amp;` last, which no earlier
 * replacement can feed; anything else takes a single regex pass, with `entities`' `decodeHTML` for names beyond
 * the common ones.
 */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  if (UNCOMMON_REFERENCE.test(text)) {
    return text.replace(ENTITY, (reference) => COMMON_ENTITIES[reference] ?? decodeHTML(reference));
  }
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
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

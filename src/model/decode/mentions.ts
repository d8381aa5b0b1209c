import { eachMatch } from './each-match.js';
import { normalizeText } from './text.js';

/** U+2005 FOUR-PER-EM SPACE: the separator the client puts after a picked `@name` (docs/protocol.md §4.5). */
const MENTION_END = '\u2005';

/** `@name` + U+2005. A name may contain ordinary spaces (display names do) but no `@`, U+2005 or line break. */
const SEPARATED_MENTION = /@([^@\u2005\n\r]+?)\u2005/g;

/**
 * `@name` closing the text, where the client may have trimmed the separator. Without a separator a name cannot be
 * told from the words after it, so this one takes no whitespace; and an `@` right after an e-mail local-part
 * character (`me@example.com`) is not a mention.
 */
const TRAILING_MENTION = /(?:^|[^A-Za-z0-9._%+-])@([^@\s]+)[ \t]*$/;

/** The names mentioned in a normalised text, in order of appearance. */
export function parseMentions(text: string): string[] {
  if (!text.includes('@')) return [];
  const names: string[] = [];
  // Most texts with an `@` (e-mail addresses, handles) have no separator: skip the global scan for them.
  if (text.includes(MENTION_END)) {
    eachMatch(SEPARATED_MENTION, text, (match) => {
      const name = match[1];
      if (name !== undefined && name.trim() !== '') names.push(name);
    });
  }
  const trailing = TRAILING_MENTION.exec(text)?.[1];
  if (trailing !== undefined) names.push(trailing);
  return names;
}

/** ItChat's rule: `@name` followed by U+2005, an ordinary space, or the end of the text. */
function mentionedAs(text: string, name: string): boolean {
  const needle = `@${name}`;
  let at = text.indexOf(needle);
  while (at !== -1) {
    const next = text[at + needle.length];
    if (next === undefined || next === MENTION_END || next === ' ') return true;
    at = text.indexOf(needle, at + 1);
  }
  return false;
}

/**
 * Whether one of `selfNames` (the group display name, the nickname; raw values with emoji spans are fine) is among
 * `mentions` or is written as `@name` followed by U+2005, a space, or the end of `text`.
 */
export function mentionsAnyOf(text: string, mentions: readonly string[], selfNames: ReadonlyArray<string | undefined>): boolean {
  if (!text.includes('@')) return false;
  for (const raw of selfNames) {
    if (raw === undefined) continue;
    const name = normalizeText(raw).trim();
    if (name === '') continue;
    if (mentions.includes(name) || mentionedAs(text, name)) return true;
  }
  return false;
}

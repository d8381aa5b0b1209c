import { decodeEmojiSpans } from './decode/text.js';

/** Emoji spans decoded; names are shown and searched in this form. */
export const cleanName = (name: string | undefined): string => (name === undefined || name === '' ? '' : decodeEmojiSpans(name));

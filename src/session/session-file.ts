import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { SavedSession, SESSION_FORMAT } from './saved-session.js';

/**
 * What a session file holds. A file that is not a session is described by what is wrong with its shape (paths and
 * expected types), never by its content: it may hold credentials.
 */
export type SessionFileContent =
  | { readonly kind: 'session'; readonly session: SavedSession }
  | { readonly kind: 'other'; readonly why: string };

/**
 * A session file is a JSON object that decodes as a `SavedSession` and whose `format`, when present, is
 * `wechat-rx/session` (files written before the marker existed have only `version: 1`).
 */
export function readSessionText(text: string): SessionFileContent {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The SyntaxError quotes the text it failed on, so it is dropped rather than kept as a cause.
    return { kind: 'other', why: 'it is not JSON' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { kind: 'other', why: 'it is not a JSON object' };
  const format = (json as { format?: unknown }).format;
  if (format !== undefined && format !== SESSION_FORMAT) return { kind: 'other', why: `its format is not ${SESSION_FORMAT}` };
  if (format === undefined && (json as { version?: unknown }).version === undefined) {
    return { kind: 'other', why: 'it has neither the wechat-rx format marker nor a session version (another program’s file?)' };
  }
  const decoded = SavedSession.decode(json);
  if (E.isLeft(decoded)) {
    const paths = [...new Set(decoded.left.map(issuePath))];
    const listed = paths.slice(0, 4).join(', ') + (paths.length > 4 ? ` and ${paths.length - 4} more` : '');
    return { kind: 'other', why: `fields missing or of the wrong type: ${listed}` };
  }
  return { kind: 'session', session: decoded.right };
}

const MEMBER_INDEX = new Set(['IntersectionType', 'UnionType']);

/** Where a value did not fit, as a path (`credentials.skey`); record keys (user names) show as `*`. */
function issuePath(error: t.ValidationError): string {
  const keys: string[] = [];
  error.context.forEach((entry, i) => {
    const parent = (error.context[i - 1]?.type as { _tag?: string } | undefined)?._tag ?? '';
    if (i === 0 || entry.key === '' || MEMBER_INDEX.has(parent)) return;
    keys.push(parent === 'DictionaryType' ? '*' : entry.key);
  });
  return keys.join('.') || '(top level)';
}

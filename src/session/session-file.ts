import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { SESSION_FORMAT, sessionProtocolOf, UNMARKED_PROTOCOL, type SessionCodec, type SessionProtocol } from './session-codec.js';

/**
 * What a session file holds: a session of the codec's protocol, a wechat-rx session of another protocol, or
 * something else. A file that is not a session is described by what is wrong with its shape (paths and expected
 * types), never by its content: it may hold credentials.
 */
export type SessionFileContent<S> =
  | { readonly kind: 'session'; readonly session: S }
  | { readonly kind: 'other-protocol'; readonly protocol: SessionProtocol }
  | { readonly kind: 'other'; readonly why: string };

/**
 * A session file is a JSON object whose `format`, when present, is `wechat-rx/session` (files written before the
 * marker existed have only `version: 1`), whose `protocol` is the codec's (no `protocol` means a Web session), and
 * which the codec decodes.
 */
export function readSessionText<S>(text: string, codec: SessionCodec<S>): SessionFileContent<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The SyntaxError quotes the text it failed on, so it is dropped rather than kept as a cause.
    return { kind: 'other', why: 'it is not JSON' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { kind: 'other', why: 'it is not a JSON object' };
  const { format, version, protocol: marked } = json as { format?: unknown; version?: unknown; protocol?: unknown };
  if (format !== undefined && format !== SESSION_FORMAT) return { kind: 'other', why: `its format is not ${SESSION_FORMAT}` };
  if (format === undefined && version === undefined) {
    return { kind: 'other', why: 'it has neither the wechat-rx format marker nor a session version (another program’s file?)' };
  }
  const protocol = marked === undefined ? UNMARKED_PROTOCOL : sessionProtocolOf(marked);
  if (protocol === undefined) return { kind: 'other', why: 'its protocol is not one wechat-rx knows' };
  if (protocol !== codec.protocol) return { kind: 'other-protocol', protocol };
  const decoded = codec.decoder.decode(json);
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

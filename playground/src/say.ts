/**
 * Writing into a chat as someone, through the simulator's `inject`. The Web and work-phone simulators take the same
 * body (`from`, `group`, `data` in base64); the iLink one names its fields its own way and has no groups.
 */
import type { PageProtocol } from '../../src/testing/playground/page-events.js';
import { control } from './api';

export interface Speaker {
  readonly chat: string;
  readonly group: boolean;
  /** A person's id, or `self` for the owner writing on the phone. */
  readonly from: string;
  /** The live session (`/__sim` `session` of the Web simulator). */
  readonly session: string;
}

export type Said =
  | { readonly kind: 'text'; readonly text: string; readonly mentions?: readonly string[] }
  | { readonly kind: 'image' | 'file' | 'voice' | 'video'; readonly data: string; readonly name: string };

export function say(protocol: PageProtocol, who: Speaker, what: Said): Promise<unknown> {
  if (protocol === 'ilink') {
    if (what.kind === 'text') return control('inject', { kind: 'text', from: who.from, text: what.text });
    return control('inject', { kind: what.kind, from: who.from, dataBase64: what.data, ...(what.kind === 'file' ? { fileName: what.name } : {}) });
  }
  const where = { session: who.session, from: who.from, ...(who.group ? { group: who.chat } : who.from === 'self' ? { to: who.chat } : {}) };
  if (what.kind === 'text') return control('inject', { ...where, kind: 'text', text: what.text, ...(what.mentions === undefined ? {} : { mentions: what.mentions }) });
  return control('inject', { ...where, kind: what.kind, data: what.data, ...(what.kind === 'file' ? { text: what.name } : {}) });
}

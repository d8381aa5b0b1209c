import { map, type Observable, of, throwError } from 'rxjs';
import type { ContactResolver } from '../contacts/resolver.js';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import { UnknownChatError } from '../../errors/unknown-chat-error.js';
import type { SessionState } from './session-state.js';

/** Fixed service accounts (`filehelper`, `weixin`, `newsapp`…) have plain lower-case names instead of `@…` ones. */
const SERVICE_NAME = /^[a-z][a-z0-9_-]*$/;

/** Throws `InvalidArgumentError` for a text that is not a non-empty string. */
export function checkText(operation: string, text: unknown): void {
  if (typeof text !== 'string') throw new InvalidArgumentError(operation, 'text', 'is not a string');
  if (text === '') throw new InvalidArgumentError(operation, 'text', 'is empty');
}

/**
 * Emits once `chat` is a chat of this login: known to the contact store, a fixed service account, or — for an
 * `@…` name the store has not seen — confirmed by one webwxbatchgetcontact lookup. An empty chat fails with
 * `InvalidArgumentError`, anything else with `UnknownChatError`, so a typo never reaches the server as a send.
 */
export function knownChat$(operation: string, chat: unknown, state: SessionState, resolver: ContactResolver | undefined): Observable<void> {
  if (typeof chat !== 'string' || chat.trim() === '') return throwError(() => new InvalidArgumentError(operation, 'chat', 'is empty'));
  if (state.contacts.get(chat) !== undefined || SERVICE_NAME.test(chat)) return of(undefined);
  if (!chat.startsWith('@') || resolver === undefined) return throwError(() => new UnknownChatError(operation, chat));
  return resolver.resolve$([{ UserName: chat }]).pipe(
    map(() => {
      if (state.contacts.get(chat) === undefined) throw new UnknownChatError(operation, chat);
    }),
  );
}

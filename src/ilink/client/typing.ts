import { defer, type Observable, of, switchMap, tap } from 'rxjs';
import { isRetcodeError } from '../../errors/guards.js';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import { getConfig, sendTyping } from '../protocol/endpoints/typing.js';
import type { OperationHttp } from './operation-http.js';
import type { IlinkSession } from './session.js';

export interface TypingDeps {
  readonly http: OperationHttp;
  readonly online: (operation: string) => IlinkSession;
  readonly now: () => number;
  /** How long a ticket is reused. */
  readonly ticketTtlMs: number;
}

/**
 * The typing indicator (docs/ilink-protocol.md §8): a per-user ticket from `getconfig`, kept for `ticketTtlMs` (only
 * in memory: it is a credential), then `sendtyping` with status 1 or 2. A failed `getconfig` caches nothing, and a
 * `sendtyping` the server refuses drops the ticket it used, so the next call asks again.
 */
export class Typing {
  private readonly tickets = new WeakMap<IlinkSession, Map<string, { readonly ticket: string; readonly at: number }>>();

  constructor(private readonly deps: TypingDeps) {}

  set(chat: string, typing: boolean): Observable<void> {
    return defer(() => {
      if (typeof chat !== 'string' || chat.trim() === '') throw new InvalidArgumentError('typing', 'chat', 'is empty');
      const session = this.deps.online('typing');
      const { apiBase, bot } = session;
      return this.ticket$(session, chat).pipe(
        switchMap((ticket) => this.deps.http.call(sendTyping, apiBase, bot.token, { user: chat, ticket, typing })),
        // A refused indicator may mean a refused ticket: the next call asks for a new one rather than reuse it for hours.
        tap({
          error: (error: unknown) => {
            if (isRetcodeError(error)) this.tickets.get(session)?.delete(chat);
          },
        }),
      );
    });
  }

  private ticket$(session: IlinkSession, user: string): Observable<string> {
    let tickets = this.tickets.get(session);
    if (tickets === undefined) this.tickets.set(session, (tickets = new Map()));
    const cached = tickets.get(user);
    if (cached !== undefined && this.deps.now() - cached.at < this.deps.ticketTtlMs) return of(cached.ticket);
    const contextToken = session.contextTokens.get(user)?.token;
    const input = contextToken === undefined ? { user } : { user, contextToken };
    return this.deps.http.call(getConfig, session.apiBase, session.bot.token, input).pipe(tap((ticket) => tickets.set(user, { ticket, at: this.deps.now() })));
  }
}

import { catchError, concatMap, defer, from, map, type Observable, throwError } from 'rxjs';
import { isRetcodeError } from '../../errors/guards.js';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import { MissingContextTokenError } from '../errors/missing-context-token-error.js';
import { SendRefusedError } from '../errors/send-refused-error.js';
import { sendMessage } from '../protocol/endpoints/send.js';
import { type OutgoingItem, textItem } from '../protocol/outgoing.js';
import { splitText } from '../protocol/split-text.js';
import type { OperationHttp } from './operation-http.js';
import type { Pacer } from './pacer.js';
import type { IlinkSession } from './session.js';
import type { IlinkSendResult } from './types.js';

export interface SenderDeps {
  readonly http: OperationHttp;
  /** The online session, or a thrown `NotOnlineError` naming `operation`. */
  readonly online: (operation: string) => IlinkSession;
  readonly pace: Pacer;
  readonly now: () => number;
  readonly randomBytes: (size: number) => Uint8Array;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/**
 * Sending messages (docs/ilink-protocol.md §7.2): one item per request, each with the peer's latest context token
 * (read when the request is built, so a message that arrives meanwhile brings a newer one), a new `client_id`, the
 * client's send spacing, and no retry.
 */
export class Sender {
  constructor(private readonly deps: SenderDeps) {}

  /** Checks what a send to `chat` needs before any work: an online session and the peer's context token. */
  prepare(operation: string, chat: string): IlinkSession {
    if (typeof chat !== 'string' || chat.trim() === '') throw new InvalidArgumentError(operation, 'chat', 'is empty');
    const session = this.deps.online(operation);
    if (!session.contextTokens.has(chat)) throw new MissingContextTokenError(operation, chat);
    return session;
  }

  /**
   * A text, split into pieces of at most 2000 characters (docs/ilink-protocol.md §11), one request each, in order: emits one result per
   * piece. A refused piece fails the send and the rest are not sent.
   */
  text(chat: string, text: string): Observable<IlinkSendResult> {
    return defer(() => {
      if (typeof text !== 'string' || text === '') throw new InvalidArgumentError('send', 'text', 'is empty');
      const session = this.prepare('send', chat);
      return from(splitText(text)).pipe(concatMap((piece) => this.item(session, 'send', chat, textItem(piece))));
    });
  }

  /**
   * One `sendmessage`. `ret -2` is a `SendRefusedError` naming the peer; a `ret 0` without `message_id` is a result
   * with `confirmed: false` and `msgId: ''` (docs/ilink-protocol.md §7.5: the one sign that it may never arrive).
   */
  item(session: IlinkSession, operation: string, chat: string, item: OutgoingItem): Observable<IlinkSendResult> {
    return this.deps.pace(
      defer(() => {
        const contextToken = session.contextTokens.get(chat)?.token;
        if (contextToken === undefined) throw new MissingContextTokenError(operation, chat);
        const clientId = `wechat-rx:${this.deps.now()}-${hex(this.deps.randomBytes(4))}`;
        return this.deps.http.call(sendMessage, session.apiBase, session.bot.token, { to: chat, clientId, contextToken, item }).pipe(
          map(({ messageId }): IlinkSendResult => ({ msgId: messageId ?? '', localId: clientId, chat, confirmed: messageId !== undefined })),
          catchError((error: unknown) =>
            throwError(() => (isRetcodeError(error) && error.retcode === -2 ? new SendRefusedError(chat, error.errMsg) : error)),
          ),
        );
      }),
    );
  }
}

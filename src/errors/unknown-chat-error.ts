import { WeChatError } from './wechat-error.js';

/**
 * A send named a chat that is neither in the contact list nor known to the server for this login (UserNames change
 * at every login: take them from messages or `client.contacts`, not from an earlier run); nothing was sent.
 */
export class UnknownChatError extends WeChatError {
  override name = 'UnknownChatError';

  constructor(
    readonly operation: string,
    readonly chat: string,
  ) {
    super(`${operation}: no chat ${JSON.stringify(chat)} in this login's contacts; nothing was sent`);
  }
}

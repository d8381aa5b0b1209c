import { guardFor } from './guard-for.js';
import { WeChatError } from './wechat-error.js';

/**
 * The commit sink refused or failed a batch (its `cause` says why, e.g. `FencedOutError`). The receive loop stopped
 * without moving its cursor: whoever resumes the account polls the batch again.
 */
export class CommitFailedError extends WeChatError {
  override name = 'CommitFailedError';

  constructor(
    readonly account: string,
    options: { readonly cause: unknown },
  ) {
    super(`${account}: the batch could not be committed; the receive loop stopped where it was`, options);
  }
}

export const isCommitFailedError = guardFor(CommitFailedError, 'CommitFailedError');

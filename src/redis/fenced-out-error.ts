import { guardFor } from '../errors/guard-for.js';
import { WeChatError } from '../errors/wechat-error.js';

/**
 * A write for a shard was refused because the writer no longer holds the shard's lease: it expired, or another
 * process took the shard over with a newer fencing token (a process paused by GC or SIGSTOP sees this when it
 * resumes). Nothing of the write was applied; the writer must stop working on the shard.
 */
export class FencedOutError extends WeChatError {
  override name = 'FencedOutError';

  constructor(
    readonly shard: number,
    /** The token the refused write presented. */
    readonly token: number,
    /** The shard's holding now, or `undefined` when nobody holds it (the lease expired). */
    readonly current: { readonly token: number; readonly holder: string } | undefined,
  ) {
    super(
      `shard ${shard}: a write with fencing token ${token} was refused: ` +
        (current === undefined ? 'the lease has expired' : `the shard is held by ${current.holder} with token ${current.token}`),
    );
  }
}

export const isFencedOutError = guardFor(FencedOutError, 'FencedOutError');

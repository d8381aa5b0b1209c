import { WeChatError } from './wechat-error.js';

/**
 * An action or handler failed for one input (a reply, a forward, a mark-read, a dialog step, a guarded handler).
 * The stream that ran it keeps going; this error is reported to an error channel instead. `cause` holds what went
 * wrong (often a `RetcodeError` or `NotOnlineError`), `input` the value being handled, usually a `WxMessage`.
 */
export class ActionError extends WeChatError {
  override name = 'ActionError';

  constructor(
    /** The operator that failed: `reply`, `forwardTo`, `markRead`, `conversation`, `errorBoundary`. */
    readonly action: string,
    /** The value being handled, usually the incoming `WxMessage`. */
    readonly input: unknown,
    cause: unknown,
    /** The chat the action addressed, when there is one. */
    readonly chat?: string,
  ) {
    super(`${action} failed${chat === undefined ? '' : ` for ${chat}`}: ${describe(cause)}`, { cause });
  }
}

function describe(cause: unknown): string {
  if (cause instanceof Error) return `${cause.name}: ${cause.message}`;
  return typeof cause === 'string' ? cause : String(cause);
}

import { WeChatError } from './wechat-error.js';

/** Who holds a session: the process, its host and when it took the session. */
export interface SessionHolder {
  readonly pid: number;
  readonly hostname: string;
  /** When the holder took the session, in ms since the epoch. */
  readonly since: number;
}

/**
 * Another client (in this process or another) is using the session: two clients on one session would both
 * receive and answer every message, so the second one stops before sending anything.
 */
export class SessionLockedError extends WeChatError {
  override name = 'SessionLockedError';

  constructor(
    readonly holder: SessionHolder,
    readonly path?: string,
  ) {
    super(
      `the session${path === undefined ? '' : ` in ${path}`} is in use by process ${holder.pid} on ${holder.hostname} ` +
        `since ${new Date(holder.since).toISOString()}; stop that client first`,
    );
  }
}

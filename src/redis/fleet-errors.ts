import { guardFor } from '../errors/guard-for.js';
import { WeChatError } from '../errors/wechat-error.js';

/**
 * A command sent through the fleet (a `send` from any process) failed where it ran, at the process owning the
 * account; `remoteName` is the name of the error there (`NotOnlineError`, `RateLimitedError`…).
 */
export class FleetCommandError extends WeChatError {
  override name = 'FleetCommandError';

  constructor(
    readonly account: string,
    readonly commandId: string,
    readonly remoteName: string,
    remoteMessage: string,
  ) {
    super(`${account}: command ${commandId} failed at its owner: ${remoteName}: ${remoteMessage}`);
  }
}

/** No result of a fleet command came back in time: no process owns the account's shard, or the owner is slow. */
export class FleetCommandTimeoutError extends WeChatError {
  override name = 'FleetCommandTimeoutError';

  constructor(
    readonly account: string,
    readonly commandId: string,
    readonly ms: number,
  ) {
    super(`${account}: no result for command ${commandId} within ${ms} ms (is a poller running for its shard?); it may still run`);
  }
}

/** `addAccount` was given an id the fleet already has. */
export class AccountExistsError extends WeChatError {
  override name = 'AccountExistsError';

  constructor(readonly account: string) {
    super(`the fleet already has an account named ${account}: remove it first or choose another name`);
  }
}

export const isFleetCommandError = guardFor(FleetCommandError, 'FleetCommandError');
export const isFleetCommandTimeoutError = guardFor(FleetCommandTimeoutError, 'FleetCommandTimeoutError');
export const isAccountExistsError = guardFor(AccountExistsError, 'AccountExistsError');

import type { Endpoint } from './endpoint.js';
import { RetcodeError } from './retcode-error.js';

/** 1204: the target is not a friend (for example a group member messaged directly). Fails that operation only. */
export class NotFriendError extends RetcodeError {
  override name = 'NotFriendError';

  constructor(endpoint: Endpoint, errMsg = '') {
    super(endpoint, 1204, errMsg);
  }
}

import { classifyRetcode } from './retcodes.js';
import type { Endpoint } from './endpoint.js';
import { NotFriendError } from './not-friend-error.js';
import { RateLimitedError } from './rate-limited-error.js';
import { RetcodeError } from './retcode-error.js';
import { SessionEndedError } from './session-ended-error.js';

/** The most specific error class for a non-zero retcode, so callers can branch with the guards. */
export function retcodeError(endpoint: Endpoint, retcode: number, errMsg = ''): RetcodeError {
  switch (classifyRetcode(retcode)) {
    case 'session-ended':
      return new SessionEndedError(endpoint, retcode, errMsg);
    case 'rate-limited':
      return new RateLimitedError(endpoint, errMsg);
    case 'not-friend':
      return new NotFriendError(endpoint, errMsg);
    default:
      return new RetcodeError(endpoint, retcode, errMsg);
  }
}

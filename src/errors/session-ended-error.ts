import type { Endpoint } from './endpoint.js';
import { RetcodeError } from './retcode-error.js';

/** 1100, 1101 or 1102: the session is over (logged out on the phone, elsewhere, or kicked). Never retried blindly. */
export class SessionEndedError extends RetcodeError {
  override name = 'SessionEndedError';

  constructor(endpoint: Endpoint, retcode: number, errMsg = '') {
    super(endpoint, retcode, errMsg);
  }
}

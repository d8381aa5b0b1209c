import type { Endpoint } from './endpoint.js';
import { RetcodeError } from './retcode-error.js';

/** 1205: the server throttled this operation; back off and try again later. */
export class RateLimitedError extends RetcodeError {
  override name = 'RateLimitedError';

  constructor(endpoint: Endpoint, errMsg = '') {
    super(endpoint, 1205, errMsg);
  }
}

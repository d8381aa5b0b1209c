import { describeRetcode } from './retcodes.js';
import type { Endpoint } from './endpoint.js';
import { WeChatError } from './wechat-error.js';

/** The server answered a non-zero `Ret` / `retcode` / `ret`. */
export class RetcodeError extends WeChatError {
  override name = 'RetcodeError';

  constructor(
    readonly endpoint: Endpoint,
    readonly retcode: number,
    readonly errMsg = '',
  ) {
    super(`${endpoint} failed: ${retcode} (${describeRetcode(retcode)})${errMsg ? `: ${errMsg}` : ''}`);
  }
}

import { describeRetcode } from './retcodes.js';
import type { Endpoint } from './endpoint.js';
import { redact } from './redact.js';
import { WeChatError } from './wechat-error.js';

/** The server answered a non-zero `Ret` / `retcode` / `ret`. `errMsg` is the server's message, credentials masked. */
export class RetcodeError extends WeChatError {
  override name = 'RetcodeError';
  readonly errMsg: string;

  constructor(
    readonly endpoint: Endpoint,
    readonly retcode: number,
    errMsg = '',
  ) {
    const masked = redact(errMsg);
    super(`${endpoint} failed: ${retcode} (${describeRetcode(retcode)})${masked ? `: ${masked}` : ''}`);
    this.errMsg = masked;
  }
}

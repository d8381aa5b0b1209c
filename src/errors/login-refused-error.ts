import { RetcodeError } from './retcode-error.js';

/**
 * The login page answered a non-zero `<ret>` (1203: this account may not use web WeChat). `serverMessage` is the
 * server's own wording; it holds no credential (a refusal carries none).
 */
export class LoginRefusedError extends RetcodeError {
  override name = 'LoginRefusedError';

  /** The server's message, credentials masked (as `errMsg`). */
  readonly serverMessage: string;

  constructor(
    readonly ret: number,
    serverMessage: string,
  ) {
    super('webwxnewloginpage', ret, serverMessage);
    this.serverMessage = this.errMsg;
  }
}

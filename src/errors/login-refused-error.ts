import { RetcodeError } from './retcode-error.js';

/**
 * The login page answered a non-zero `<ret>` (1203: this account may not use web WeChat). `serverMessage` is the
 * server's own wording; it holds no credential (a refusal carries none).
 */
export class LoginRefusedError extends RetcodeError {
  override name = 'LoginRefusedError';

  constructor(
    readonly ret: number,
    readonly serverMessage: string,
  ) {
    super('webwxnewloginpage', ret, serverMessage);
  }
}

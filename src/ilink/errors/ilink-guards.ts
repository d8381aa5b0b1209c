import { guardFor } from '../../errors/guard-for.js';
import { IlinkLoginError } from './ilink-login-error.js';
import { IlinkRetcodeError } from './ilink-retcode-error.js';
import { MissingContextTokenError } from './missing-context-token-error.js';
import { SendRefusedError } from './send-refused-error.js';

export const isIlinkRetcodeError = guardFor(IlinkRetcodeError, 'IlinkRetcodeError', 'SendRefusedError');
export const isSendRefusedError = guardFor(SendRefusedError, 'SendRefusedError');
export const isMissingContextTokenError = guardFor(MissingContextTokenError, 'MissingContextTokenError');
export const isIlinkLoginError = guardFor(IlinkLoginError, 'IlinkLoginError');

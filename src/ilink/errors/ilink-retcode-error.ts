import type { Endpoint } from '../../errors/endpoint.js';
import { RetcodeError } from '../../errors/retcode-error.js';

/** What the iLink codes mean (docs/ilink-protocol.md §3.2); the Web table's wording does not fit them. */
const MEANINGS: Readonly<Record<number, string>> = {
  [-1]: 'parameters refused',
  [-2]: 'send refused',
  [-14]: 'the bot token is no longer valid',
};

export function describeIlinkRetcode(code: number): string {
  return MEANINGS[code] ?? 'unknown code';
}

/** The message of an iLink refusal, in iLink's words: the error classes are shared, their Web wording is not. */
export function ilinkFailureMessage({ endpoint, retcode, errMsg }: RetcodeError): string {
  return `${endpoint} failed: ${retcode} (${describeIlinkRetcode(retcode)})${errMsg ? `: ${errMsg}` : ''}`;
}

/**
 * An iLink answer with a non-zero `ret` or `errcode` (docs/ilink-protocol.md §3.1). `errMsg` is the server's free
 * text (masked as every quoted server text is); never branch on it (§13: its wording is not stable).
 */
export class IlinkRetcodeError extends RetcodeError {
  override name = 'IlinkRetcodeError';

  constructor(endpoint: Endpoint, retcode: number, errMsg = '') {
    super(endpoint, retcode, errMsg);
    this.message = ilinkFailureMessage(this);
  }
}

/**
 * `retryOnRetcode` as an operator. Its code lives in `src/retry`, below the operators, because the clients retry
 * with it too; see `src/retry/retry-on-retcode.ts` for the marble diagram and an example.
 */
export { type Backoff, type RetryNotice, retryOnRetcode, type RetryOnRetcodeConfig } from '../src/retry/retry-on-retcode.js';

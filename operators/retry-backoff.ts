/**
 * `retryBackoff` as an operator. Its code lives in `src/retry`, below the operators, because the clients retry with
 * it too; see `src/retry/retry-backoff.ts` for the marble diagram and an example.
 */
export { backoffDelay, isRetryable, retryBackoff, type RetryBackoffConfig } from '../src/retry/retry-backoff.js';

export { retryBackoff, backoffDelay, isRetryable, type RetryBackoffConfig } from './retry-backoff.js';
export { retryOnRetcode, type RetryOnRetcodeConfig } from './retry-on-retcode.js';

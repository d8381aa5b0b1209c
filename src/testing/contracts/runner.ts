/**
 * The test functions a contract suite registers its tests with. The suites take them from the caller instead of
 * importing a test framework, so `wechat-rx/testing` loads without one and the suites run under any runner with
 * these four functions: vitest, jest, mocha or `node:test`. They check with `node:assert/strict`, whose
 * `AssertionError` every one of those reports as a failure.
 *
 * @example
 * ```ts
 * import { afterEach, beforeEach, describe, it } from 'vitest';
 * import { MemorySessionStore } from 'wechat-rx';
 * import { describeSessionStoreContract } from 'wechat-rx/testing';
 *
 * describeSessionStoreContract('MemorySessionStore', () => new MemorySessionStore(), { describe, it, beforeEach, afterEach });
 * ```
 */
export interface ContractRunner {
  describe(name: string, body: () => void): unknown;
  it(name: string, body: () => Promise<void>): unknown;
  beforeEach(hook: () => Promise<void> | void): unknown;
  afterEach(hook: () => Promise<void> | void): unknown;
}

import { TestScheduler } from 'rxjs/testing';

/**
 * A fresh `TestScheduler` whose assertion is vitest/jest-style deep equality. Create one per test: schedulers keep
 * virtual time and flushed state.
 */
export function createTestScheduler(assertDeepEqual: (actual: unknown, expected: unknown) => void): TestScheduler {
  return new TestScheduler((actual, expected) => assertDeepEqual(stripStacks(actual), stripStacks(expected)));
}

/** Error notifications carry stack traces that differ between expected and actual; compare without them. */
function stripStacks(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (Array.isArray(value)) return value.map(stripStacks);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripStacks(v)]));
  }
  return value;
}

/** Small checks the contract suites share. */
import { strict as assert } from 'node:assert';

/** What `promise` rejects with; fails when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected a rejection');
}

/** Resolves when `condition` holds, polling every 10 ms a bounded number of times. */
export async function until(condition: () => boolean, attempts = 200): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (condition()) return;
    await delay(10);
  }
  assert.fail('condition not met in time');
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Checks that `text` contains none of `secrets`, without repeating a secret in the failure message. */
export function assertContainsNone(text: string, secrets: readonly string[], what: string): void {
  secrets.forEach((secret, index) => assert.ok(!text.includes(secret), `${what} shows secret #${index + 1}`));
}

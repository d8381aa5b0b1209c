import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Subscription } from 'rxjs';
import { afterEach } from 'vitest';

/** What a test opened, closed after it whatever happened: simulators, processes, subscriptions, temp folders. */
export interface PerTest {
  /** Closes `value` with `close` after the test (last opened, first closed); returns `value`. */
  closeAfter<T>(value: T, close: (value: T) => unknown): T;
  /** A new temp folder, removed after the test. */
  tempDir(prefix?: string): Promise<string>;
  /** Unsubscribed after the test (a fresh one for each test). */
  readonly subscriptions: Subscription;
}

/** Registers an `afterEach` in the calling test file that closes, in reverse order, what its tests opened. */
export function perTest(): PerTest {
  const closers: Array<() => unknown> = [];
  let subscriptions = new Subscription();
  afterEach(async () => {
    subscriptions.unsubscribe();
    subscriptions = new Subscription();
    for (const close of closers.splice(0).reverse()) await close();
  });
  return {
    closeAfter: (value, close) => {
      closers.push(() => close(value));
      return value;
    },
    tempDir: async (prefix = 'wechat-rx-test-') => {
      const dir = await mkdtemp(join(tmpdir(), prefix));
      closers.push(() => rm(dir, { recursive: true, force: true }));
      return dir;
    },
    get subscriptions() {
      return subscriptions;
    },
  };
}

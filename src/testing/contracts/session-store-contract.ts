/**
 * The behaviour every `SessionStore` owes the client: what `load`, `save` and `clear` promise, and, for a store
 * with `lock()`, single ownership. The Web and iLink stores run it; so can a store of your own, of either protocol.
 */
import { strict as assert } from 'node:assert';
import { hostname } from 'node:os';
import { SessionLockedError } from '../../errors/session-locked-error.js';
import type { SessionLock, SessionStore } from '../../web/session/session-store.js';
import type { SavedSession } from '../../web/session/saved-session.js';
import { rejectionOf } from './checks.js';
import type { ContractRunner } from './runner.js';
import { sampleSession } from './sample-session.js';

/** `S` is the type of store under test, `T` the session it keeps (the Web `SavedSession` unless `sample` says). */
export interface SessionStoreContractOptions<S extends SessionStore<T>, T = SavedSession> {
  /**
   * Whether the store has `lock()`. The lock tests run when it has (the default); pass `false` for a store without
   * one, and the suite checks instead that it has none (the client then runs without a lock).
   */
  readonly locks?: boolean;
  /**
   * A second store object on the same session as `store`, as a second client would open it (for a file store,
   * `new FileSessionStore(store.path)`). When given, the suite also checks that the two share saves and the lock.
   */
  readonly reopen?: (store: S) => SessionStore<T> | Promise<SessionStore<T>>;
  /**
   * Session number `n` for the tests to save: a new object on each call, equal for equal `n`, different for
   * different `n`. Defaults to complete Web sessions; a store of another protocol's sessions passes its own.
   */
  readonly sample?: (n: number) => T;
}

/**
 * Registers the session-store contract for the stores `create` makes: a new, empty store for each test.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { afterEach, beforeEach, describe, it } from 'vitest';
 * import { FileSessionStore } from 'wechat-rx';
 * import { describeSessionStoreContract } from 'wechat-rx/testing';
 *
 * const fresh = () => new FileSessionStore(join(mkdtempSync(join(tmpdir(), 'store-')), 'session.json'));
 * describeSessionStoreContract('FileSessionStore', fresh, { describe, it, beforeEach, afterEach });
 * ```
 */
export function describeSessionStoreContract<S extends SessionStore<T>, T = SavedSession>(
  name: string,
  create: () => S | Promise<S>,
  runner: ContractRunner,
  options: SessionStoreContractOptions<S, T> = {},
): void {
  // Without `sample`, T is its default, SavedSession: the type parameters see to it.
  const sample = options.sample ?? (sampleSession as unknown as (n: number) => T);
  runner.describe(`${name}: the session store contract`, () => {
    describeLoadSaveClear(create, sample, runner);
    if (options.locks === false) {
      runner.it('has no lock() (the options say so)', async () => {
        assert.equal((await create()).lock, undefined, 'the store has lock(): leave out `locks: false` to test it');
      });
    } else describeLock(create, sample, runner, options.reopen);
  });
}

function describeLoadSaveClear<T>(create: () => SessionStore<T> | Promise<SessionStore<T>>, sampleSession: (n: number) => T, { it }: ContractRunner): void {
  it('load resolves undefined while nothing was saved', async () => {
    assert.equal(await (await create()).load(), undefined);
  });

  it('load returns what save stored, as a copy: equal, not the same object, untouched by later changes to either', async () => {
    const store = await create();
    const saved = sampleSession(1);
    await store.save(saved);
    const loaded = await store.load();
    assert.deepEqual(loaded, sampleSession(1));
    assert.notEqual(loaded, saved);
    changeEverything(saved);
    changeEverything(loaded);
    const again = await store.load();
    assert.deepEqual(again, sampleSession(1));
    assert.notEqual(again, loaded);
  });

  it('save replaces the session saved before', async () => {
    const store = await create();
    await store.save(sampleSession(1));
    await store.save(sampleSession(2));
    assert.deepEqual(await store.load(), sampleSession(2));
  });

  it('clear removes the session, and clearing an empty store is fine', async () => {
    const store = await create();
    await store.clear();
    await store.save(sampleSession(1));
    await store.clear();
    assert.equal(await store.load(), undefined);
    await store.clear();
    assert.equal(await store.load(), undefined);
  });

  it('save after clear stores again', async () => {
    const store = await create();
    await store.save(sampleSession(1));
    await store.clear();
    await store.save(sampleSession(2));
    assert.deepEqual(await store.load(), sampleSession(2));
  });

  it('saves started together end with the last one started', async () => {
    const store = await create();
    await Promise.all([1, 2, 3, 4, 5].map((n) => store.save(sampleSession(n))));
    assert.deepEqual(await store.load(), sampleSession(5));
  });
}

function describeLock<S extends SessionStore<T>, T>(
  create: () => S | Promise<S>,
  sampleSession: (n: number) => T,
  runner: ContractRunner,
  reopen: SessionStoreContractOptions<S, T>['reopen'],
): void {
  /** Every lock a test took, released after it whatever happened (a file lock keeps a heartbeat timer). */
  const held: SessionLock[] = [];
  const take = async (store: SessionStore<T>): Promise<SessionLock> => {
    assert.ok(store.lock !== undefined, 'the store has no lock(): pass `locks: false` if it has none');
    const lock = await store.lock();
    held.push(lock);
    return lock;
  };
  runner.afterEach(async () => {
    await Promise.all(held.splice(0).map((lock) => lock.release()));
  });

  runner.it('a second lock() fails with SessionLockedError naming this process as the holder', async () => {
    const store = await create();
    await take(store);
    const error = await rejectionOf(take(store));
    assertLockedByThisProcess(error);
  });

  runner.it('release frees the session for the next lock()', async () => {
    const store = await create();
    const first = await take(store);
    await first.release();
    await take(store);
  });

  runner.it('release is idempotent: a second release is harmless and does not free a later holder', async () => {
    const store = await create();
    const first = await take(store);
    await first.release();
    await first.release();
    await take(store);
    await first.release();
    assertLockedByThisProcess(await rejectionOf(take(store)));
  });

  if (reopen === undefined) return;
  runner.it('a second store on the same session sees its saves and respects its lock', async () => {
    const store = await create();
    const other = await reopen(store);
    await store.save(sampleSession(3));
    assert.deepEqual(await other.load(), sampleSession(3));
    const lock = await take(store);
    assertLockedByThisProcess(await rejectionOf(take(other)));
    await lock.release();
    await take(other);
  });
}

/** Changes every string, number and array in `value`, however deep, in place: what shares any of it shows it. */
function changeEverything(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  const fields = value as Record<string, unknown>;
  for (const [key, field] of Object.entries(fields)) {
    if (typeof field === 'string') fields[key] = `${field} (changed)`;
    else if (typeof field === 'number') fields[key] = field + 1;
    else changeEverything(field);
  }
  if (Array.isArray(value)) value.push('added');
}

function assertLockedByThisProcess(error: unknown): void {
  assert.ok(error instanceof SessionLockedError, `expected a SessionLockedError, got ${String(error)}`);
  assert.equal(error.holder.pid, process.pid);
  assert.equal(error.holder.hostname, hostname());
  assert.ok(Math.abs(Date.now() - error.holder.since) < 60_000, 'the holder’s `since` is not the time it took the lock');
}

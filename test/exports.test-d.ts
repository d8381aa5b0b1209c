import type { describe as nodeDescribe, it as nodeIt, beforeEach as nodeBeforeEach, afterEach as nodeAfterEach } from 'node:test';
import { afterEach, beforeEach, describe, expectTypeOf, it, test } from 'vitest';
import type * as operators from '../operators/index.js';
import type * as root from '../src/index.js';
import type { MemorySessionStore, SessionStore } from '../src/index.js';
import type * as testing from '../src/testing/index.js';
import {
  describeSessionStoreContract,
  describeTransportContract,
  type ContractRunner,
  type SessionStoreContractOptions,
  type TransportFactory,
} from '../src/testing/index.js';

describe('the root entry', () => {
  test('exports every operator, with the same type', () => {
    expectTypeOf<Pick<typeof root, keyof typeof operators>>().toEqualTypeOf<typeof operators>();
  });

  test('exports nothing of the device protocol, the testing kit or the fast-path machinery', () => {
    expectTypeOf<typeof root>().not.toHaveProperty('connectDevice');
    expectTypeOf<typeof root>().not.toHaveProperty('decodeFrame');
    expectTypeOf<typeof root>().not.toHaveProperty('schemaProtoText');
    expectTypeOf<typeof root>().not.toHaveProperty('DeviceError');
    expectTypeOf<typeof root>().not.toHaveProperty('startSimulator');
    expectTypeOf<typeof root>().not.toHaveProperty('describeSessionStoreContract');
    expectTypeOf<typeof root>().not.toHaveProperty('withFastPath');
    expectTypeOf<typeof root>().not.toHaveProperty('decodeWith');
  });
});

describe('the contract suites of wechat-rx/testing', () => {
  test('take vitest’s and node:test’s functions as their runner', () => {
    expectTypeOf({ describe, it, beforeEach, afterEach }).toMatchTypeOf<ContractRunner>();
    expectTypeOf<{ describe: typeof nodeDescribe; it: typeof nodeIt; beforeEach: typeof nodeBeforeEach; afterEach: typeof nodeAfterEach }>().toMatchTypeOf<ContractRunner>();
  });

  test('describeTransportContract(name, create, runner)', () => {
    expectTypeOf(describeTransportContract).toEqualTypeOf<(name: string, create: TransportFactory, runner: ContractRunner) => void>();
    expectTypeOf<typeof testing>().toHaveProperty('describeTransportContract');
  });

  test('describeSessionStoreContract(name, create, runner, options?) passes the store type on to reopen', () => {
    expectTypeOf(describeSessionStoreContract<MemorySessionStore>).parameter(1).toEqualTypeOf<() => MemorySessionStore | Promise<MemorySessionStore>>();
    expectTypeOf<SessionStoreContractOptions<MemorySessionStore>['reopen']>().toEqualTypeOf<
      ((store: MemorySessionStore) => SessionStore | Promise<SessionStore>) | undefined
    >();
    expectTypeOf<SessionStoreContractOptions<SessionStore>['locks']>().toEqualTypeOf<boolean | undefined>();
  });
});

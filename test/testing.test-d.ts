import { describe, expectTypeOf, it } from 'vitest';
import type { Entity, OfficialAccount, Person, Simulator, SpecialAccount, Target, World, WorldGroup } from '../src/testing/index.js';

describe('the simulator world', () => {
  it('is there without a target (before any login too)', () => {
    expectTypeOf<Simulator['world']>().toEqualTypeOf<(target?: Target) => World>();
  });

  it('lists each kind through a method returning an array', () => {
    expectTypeOf<ReturnType<World['friends']>>().toEqualTypeOf<Person[]>();
    expectTypeOf<ReturnType<World['strangers']>>().toEqualTypeOf<Person[]>();
    expectTypeOf<ReturnType<World['groups']>>().toEqualTypeOf<WorldGroup[]>();
    expectTypeOf<ReturnType<World['officialAccounts']>>().toEqualTypeOf<OfficialAccount[]>();
    expectTypeOf<ReturnType<World['specialAccounts']>>().toEqualTypeOf<SpecialAccount[]>();
  });

  it('looks entities up by id, or by id or name', () => {
    expectTypeOf<World['person']>().toEqualTypeOf<(id: string) => Person | undefined>();
    expectTypeOf<World['group']>().toEqualTypeOf<(id: string) => WorldGroup | undefined>();
    expectTypeOf<World['get']>().toEqualTypeOf<(id: string) => Entity | undefined>();
    expectTypeOf<World['find']>().toEqualTypeOf<(idOrName: string) => Entity | undefined>();
  });

  it('has no map-valued collections any more', () => {
    // @ts-expect-error the people are `friends()` and `strangers()`
    expectTypeOf<World['persons']>();
    // @ts-expect-error official accounts are `officialAccounts()`
    expectTypeOf<World['officials']>();
    // @ts-expect-error special accounts are `specialAccounts()`
    expectTypeOf<World['specials']>();
  });
});

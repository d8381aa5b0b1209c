import { lastValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { ControlError, type Simulator } from '../../src/testing/index.js';
import { clientFor, login, startFastSim } from './helpers.js';

let sim: Simulator;
afterEach(async () => {
  await sim.close();
});

/** The error a call throws, or `undefined`. */
function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('sim.world() before any login', () => {
  it('is the world of the account the next QR login gets: its people, and changes made to it, reach the client', async () => {
    sim = await startFastSim();
    const world = sim.world();
    const alice = world.friends()[0]!;
    expect(alice.nickName).toBe('Alice');
    expect(sim.world()).toBe(world);
    const early = world.addContact({ nickName: 'Early Bird' });

    const client = clientFor(sim, { contactBatchRate: false });
    await login(client);
    expect(sim.world()).toBe(world);
    expect(sim.sessions()[0]?.self.id).toBe(world.self.id);
    expect(client.contacts.snapshot?.self.nickName).toBe(world.self.nickName);
    expect(client.contacts.find(alice.nickName)?.kind).toBe('friend');
    expect(client.contacts.find(early.nickName)?.kind).toBe('friend');
    await lastValueFrom(client.logout(), { defaultValue: undefined });
  });

  it('is the same first account whether or not it was looked at before the login', async () => {
    sim = await startFastSim({ seed: 77 });
    const client = clientFor(sim);
    await login(client);
    const unseen = sim.world().self.id;
    await lastValueFrom(client.logout(), { defaultValue: undefined });
    await sim.close();

    sim = await startFastSim({ seed: 77 });
    expect(sim.world().self.id).toBe(unseen);
  });

  it('stays the last account once its session has ended, and a second QR login gets a new one', async () => {
    sim = await startFastSim();
    const first = clientFor(sim);
    await login(first);
    const world = sim.world();
    await lastValueFrom(first.logout(), { defaultValue: undefined });
    expect(sim.world()).toBe(world);

    const second = clientFor(sim);
    await login(second);
    expect(sim.world()).not.toBe(world);
    expect(second.contacts.snapshot?.self.nickName).toBe(sim.world().self.nickName);
    await lastValueFrom(second.logout(), { defaultValue: undefined });
  });
});

describe('control calls that need a logged-in client', () => {
  it('fail with a ControlError saying no client is logged in yet, then work once one is', async () => {
    sim = await startFastSim();
    const alice = sim.world().friends()[0]!;
    const early = thrown(() => sim.inject({ from: alice.id, text: 'too early' }));
    expect(early).toBeInstanceOf(ControlError);
    expect(early).toMatchObject({ status: 404, message: 'no client is logged in yet: inject needs a logged-in session; log a client in first' });
    expect(thrown(() => sim.contacts.add({ nickName: 'x' }))).toMatchObject({ message: expect.stringMatching(/^no client is logged in yet: contacts\.add/) });

    const client = clientFor(sim);
    await login(client);
    expect(sim.inject({ from: alice.id, text: 'in time' }).msgIds).toHaveLength(1);
    await lastValueFrom(client.logout(), { defaultValue: undefined });
    expect(thrown(() => sim.inject({ from: alice.id, text: 'too late' }))).toMatchObject({ message: expect.stringMatching(/^no client is logged in any more/) });
  });
});

import { lastValueFrom } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createKyTransport } from '../../src/http/ky-transport.js';
import { createUndiciTransport } from '../../src/http/undici-transport.js';
import type { WxEvent } from '../../src/model/events.js';
import type { Simulator } from '../../src/testing/index.js';
import { clientFor, login, nextEvent, startFastSim, textOf } from './helpers.js';

vi.mock('../../src/http/ky-transport.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/http/ky-transport.js')>();
  return { ...original, createKyTransport: vi.fn(original.createKyTransport) };
});
vi.mock('../../src/http/undici-transport.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/http/undici-transport.js')>();
  return { ...original, createUndiciTransport: vi.fn(original.createUndiciTransport) };
});

let sim: Simulator;
afterEach(async () => {
  vi.clearAllMocks();
  await sim.close();
});

describe('the transport a client makes', () => {
  it.each([
    { asked: undefined, made: 'undici' },
    { asked: 'undici', made: 'undici' },
    { asked: 'ky', made: 'ky' },
  ] as const)('is $made when transport is $asked, and closes with the client', async ({ asked, made }) => {
    sim = await startFastSim();
    const client = clientFor(sim, asked === undefined ? {} : { transport: asked });
    await login(client);
    expect(vi.mocked(createUndiciTransport)).toHaveBeenCalledTimes(made === 'undici' ? 1 : 0);
    expect(vi.mocked(createKyTransport)).toHaveBeenCalledTimes(made === 'ky' ? 1 : 0);
    const text = `via ${made}`;
    const message = nextEvent(client, (e): e is Extract<WxEvent, { type: 'message' }> => e.type === 'message' && textOf(e.message) === text);
    sim.inject({ from: sim.world().friends()[0]!.id, text });
    const { chat } = (await message).message;
    expect((await lastValueFrom(client.send(chat, 'ok'))).msgId).toMatch(/^\d+$/);
    await lastValueFrom(client.logout());
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap')).toEqual([]);
  });
});

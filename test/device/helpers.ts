import { filter, firstValueFrom, type Observable, type Subscription, timeout } from 'rxjs';
import { afterEach } from 'vitest';
import { connectDevice, type DeviceClient } from '../../src/device/client.js';
import type { DeviceClientOptions } from '../../src/device/options.js';
import type { DeviceEvent } from '../../src/device/types.js';
import { type DeviceSimulator, type DeviceSimulatorOptions, startDeviceSimulator } from '../../src/testing/device-simulator/index.js';

/**
 * Simulators, clients (fast heartbeats and reconnects) and subscriptions for a test file, all closed after each
 * test: call it once at the top of the file.
 */
export function deviceFixture() {
  const sims: DeviceSimulator[] = [];
  const clients: DeviceClient[] = [];
  const subscriptions: Subscription[] = [];
  afterEach(async () => {
    for (const subscription of subscriptions.splice(0)) subscription.unsubscribe();
    for (const client of clients.splice(0)) client.close();
    await Promise.all(sims.splice(0).map((sim) => sim.close()));
  });
  return {
    subscriptions,
    async simulator(options: DeviceSimulatorOptions = {}): Promise<DeviceSimulator> {
      const sim = await startDeviceSimulator(options);
      sims.push(sim);
      return sim;
    },
    client(sim: DeviceSimulator, options: Partial<DeviceClientOptions> = {}): DeviceClient {
      const c = connectDevice({
        host: sim.host, port: sim.port, credential: 'IMEI0001', heartbeatInterval: 1000, heartbeatTimeout: 1000,
        reconnect: { initialDelay: 10, maxDelay: 50 }, ...options,
      });
      clients.push(c);
      return c;
    },
  };
}

/** Waits (bounded) until `check` holds, polling every 5 ms. */
export async function until(check: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The first event of a type, within `timeoutMs`. */
export function nextEvent<T extends DeviceEvent['type']>(
  events$: Observable<DeviceEvent>,
  type: T,
  timeoutMs = 5000,
): Promise<Extract<DeviceEvent, { type: T }>> {
  return firstValueFrom(
    events$.pipe(
      filter((event): event is Extract<DeviceEvent, { type: T }> => event.type === type),
      timeout(timeoutMs),
    ),
  );
}

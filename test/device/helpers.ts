import { filter, firstValueFrom, type Observable, timeout } from 'rxjs';
import type { DeviceEvent } from '../../src/device/types.js';

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

import { filter, firstValueFrom, lastValueFrom, type Observable, tap, timeout } from 'rxjs';
import { connectIlink, type IlinkClient } from '../../src/ilink/client/client.js';
import type { IlinkClientOptions } from '../../src/ilink/client/options.js';
import type { IlinkEvent, IlinkLoginStep } from '../../src/ilink/client/types.js';
import type { IlinkMessage } from '../../src/ilink/protocol/messages/ilink-message.js';
import { startIlinkSimulator, type IlinkSimulator, type IlinkSimulatorOptions } from '../../src/testing/index.js';

/** A simulator with short holds, for tests that wait on long polls. */
export function startFastIlinkSim(options: IlinkSimulatorOptions = {}): Promise<IlinkSimulator> {
  return startIlinkSimulator({ updatesHoldMs: 300, qrHoldMs: 200, ...options });
}

/** A client of `sim` with no send spacing and short pauses. */
export function ilinkClientFor(sim: IlinkSimulator, options: IlinkClientOptions = {}): IlinkClient {
  return connectIlink({ server: sim.origin, sendIntervalMs: 0, qrPollIntervalMs: 10, pollRetry: { delayMs: 20, pauseMs: 50 }, ...options });
}

/** Logs in by QR: the phone scans when the QR shows and confirms once scanned. Resolves with every step. */
export async function qrLogin(client: IlinkClient, sim: IlinkSimulator): Promise<IlinkLoginStep[]> {
  const steps: IlinkLoginStep[] = [];
  await lastValueFrom(
    client.login$.pipe(
      tap((step) => {
        steps.push(step);
        if (step.type === 'qr') setTimeout(() => sim.scan(), 5);
        if (step.type === 'scanned') setTimeout(() => sim.confirm(), 5);
      }),
      timeout(10_000),
    ),
  );
  return steps;
}

export const nextEvent = <T extends IlinkEvent['type']>(client: IlinkClient, type: T): Promise<Extract<IlinkEvent, { type: T }>> =>
  firstValueFrom(client.events$.pipe(filter((event): event is Extract<IlinkEvent, { type: T }> => event.type === type), timeout(10_000)));

/** The first `count` messages of `messages$`, subscribed now. */
export function collect(messages$: Observable<IlinkMessage>, count: number, ms = 10_000): Promise<IlinkMessage[]> {
  const got: IlinkMessage[] = [];
  return new Promise((resolve, reject) => {
    const subscription = messages$.pipe(timeout(ms)).subscribe({
      next: (message) => {
        got.push(message);
        if (got.length === count) {
          subscription.unsubscribe();
          resolve(got);
        }
      },
      error: (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))),
    });
  });
}

export const textOf = (message: IlinkMessage): string | undefined => (message.kind === 'text' ? message.text : undefined);

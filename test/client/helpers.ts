import { filter, firstValueFrom, lastValueFrom, type Observable, take, tap, timeout, toArray } from 'rxjs';
import { createClient, type WeChatClient } from '../../src/web/client/client.js';
import type { ClientOptions } from '../../src/web/client/options.js';
import type { WxEvent } from '../../src/model/events.js';
import type { Transport } from '../../src/http/transport.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/testing/index.js';

/** Short holds and back-offs so the whole protocol runs in milliseconds. */
export const FAST_SIM: SimulatorOptions = { autoConfirm: { delayMs: 5 }, loginHoldMs: 300, syncHoldMs: 300 };
export const FAST_CLIENT = {
  sendRate: false,
  loopRetry: { transient: { initialDelay: 20, maxDelay: 100 }, rateLimited: { initialDelay: 30, maxDelay: 120 } },
  sendRetry: { initialDelay: 20, maxDelay: 100 },
} as const satisfies ClientOptions;

export async function startFastSim(options: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({ ...FAST_SIM, ...options });
}

export function clientFor(sim: Simulator, options: ClientOptions = {}): WeChatClient {
  return createClient({ server: sim.origin, ...FAST_CLIENT, ...options });
}

export async function login(client: WeChatClient) {
  return lastValueFrom(client.login$.pipe(toArray(), timeout(10_000)));
}

/** The first event matching `predicate`, within a bound. */
export function nextEvent<T extends WxEvent>(client: WeChatClient, predicate: (event: WxEvent) => event is T, ms = 10_000): Promise<T> {
  return firstValueFrom(client.events$.pipe(filter(predicate), timeout(ms)));
}

/** Collects `count` items of a stream, within a bound. */
export function collect<T>(source: Observable<T>, count: number, ms = 20_000, onEach?: (value: T) => void): Promise<T[]> {
  return lastValueFrom(source.pipe(tap((value) => onEach?.(value)), take(count), toArray(), timeout(ms)));
}

export function textOf(message: { kind: string; text?: string }): string {
  return message.kind === 'text' ? (message.text ?? '') : '';
}

/** A transport that records the URL of every request before passing it on. */
export function recording(inner: Transport): { readonly transport: Transport; readonly urls: string[] } {
  const urls: string[] = [];
  return { urls, transport: { request: (req) => (urls.push(req.url), inner.request(req)) } };
}

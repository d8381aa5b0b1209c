import type { DeviceState, DeviceEvent } from './types.js';
import type { KnownMsgType, PayloadByMsgType, PayloadInput } from './wire-types.js';

/** Sends a frame on the live connection with a fresh `Id` and the access token; returns the `Id`. */
export interface DeviceLink {
  send<K extends KnownMsgType>(msgType: K, payload: PayloadInput<PayloadByMsgType[K]>, refMessageId?: string): string;
}

/**
 * A lifecycle step of the receive loop, as a value in its stream (the loop never calls into the client). An online
 * state carries the link to send on; every other state means there is none.
 */
export interface StateChange {
  readonly type: 'state';
  readonly state: DeviceState;
  readonly link?: DeviceLink;
}

/**
 * What the receive loop emits, in order: the public events and the state changes. Kept one flat union (no wrapper
 * per event) because every frame of a burst passes through it.
 */
export type LoopEvent = DeviceEvent | StateChange;

import {
  isDeviceAuthError,
  isDeviceConnectionError,
  isDeviceSessionEndedError,
  isDeviceTimeoutError,
  isFrameDecodeError,
  isFrameTooLargeError,
} from './errors/device-guards.js';
import { DeviceConnectionError } from './errors/device-connection-error.js';
import type { DeviceAddress } from './socket.js';
import type { DeviceEvent } from './types.js';

/** The event that reports why a connection ended (an unexpected error counts as a network problem). */
export function problemEvent(error: unknown, address: DeviceAddress): DeviceEvent {
  if (isFrameDecodeError(error) || isFrameTooLargeError(error)) return { type: 'decode-problem', error };
  if (isDeviceConnectionError(error) || isDeviceTimeoutError(error)) return { type: 'network-problem', error };
  if (isDeviceSessionEndedError(error)) return { type: 'session-ended', reason: error.reason, error };
  if (isDeviceAuthError(error)) return { type: 'auth-failed', error };
  return { type: 'network-problem', error: new DeviceConnectionError(address.host, address.port, 'unexpected error', error) };
}

import { DeviceAuthError } from './device-auth-error.js';
import { DeviceConnectionError } from './device-connection-error.js';
import { DeviceError } from './device-error.js';
import { DeviceSessionEndedError } from './device-session-ended-error.js';
import { DeviceTaskError } from './device-task-error.js';
import { DeviceTimeoutError } from './device-timeout-error.js';
import { FrameDecodeError } from './frame-decode-error.js';
import { FrameTooLargeError } from './frame-too-large-error.js';
import { guardFor } from '../../errors/guard-for.js';


export const isFrameTooLargeError = guardFor(FrameTooLargeError, 'FrameTooLargeError');
export const isFrameDecodeError = guardFor(FrameDecodeError, 'FrameDecodeError');
export const isDeviceError = guardFor(DeviceError, 'DeviceError', 'DeviceAuthError');
export const isDeviceAuthError = guardFor(DeviceAuthError, 'DeviceAuthError');
export const isDeviceConnectionError = guardFor(DeviceConnectionError, 'DeviceConnectionError');
export const isDeviceTimeoutError = guardFor(DeviceTimeoutError, 'DeviceTimeoutError');
export const isDeviceTaskError = guardFor(DeviceTaskError, 'DeviceTaskError');
export const isDeviceSessionEndedError = guardFor(DeviceSessionEndedError, 'DeviceSessionEndedError');

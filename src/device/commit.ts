import { CommitFailedError } from '../errors/commit-failed-error.js';
import type { CommitSink } from '../session/commit-sink.js';
import type { DeviceMessage } from './messages.js';
import type { DeviceAddress } from './socket.js';

/**
 * The state a work-phone commit carries. The protocol has no cursor: the server sends a notice again until it is
 * acknowledged, so what a commit moves on is the acknowledgement of its notices, and what a resuming process needs
 * is the address to connect to (a redirect changes it). Free of credentials: the device credential and the access
 * token are never in it.
 */
export interface DeviceCommitState {
  /** The server address the notices came from. */
  readonly address: DeviceAddress;
  /** The `Id`s of the notices the client acknowledges once the commit resolved. */
  readonly acknowledges: readonly string[];
}

/** Makes the message of one notice durable; rejects with `CommitFailedError`. */
export type DeviceCommit = (message: DeviceMessage, frameId: string, address: DeviceAddress) => Promise<void>;

/** Commits each message as a batch of its own, for the WeChat account on the phone that received or sent it. */
export function deviceCommit(sink: CommitSink<DeviceMessage, DeviceCommitState>): DeviceCommit {
  return async (message, frameId, address) => {
    const account = message.device.wechatId;
    try {
      await sink.commit({ account, messages: [message], state: { address, acknowledges: [frameId] } });
    } catch (error) {
      throw new CommitFailedError(account, { cause: error });
    }
  };
}

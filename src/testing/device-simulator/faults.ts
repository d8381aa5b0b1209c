import type { encodeFrame } from '../../device/codec.js';
import { DeviceMsgType, ForceOfflineReason } from '../../device/enums.js';
import { frameBytes } from '../../device/frame-decoder.js';
import type { DeviceFaults } from './shapes.js';
import type { SimConnection } from './sim-connection.js';

/** What the fault switches need of the simulator. */
export interface FaultHost {
  /** The open connections (a fault reaches the authenticated ones, an abrupt close all of them). */
  readonly live: ReadonlySet<SimConnection>;
  /** The WeChat id a forced offline names. */
  weChatId(): string;
  frame(frame: Parameters<typeof encodeFrame>[0]): Uint8Array;
  /** Names `bytes` for the playground's frame log. */
  tagged(bytes: Uint8Array, type: string): Uint8Array;
  frameId(): string;
  /** Turns a lasting fault on or off. */
  setSwitch(name: 'splitBytes' | 'silent', enabled: boolean): void;
}

/** The simulator's fault switches (`sim.faults`): what a broken or hostile server does to a client. */
export function deviceFaults(host: FaultHost): DeviceFaults {
  const authenticated = () => [...host.live].filter((connection) => connection.authenticated);
  return {
    splitBytes: (enabled = true) => host.setSwitch('splitBytes', enabled),
    garbage: (kind = 'frame') => {
      const bytes =
        kind === 'frame'
          ? host.tagged(frameBytes(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff)), 'garbage')
          : host.frame({
              Id: host.frameId(),
              AccessToken: '',
              MsgType: DeviceMsgType.FriendTalkNotice,
              RefMessageId: '0',
              Content: { type_url: '', value: Uint8Array.of(0x0a, 0xff, 0xff) },
            });
      for (const connection of authenticated()) connection.write(bytes);
    },
    oversize: (length = 0x7fffffff) => {
      const header = host.tagged(Uint8Array.of(length >>> 24, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff, 0, 0), 'oversize');
      for (const connection of authenticated()) connection.write(header);
    },
    abruptClose: () => {
      for (const connection of host.live) connection.socket.resetAndDestroy();
    },
    redirect: (to) => {
      const bytes = host.frame({
        Id: host.frameId(),
        AccessToken: '',
        MsgType: DeviceMsgType.RedirectNotice,
        RefMessageId: '0',
        payload: { Type: 1, ServerUrl: to.host, ServerPort: to.port },
      });
      for (const connection of authenticated()) connection.write(bytes);
    },
    forceOffline: (reason = ForceOfflineReason.FuckedByOtherAuthorizer, message = 'logged in elsewhere') => {
      for (const connection of authenticated()) {
        connection.offlineReason = reason;
        connection.write(
          host.frame({
            Id: host.frameId(),
            AccessToken: '',
            MsgType: DeviceMsgType.AccountForceOfflineNotice,
            RefMessageId: '0',
            payload: { Reason: reason, Message: message, WeChatId: host.weChatId() },
          }),
        );
        connection.end();
      }
    },
    silence: (enabled = true) => host.setSwitch('silent', enabled),
  };
}

/**
 * What happens inside the device simulator, as it happens: frames in and out (by type only), sessions starting and
 * ending, chat messages reported, tasks and their results, fault switches. The playground page is built from these;
 * nothing else listens, so reporting costs one check of `observed` when the page is off.
 */
import type { TalkToFriendTaskMessage } from '../../device/wire-types.js';
import type { DeviceChatSpec } from './shapes.js';
import type { TaskOutcome } from './options.js';

export type DeviceActivity =
  /** `type`: the `EnumMsgType` name, or `garbage` / `oversize` for the faults' bytes. */
  | { readonly type: 'frame'; readonly dir: 'in' | 'out'; readonly frame: string }
  /** An authenticated connection (`session` counts from 1) started, or ended (`reason`: a force-offline's). */
  | { readonly type: 'session'; readonly session: number; readonly active: boolean; readonly reason?: number }
  | { readonly type: 'chat'; readonly spec: DeviceChatSpec; readonly msgSvrId: string; readonly wechatId: string; readonly createTime: string }
  | { readonly type: 'task'; readonly task: TalkToFriendTaskMessage }
  | { readonly type: 'task-result'; readonly task: TalkToFriendTaskMessage; readonly outcome: TaskOutcome }
  | { readonly type: 'faults' };

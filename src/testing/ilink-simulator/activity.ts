/**
 * What happens inside the iLink simulator, as it happens: requests answered, QR logins moving, bots bound and their
 * tokens dying, messages injected, faults changed (sends have their own stream, `outbox.sent$`). The playground page
 * is built from these; nothing else listens, so reporting costs one check of `observed` when the page is off.
 */
import type { RequestActivity } from '../simulator/activity.js';
import type { Bot } from './bots.js';
import type { IlinkInjected, IlinkInjectSpec } from './inject-spec.js';
import type { QrLogin } from './login.js';

export type IlinkActivity =
  | RequestActivity
  | { readonly type: 'login'; readonly login: QrLogin }
  /** A bot was bound, or its token died. */
  | { readonly type: 'bot'; readonly bot: Bot }
  | { readonly type: 'inject'; readonly bot: Bot; readonly spec: IlinkInjectSpec; readonly result: IlinkInjected }
  | { readonly type: 'faults' };

/**
 * What happens inside the simulator, as it happens: requests answered, messages queued for a client, what the client
 * sent, login and session changes, world changes, faults. The playground page is built from these; nothing else
 * listens, so reporting costs one check of `observed` when the page is off.
 */
import type { FaultKind } from './faults.js';
import type { LoginActivity } from './login.js';
import type { SessionActivity } from './session.js';

/** A protocol request as answered (the Web and iLink simulators report these alike). */
export interface RequestActivity {
  readonly type: 'request';
  readonly endpoint: string;
  /** The HTTP status answered, or `reset` for a dropped connection and `aborted` for a client that left. */
  readonly status: number | 'reset' | 'aborted';
  readonly ms: number;
  readonly fault?: FaultKind;
  /** The protocol's own result code in the answer, when not 0 (iLink `ret`/`errcode`). */
  readonly code?: number;
}

export type SimActivity =
  | RequestActivity
  | SessionActivity
  | LoginActivity
  | { readonly type: 'faults' }
  | { readonly type: 'reset' };

/** The page's picture of the simulator, folded from the event stream. */
import type { PageEvent, PageFault, PageFeatures, PageFrame, PageLogin, PageMessage, PageProtocol, PageRequest, PageSession, PageWorld } from '../../src/testing/playground/page-events.js';

export interface PageState {
  readonly connected: boolean;
  /** Which simulator, and which panels apply: both from the first snapshot. */
  readonly protocol: PageProtocol | undefined;
  readonly features: PageFeatures | undefined;
  readonly world: PageWorld | undefined;
  /** With the page's time of arrival, for the expiry countdown. */
  readonly login: (PageLogin & { readonly at: number }) | undefined;
  readonly sessions: readonly PageSession[];
  readonly messages: readonly PageMessage[];
  readonly requests: readonly PageRequest[];
  readonly frames: readonly PageFrame[];
  readonly faults: readonly PageFault[];
}

export const EMPTY: PageState = { connected: false, protocol: undefined, features: undefined, world: undefined, login: undefined, sessions: [], messages: [], requests: [], frames: [], faults: [] };

const MAX_ROWS = 200;

export function apply(state: PageState, event: PageEvent | { readonly t: 'disconnected' }): PageState {
  switch (event.t) {
    case 'disconnected':
      return { ...state, connected: false };
    case 'hello': {
      const { t: _t, login, ...rest } = event;
      return { ...state, ...rest, connected: true, login: login === undefined ? undefined : { ...login, at: Date.now() } };
    }
    case 'request': {
      const { t: _t, ...request } = event;
      return { ...state, requests: [...state.requests.slice(-(MAX_ROWS - 1)), request] };
    }
    case 'frame': {
      const { t: _t, ...frame } = event;
      return { ...state, frames: [...state.frames.slice(-(MAX_ROWS - 1)), frame] };
    }
    case 'login': {
      const { t: _t, ...login } = event;
      return { ...state, login: { ...login, at: Date.now() } };
    }
    case 'session': {
      const { t: _t, ...session } = event;
      return { ...state, sessions: [...state.sessions.filter((s) => s.uuid !== session.uuid), session] };
    }
    case 'message': {
      const { t: _t, ...message } = event;
      return { ...state, messages: [...state.messages, message] };
    }
    case 'recall':
      return { ...state, messages: state.messages.map((m) => (m.msgId === event.msgId ? { ...m, recalled: true } : m)) };
    case 'state': {
      const { t: _t, msgId, ...change } = event;
      return { ...state, messages: state.messages.map((m) => (m.msgId === msgId ? { ...m, ...change } : m)) };
    }
    case 'world':
      return { ...state, world: event.world };
    case 'faults':
      return { ...state, faults: event.faults };
  }
}

/** The newest session: the one the phone and the composer act on. */
export function currentSession(state: PageState): PageSession | undefined {
  return state.sessions[state.sessions.length - 1];
}

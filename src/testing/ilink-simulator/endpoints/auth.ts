/**
 * Bearer authentication of bot calls (docs/ilink-protocol.md §3.1, §4.4): a missing, unknown or dead token — and,
 * with `enforceClientHeaders`, a call without the iLink app headers — gets HTTP 200 with -14.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Bot } from '../bots.js';
import { isPackedClientVersion } from '../conformance.js';
import { json, type Reply } from '../http.js';
import type { IlinkState } from '../state.js';

const SESSION_TIMEOUT = 'session timeout';

export function deadTokenReply(state: IlinkState): Reply {
  switch (state.options.deadTokenAnswer) {
    case 'errcode':
      return json({ errcode: -14, errmsg: SESSION_TIMEOUT });
    case 'ret':
      return json({ ret: -14, errmsg: SESSION_TIMEOUT });
    case 'ret-with-errcode-0':
      return json({ ret: -14, errcode: 0, errmsg: SESSION_TIMEOUT });
  }
}

/** The live bot the request's bearer token belongs to, or `undefined` (answer -14). */
export function authenticate(state: IlinkState, headers: IncomingHttpHeaders): Bot | undefined {
  if (state.options.enforceClientHeaders) {
    const appId = headers['ilink-app-id'];
    const version = headers['ilink-app-clientversion'];
    if (typeof appId !== 'string' || appId === '' || !isPackedClientVersion(typeof version === 'string' ? version : undefined)) return undefined;
  }
  const match = /^Bearer\s+(.+)$/.exec(headers.authorization ?? '');
  const token = match?.[1]?.trim();
  if (token === undefined || token === '') return undefined;
  return state.bots.authenticate(token, state.now(), state.options.tokenIdleMs);
}

import { retcodeError } from '../../../errors/retcode-error-for.js';
import type { SyncKey } from '../codecs/common.js';
import { syncKeyFromString, syncKeyString, syncRr } from '../ids.js';
import { parseSynccheck, type SynccheckResult } from '../login-bodies.js';
import type { SessionContext } from './context.js';
import { API_MS, callEndpoint, jsonEndpoint, LONG_POLL_MS } from './descriptor.js';
import { InvalidRequestError } from './invalid-request-error.js';
import { decodeSyncAnswer } from './sync-answer.js';
import { api, langOf, passTicket, postJson, get } from './url.js';

/** The receive loop's two calls (docs/protocol.md §2.10, §2.11). */

/**
 * docs/protocol.md §2.10: the long poll on the push host. Pass `SyncCheckKey` (or `SyncKey` until a sync returned one),
 * as the server sent it or as its `syncKeyString` text. An empty key is refused: the server answers such a poll
 * instantly, which would turn the loop into a hot loop. A non-zero `retcode` is the most specific retcode error; a
 * non-zero `selector` means "call webwxsync".
 */
export const synccheck = callEndpoint({
  name: 'synccheck',
  timeoutMs: LONG_POLL_MS,
  build: (s: SessionContext, syncCheckKey: SyncKey | string) => {
    const synckey = typeof syncCheckKey === 'string' ? syncCheckKey : syncKeyString(syncCheckKey);
    if (synckey === '') throw new InvalidRequestError('synccheck', 'the sync key is empty');
    const now = s.env.now();
    const c = s.credentials;
    const url = api(s.hosts.push, 'synccheck', [
      ['r', now],
      ['skey', c.skey],
      ['sid', c.sid],
      ['uin', c.uin],
      ['deviceid', c.deviceId],
      ['synckey', synckey],
      ['_', now],
    ]);
    return get(s, url);
  },
  decode: parseSynccheck,
  ensureOk: (answer: SynccheckResult) => {
    if (answer.retcode !== 0) throw retcodeError('synccheck', answer.retcode);
    return answer;
  },
});

/**
 * docs/protocol.md §2.11: fetch what changed; pass the `SyncKey` (never the `SyncCheckKey`), as sent or as its
 * `syncKeyString` text. The answer is read in one pass.
 */
export const webwxsync = jsonEndpoint({
  name: 'webwxsync',
  timeoutMs: API_MS,
  build: (s: SessionContext, syncKey: SyncKey | string) => {
    const url = api(s.hosts.main, 'webwxsync', [
      ['sid', s.credentials.sid],
      ['skey', s.credentials.skey],
      ['lang', langOf(s)],
      ['pass_ticket', passTicket(s)],
    ]);
    const List = typeof syncKey === 'string' ? syncKeyFromString(syncKey).List : syncKey.List.map((item) => ({ Key: item.Key, Val: item.Val }));
    return postJson(s, url, { SyncKey: { Count: List.length, List }, rr: syncRr(s.env.now()) });
  },
  answer: decodeSyncAnswer,
});

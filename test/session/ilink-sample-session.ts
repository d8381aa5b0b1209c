import type { IlinkSavedSession } from '../../src/ilink/session/saved-session.js';

/** A made-up bot token that tests look for in error text. */
export const FAKE_BOT_TOKEN = 'bot@im.bot:0123456789abcdefSecretToken';

/** iLink session number `n`, as a file store loads it back (markers included): every field derived from `n`. */
export function ilinkSampleSession(n: number): IlinkSavedSession {
  return {
    format: 'wechat-rx/session',
    protocol: 'ilink',
    version: 1,
    bot: { token: `${FAKE_BOT_TOKEN}-${n}`, botId: `bot${n}@im.bot`, userId: `owner${n}@im.wechat`, baseUrl: 'https://ilink.example.test' },
    cursor: n === 0 ? '' : `cursor-${n}`,
    contextTokens: { [`peer${n}@im.wechat`]: { token: `context-token-${n}`, at: 1_700_000_000_000 + n } },
    recentMessageIds: [String(7_000_000_000_000_000_000n + BigInt(n)), String(n)],
    savedAt: 1_700_000_000_000 + n,
  };
}

/**
 * What the iLink benchmark clients start from: a bot bound by the simulator (no QR login), as a saved session for
 * the library, and as hand-written headers for the bare clients, which use no library code at all.
 */
import { randomBytes } from 'node:crypto';
import type { IlinkSavedSession } from '../src/ilink/index.js';
import type { IlinkBotCredentials } from '../src/testing/index.js';

/** The saved session of a freshly bound bot: nothing received yet. */
export function savedSessionOf(bot: IlinkBotCredentials): IlinkSavedSession {
  return {
    protocol: 'ilink',
    version: 1,
    bot: { token: bot.token, botId: bot.botId, userId: bot.userId, baseUrl: bot.baseUrl },
    cursor: '',
    contextTokens: {},
    recentMessageIds: [],
    savedAt: Date.now(),
  };
}

/** `2.4.3` packed as `iLink-App-ClientVersion` wants it (one byte each, in decimal). */
const CLIENT_VERSION = String((2 << 16) | (4 << 8) | 3);
/** `base_info` of every authenticated POST. */
export const BARE_BASE_INFO = { channel_version: '2.4.3', bot_agent: 'bench-bare/1.0' } as const;

/** The headers of an authenticated JSON POST, as Tencent's client sends them: a fresh random `X-WECHAT-UIN` each time. */
export function bareHeaders(token: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'ilink-app-id': 'bot',
    'ilink-app-clientversion': CLIENT_VERSION,
    authorizationtype: 'ilink_bot_token',
    'x-wechat-uin': Buffer.from(String(randomBytes(4).readUInt32BE(0))).toString('base64'),
    authorization: `Bearer ${token}`,
  };
}

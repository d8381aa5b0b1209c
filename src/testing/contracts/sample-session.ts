/** Sessions for the session-store contract: complete `SavedSession`s, each one different, with made-up values. */
import { type SavedSession } from '../../web/session/saved-session.js';
import { SESSION_FORMAT } from '../../session/session-codec.js';

/** Session number `n`: every field derived from `n`, so two numbers never give equal sessions. */
export function sampleSession(n: number): SavedSession {
  return {
    format: SESSION_FORMAT,
    version: 1,
    credentials: { uin: 1_000 + n, sid: `sid-${n}`, skey: `@crypt_skey_${n}`, passTicket: `ticket%2B${n}`, deviceId: `e${String(n).padStart(15, '0')}` },
    hosts: { login: 'login.example.test', main: 'wx.example.test', push: 'webpush.example.test', file: 'file.example.test', qr: 'qr.example.test' },
    user: { UserName: `@user${n}`, NickName: `User ${n}`, Uin: 0 },
    syncKey: { Count: 2, List: [{ Key: 1, Val: n }, { Key: 2, Val: n + 1 }] },
    syncCheckKey: { Count: 3, List: [{ Key: 1, Val: n }, { Key: 2, Val: n + 1 }, { Key: 3, Val: n + 2 }] },
    cookies: { cookies: [{ key: 'wxuin', value: String(1_000 + n), domain: 'wx.example.test', path: '/' }] },
    recentMessageIds: [String(4_000_000_000_000_000_000n + BigInt(n)), String(n)],
    savedAt: 1_700_000_000_000 + n,
    inviteStartCount: n,
    stableIds: { [`@user${n}`]: `f~${n}` },
  };
}

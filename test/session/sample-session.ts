import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { SavedSession } from '../../src/web/session/saved-session.js';

/** Fake credentials that tests look for in error text: none of them may ever appear there. */
export const FAKE_SECRETS = {
  skey: '@crypt_5ec12e7a_0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  sid: 'SidSecretAbCdEf12',
  passTicket: 'Pt0Secret%2BQwErTy987',
  uin: 2718281828,
  deviceId: 'e314159265358979',
};

/** A session the size of a big account: `contacts` stable ids, a full dedupe window and a real-looking cookie jar. */
export function sampleSession(contacts = 5_000, recentMessages = 5_000): SavedSession {
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
  const stableIds: Record<string, string> = {};
  for (let i = 0; i < contacts; i++) stableIds[`@${hex(i * 2654435761, 32)}${hex(i, 32)}`] = `f~${hex(i * 40503, 16)}`;
  const cookie = (key: string, value: string) => ({
    key,
    value,
    domain: 'wx.example.test',
    path: '/',
    expires: '2099-01-01T00:00:00.000Z',
    hostOnly: false,
    creation: '2024-01-01T00:00:00.000Z',
    lastAccessed: '2024-01-01T00:00:00.000Z',
  });
  return {
    version: 1,
    credentials: { ...FAKE_SECRETS },
    hosts: {
      login: 'login.example.test',
      main: 'wx.example.test',
      push: 'webpush.example.test',
      file: 'file.example.test',
      qr: 'qr.example.test',
    },
    user: { UserName: '@self', NickName: 'Me', Uin: FAKE_SECRETS.uin },
    syncKey: { Count: 4, List: [1, 2, 3, 1000].map((Key) => ({ Key, Val: 700_000_000 + Key })) },
    syncCheckKey: { Count: 4, List: [1, 2, 3, 1000].map((Key) => ({ Key, Val: 700_000_100 + Key })) },
    cookies: {
      version: 'tough-cookie@6.0.0',
      storeType: 'MemoryCookieStore',
      rejectPublicSuffixes: true,
      cookies: [
        cookie('wxsid', FAKE_SECRETS.sid),
        cookie('wxuin', String(FAKE_SECRETS.uin)),
        cookie('webwx_data_ticket', 'DataTicketSecret'),
        cookie('webwx_auth_ticket', 'AuthTicketSecret'),
        cookie('webwxuvid', 'UvidSecret'),
        cookie('mm_lang', 'en_US'),
      ],
    },
    recentMessageIds: Array.from({ length: recentMessages }, (_, i) => String(4_611_686_018_427_387_904n + BigInt(i * 7919))),
    savedAt: 1_700_000_000_000,
    inviteStartCount: 0,
    stableIds,
  };
}

/** A fresh folder under the OS temp folder; `remove()` deletes it with everything in it. */
export function tempFolder(): { readonly path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'wechat-rx-session-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Gives each test of the calling file a fresh folder (to `use`, before the test), removed after it. */
export function freshFolderEachTest(use: (folder: string) => void): void {
  let folder: ReturnType<typeof tempFolder> | undefined;
  beforeEach(() => {
    folder = tempFolder();
    use(folder.path);
  });
  afterEach(() => folder?.remove());
}

/** The pid of a process that has exited (and been reaped) by now. */
export function deadPid(): number {
  const { pid } = spawnSync(process.execPath, ['-e', '']);
  if (pid === undefined) throw new Error('no pid');
  return pid;
}

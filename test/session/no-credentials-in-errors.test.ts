import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SessionStoreError } from '../../src/errors/session-store-error.js';
import { FileSessionStore } from '../../src/web/session/file-session-store.js';
import { FAKE_SECRETS, freshFolderEachTest, sampleSession } from './sample-session.js';

let file: string;
freshFolderEachTest((path) => {
  file = join(path, 'session.json');
});

/** Everything an error can show: its message, stack, JSON and inspection, and the same for every cause. */
function everythingShown(error: unknown): string {
  const parts: string[] = [JSON.stringify(error), inspect(error, { depth: 10 })];
  for (let current: unknown = error; current !== undefined && current !== null; current = (current as { cause?: unknown }).cause) {
    const { message, stack } = current as Error;
    parts.push(String(message), String(stack), JSON.stringify(current));
  }
  return parts.join('\n');
}

const SECRETS = [FAKE_SECRETS.skey, FAKE_SECRETS.sid, FAKE_SECRETS.passTicket, String(FAKE_SECRETS.uin), FAKE_SECRETS.deviceId];

/** Every 6-character piece of every secret: an excerpt of one is a leak too. */
const PIECES = SECRETS.flatMap((secret) => Array.from({ length: secret.length - 5 }, (_, i) => secret.slice(i, i + 6)));

/** Files that hold credentials but are not sessions a store may use. */
const corrupt: Array<[string, string]> = [
  // Node 20's SyntaxError quotes the text around the bad token: here, right next to the credentials.
  ['a truncated session', JSON.stringify({ format: 'wechat-rx/session', ...sampleSession(2, 2) }).slice(0, 400)],
  ['invalid JSON right next to the uin', `{"credentials":{"uin":u${FAKE_SECRETS.uin}}}`],
  // A shape error used to quote the value it failed on.
  [
    'credentials of the wrong type',
    JSON.stringify({
      ...sampleSession(2, 2),
      credentials: {
        uin: `uin=${FAKE_SECRETS.uin}`,
        sid: FAKE_SECRETS.sid,
        skey: 1,
        passTicket: [FAKE_SECRETS.passTicket],
        deviceId: { id: FAKE_SECRETS.deviceId },
      },
    }),
  ],
  ['a stable-id record keyed by a secret', JSON.stringify({ ...sampleSession(2, 2), stableIds: { [FAKE_SECRETS.skey]: 5 } })],
];

describe('SessionStoreError never shows a credential from the file', () => {
  it.each(corrupt)('%s: load, save and clear errors', async (_, content) => {
    writeFileSync(file, content);
    const store = new FileSessionStore(file);
    const errors = [
      await store.load().catch((e: unknown) => e),
      await store.save(sampleSession(1, 1)).catch((e: unknown) => e),
      await store.clear().catch((e: unknown) => e),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(SessionStoreError);
      const shown = everythingShown(error);
      expect(shown).toContain(file);
      expect(PIECES.filter((piece) => shown.includes(piece))).toEqual([]);
    }
  });

  it('a shape error names the fields that are wrong, not their values', async () => {
    writeFileSync(file, corrupt[2]?.[1] ?? '');
    await expect(new FileSessionStore(file).load()).rejects.toMatchObject({
      reason: expect.stringMatching(/^not a wechat-rx session: fields missing or of the wrong type: credentials\.uin, credentials\.skey/),
    });
  });

  it('a JSON file of another program is called that', async () => {
    writeFileSync(file, '{"hello":"world"}');
    await expect(new FileSessionStore(file).load()).rejects.toMatchObject({
      reason: 'not a wechat-rx session: it has neither the wechat-rx format marker nor a session version (another program’s file?)',
    });
  });
});

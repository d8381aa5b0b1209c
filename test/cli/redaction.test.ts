import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { filter, firstValueFrom, lastValueFrom, timeout } from 'rxjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { perTest } from '../support/per-test.js';
import { createClient } from '../../src/web/client/client.js';
import type { Logger } from '../../src/logging/logger.js';
import type { SavedSession } from '../../src/web/session/saved-session.js';
import { MemorySessionStore } from '../../src/web/session/memory-session-store.js';
import { startSimulator } from '../../src/testing/index.js';
import { buildPackage, ROOT } from './build.js';
import { login } from '../client/helpers.js';

const after = perTest();
beforeAll(buildPackage, 120_000);

/** Every credential a saved session holds: the four login values, the DeviceID, every cookie value. */
function secretsOf(saved: SavedSession): string[] {
  const { uin, sid, skey, passTicket, deviceId } = saved.credentials;
  const cookies = JSON.stringify(saved.cookies).match(/"value":"([^"]{6,})"/g) ?? [];
  const cookieValues = cookies.map((c) => c.slice(9, -1)).filter((v) => v !== 'zh_CN' && !/^\d{1,10}$/.test(v));
  return [String(uin), sid, skey, passTicket, decodeURIComponent(passTicket), deviceId, ...cookieValues];
}

function expectNoSecret(text: string, secrets: readonly string[]): void {
  expect(text.length).toBeGreaterThan(100);
  for (const secret of secrets) expect(text, `leaked ${secret.slice(0, 3)}…`).not.toContain(secret);
  expect(text).not.toMatch(/@crypt_[0-9a-f]{4,}/);
}

describe('no credential is logged or printed', () => {
  it('by the library at trace level through a whole session: login, messages, media, faults, relogin, logout', async () => {
    const sim = after.closeAfter(await startSimulator({ autoConfirm: { delayMs: 5 }, loginHoldMs: 300, syncHoldMs: 300 }), (s) => s.close());
    const lines: string[] = [];
    const record = (fields: object | string, message?: string) => lines.push(JSON.stringify([fields, message]));
    const logger: Logger = { trace: record, debug: record, info: record, warn: record, error: record };
    const store = new MemorySessionStore();
    const client = createClient({ server: sim.origin, store, logger, sendRate: false, loopRetry: { transient: { initialDelay: 20 } } });
    await login(client);
    const saved = await store.load();
    expect(saved).toBeDefined();
    const friend = sim.world().friends()[0]!;
    const file = firstValueFrom(client.messages$.pipe(filter((m) => m.kind === 'file'), timeout(10_000)));
    sim.inject({ from: friend.id, text: 'hello' });
    sim.inject({ from: friend.id, kind: 'file', text: 'notes.txt', size: 2048 });
    const received = await file;
    const dir = await after.tempDir('wechat-rx-redaction-');
    await lastValueFrom(client.download(received as Parameters<typeof client.download>[0], { to: dir }));
    await lastValueFrom(client.send(received.chat, 'thanks'));
    sim.fault({ endpoint: 'synccheck', kind: 'http', value: 503, times: 1 });
    sim.fault({ endpoint: 'webwxsync', kind: 'garbage', times: 1 });
    sim.inject({ from: friend.id, text: 'after faults' });
    await firstValueFrom(client.messages$.pipe(filter((m) => m.kind === 'text' && m.text === 'after faults'), timeout(10_000)));
    sim.phone.kick({ code: 1101 });
    await firstValueFrom(client.state$.pipe(filter((s) => s.status === 'reconnecting'), timeout(10_000)));
    await firstValueFrom(client.state$.pipe(filter((s) => s.status === 'online'), timeout(10_000)));
    const relogged = await store.load();
    await lastValueFrom(client.logout(), { defaultValue: undefined });
    const text = lines.join('\n');
    expect(text).toContain('request failed');
    expect(text).toContain('session ended');
    expectNoSecret(text, [...secretsOf(saved!), ...secretsOf(relogged!)]);
  }, 40_000);

  it('by the login command, on stdout and stderr', async () => {
    const sim = after.closeAfter(await startSimulator({ autoConfirm: { delayMs: 5 }, loginHoldMs: 300, syncHoldMs: 300 }), (s) => s.close());
    const dir = await after.tempDir('wechat-rx-login-');
    const session = join(dir, 'session.json');
    const child = spawn(process.execPath, ['bin/wechat-rx.js', 'login', '--server', sim.origin, '--session', session, '--qr', join(dir, 'qr.png')], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const deadline = Date.now() + 15_000;
    while (!output.includes('online as') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    sim.inject({ from: sim.world().friends()[0]!.id, text: 'hello from the phone' });
    while (!output.includes('hello from the phone') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('hello from the phone');
    const saved = JSON.parse(await readFile(session, 'utf8')) as SavedSession;
    expectNoSecret(output, secretsOf(saved));
    // The QR code's PNG served the login and is gone once it was confirmed (test/cli/output.test.ts reads it before).
    await expect(readFile(join(dir, 'qr.png'))).rejects.toThrow(/ENOENT/);
  }, 40_000);
});

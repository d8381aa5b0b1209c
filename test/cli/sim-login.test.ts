import { spawn } from 'node:child_process';
import { filter, firstValueFrom, lastValueFrom, timeout } from 'rxjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/web/client/client.js';
import { buildPackage, ROOT } from './build.js';
import { login } from '../client/helpers.js';

beforeAll(buildPackage, 120_000);

describe('npx wechat-rx sim, then the library logs in to it', () => {
  it('serves a login, a message in over the control API and a reply out', async () => {
    const child = spawn(process.execPath, ['bin/wechat-rx.js', 'sim', '--port', '0', '--auto-confirm', '--sync-hold-ms', '500'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const origin = await new Promise<string>((resolve, reject) => {
        let buffered = '';
        const timer = setTimeout(() => reject(new Error('no origin line')), 20_000);
        child.stdout.on('data', (chunk: Buffer) => {
          buffered += chunk.toString();
          const line = buffered.split('\n')[0];
          if (buffered.includes('\n') && line !== undefined) {
            clearTimeout(timer);
            resolve((JSON.parse(line) as { origin: string }).origin);
          }
        });
      });
      const client = createClient({ server: origin, sendRate: false });
      const steps = await login(client);
      expect(steps.at(-1)?.type).toBe('logged-in');
      const message = firstValueFrom(client.messages$.pipe(filter((m) => m.kind === 'text'), timeout(10_000)));
      const injected = await fetch(`${origin}/__sim/inject`, { method: 'POST', body: JSON.stringify({ text: 'over the control API' }) });
      expect(injected.status).toBe(200);
      const received = await message;
      expect(received.kind === 'text' && received.text).toBe('over the control API');
      await lastValueFrom(client.send(received.chat, 'got it'));
      const outbox = (await (await fetch(`${origin}/__sim/outbox`)).json()) as { outbox: Array<{ content: string }> };
      expect(outbox.outbox.map((o) => o.content)).toContain('got it');
      await lastValueFrom(client.logout(), { defaultValue: undefined });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 60_000);

  it('serves the playground with --ui and names its address in the JSON line', async () => {
    const child = spawn(process.execPath, ['bin/wechat-rx.js', 'sim', '--ui'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const line = await new Promise<{ origin: string; playground?: string }>((resolve, reject) => {
        let buffered = '';
        const timer = setTimeout(() => reject(new Error('no origin line')), 20_000);
        child.stdout.on('data', (chunk: Buffer) => {
          buffered += chunk.toString();
          if (!buffered.includes('\n')) return;
          clearTimeout(timer);
          resolve(JSON.parse(buffered.split('\n')[0]!) as { origin: string; playground?: string });
        });
      });
      expect(line.playground).toBe(`${line.origin}/__ui/`);
      const page = await fetch(line.playground!);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 40_000);
});

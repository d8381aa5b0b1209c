/**
 * A client nobody here wrote: wechat4u@0.7.14 (CommonJS) against the simulator. It logs in through the desktop
 * (UOS) flow with autoConfirm, receives an injected private and group text, and its replies land in the outbox.
 *
 * What wechat4u's own bugs force here (docs/protocol.md §6); the simulator stays faithful to the real server:
 * - It builds `https://<wechat host>/…` URLs (and derives its hosts from the first dotted name in `redirect_uri`),
 *   so `bot.request` is wrapped to send every call to the simulator's origin.
 * - Loading it installs a process-wide `uncaughtException` handler that swallows errors; the test removes it.
 * - It emits `'error'` on an EventEmitter; without a listener Node would throw, so the test collects them.
 * - It `eval`s the login/synccheck bodies, sends a fresh random DeviceID per request, and compares the string
 *   retcode with `=== 1101`, so a kick never reads as a logout (its assert fails instead and it restarts on an
 *   untracked 5 s timer). The test therefore never kicks it: it stops it with `bot.stop()` and a short hold.
 * - At login it immediately sends a heartbeat text to `filehelper` (and every 5 minutes after), so the outbox
 *   holds that too; the assertions look for the replies only.
 */
import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/testing/index.js';

interface AxiosOptions {
  url: string;
  [key: string]: unknown;
}
interface WechatMessage {
  MsgType: number;
  Content: string;
  FromUserName: string;
  isSendBySelf: boolean;
}
interface WechatBot {
  request: (options: AxiosOptions) => Promise<unknown>;
  state: string;
  user: { UserName?: string };
  on(event: 'message', fn: (msg: WechatMessage) => void): void;
  on(event: 'login' | 'logout', fn: () => void): void;
  on(event: 'error', fn: (error: unknown) => void): void;
  start(): Promise<void>;
  stop(): void;
  sendMsg(text: string, to: string): Promise<unknown>;
}

const require = createRequire(import.meta.url);
const handlersBefore = process.listeners('uncaughtException');
const Wechat = require('wechat4u') as new () => WechatBot;
for (const handler of process.listeners('uncaughtException')) {
  if (!handlersBefore.includes(handler)) process.off('uncaughtException', handler);
}

async function until(predicate: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('wechat4u@0.7.14 against the simulator', () => {
  let sim: Simulator;
  let bot: WechatBot | undefined;

  beforeEach(async () => {
    sim = await startSimulator({ autoConfirm: { delayMs: 20 }, loginHoldMs: 300, syncHoldMs: 300 });
  });

  afterEach(async () => {
    if (bot !== undefined && bot.state === 'login') bot.stop();
    // Let its synccheck loop see the logout state after the last (short) hold, then drop every connection.
    await new Promise((r) => setTimeout(r, 400));
    await sim.close();
  });

  it('logs in, receives private and group texts, and its replies reach the outbox', async () => {
    const client = new Wechat();
    bot = client;
    const send = client.request;
    client.request = (options) => {
      const url = new URL(options.url);
      return send({ ...options, url: sim.origin + url.pathname + url.search });
    };
    const errors: unknown[] = [];
    const received: WechatMessage[] = [];
    let loggedIn = false;
    client.on('error', (error) => errors.push(error));
    client.on('login', () => (loggedIn = true));
    client.on('message', (msg) => {
      if (msg.MsgType !== 1 || msg.isSendBySelf) return;
      received.push(msg);
      void client.sendMsg(`echo: ${msg.Content.split('\n').pop() ?? ''}`, msg.FromUserName);
    });

    void client.start();
    await until(() => loggedIn, 'login');
    expect(sim.stats().requests['webwxnewloginpage']).toBe(1);

    const world = sim.world();
    const alice = world.friends()[0];
    const group = world.groups()[0];
    expect(alice).toBeDefined();
    expect(group).toBeDefined();
    sim.inject({ from: alice?.id ?? '', text: 'ping from a friend' });
    const member = group?.members.find((m) => m.id !== world.self.id);
    sim.inject({ from: member?.id ?? '', group: group?.id ?? '', text: 'ping in the group' });

    const replies = () => sim.outbox().filter((e) => e.content.startsWith('echo: '));
    await until(() => replies().length >= 2, 'two replies');
    expect(received.map((m) => m.Content.split('\n').pop())).toEqual(expect.arrayContaining(['ping from a friend', 'ping in the group']));
    const byTarget = new Map(replies().map((e) => [e.to, e]));
    expect(byTarget.get(alice?.id)?.content).toBe('echo: ping from a friend');
    expect(byTarget.get(group?.id)?.content).toBe('echo: ping in the group');
    for (const reply of replies()) {
      expect(reply.endpoint).toBe('webwxsendmsg');
      expect(reply.msgId).toMatch(/^\d{19}$/);
      expect(reply.type).toBe(1);
    }
    expect(errors).toEqual([]);
  });
});

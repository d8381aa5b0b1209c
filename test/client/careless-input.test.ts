import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filter, firstValueFrom, lastValueFrom, type Observable, Subscription, timeout } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WeChatClient } from '../../src/web/client/client.js';
import type { WxEvent } from '../../src/model/events.js';
import { isInvalidArgumentError, isMediaSourceError, isUnknownChatError } from '../../src/errors/guards.js';
import type { Simulator } from '../../src/testing/index.js';
import { clientFor, login, startFastSim } from './helpers.js';

let sim: Simulator;
let client: WeChatClient;
let dir: string;
let friend: string;
const subscriptions = new Subscription();
beforeAll(async () => {
  sim = await startFastSim();
  client = clientFor(sim);
  await login(client);
  dir = await mkdtemp(join(tmpdir(), 'wechat-rx-input-'));
  friend = (await firstValueFrom(client.contacts$.pipe(filter((s) => s.size > 0)))).find(sim.world().friends()[0]!.nickName)!.userName;
});
afterAll(async () => {
  subscriptions.unsubscribe();
  await lastValueFrom(client.close(), { defaultValue: undefined });
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

/** The error an Observable fails with, and which requests went out meanwhile. */
async function failure(work: () => Observable<unknown>): Promise<{ error: unknown; sent: Record<string, number> }> {
  const before = { ...sim.stats().requests };
  const error = await lastValueFrom(work().pipe(timeout(5000))).then(
    () => undefined,
    (e: unknown) => e,
  );
  const after = sim.stats().requests;
  const sent = Object.fromEntries(
    Object.entries(after)
      .filter(([endpoint, n]) => endpoint !== 'synccheck' && endpoint !== 'webwxsync' && n !== (before[endpoint] ?? 0))
      .map(([endpoint, n]) => [endpoint, n - (before[endpoint] ?? 0)]),
  );
  return { error, sent };
}

describe('careless input gets a typed error before anything is sent', () => {
  it('an empty text', async () => {
    const { error, sent } = await failure(() => client.send(friend, ''));
    expect(isInvalidArgumentError(error) && error.argument).toBe('text');
    expect(sent).toEqual({});
  });

  it('an empty chat id', async () => {
    for (const chat of ['', '   ']) {
      const { error, sent } = await failure(() => client.send(chat, 'hello'));
      expect(isInvalidArgumentError(error) && error.argument).toBe('chat');
      expect(sent).toEqual({});
    }
  });

  it('a name that is not a chat of this login (a nickname instead of a UserName)', async () => {
    const { error, sent } = await failure(() => client.send(sim.world().friends()[0]!.nickName, 'hello'));
    expect(isUnknownChatError(error)).toBe(true);
    expect(sent).toEqual({});
  });

  it('a UserName the server does not know either: one lookup, no send', async () => {
    const { error, sent } = await failure(() => client.send('@0123456789abcdef0123456789abcdef', 'hello'));
    expect(isUnknownChatError(error)).toBe(true);
    expect((error as Error).message).toContain('@0123456789abcdef0123456789abcdef');
    expect(sent).toEqual({ webwxbatchgetcontact: 1 });
  });

  it('a missing file, or a folder, names the path; nothing is uploaded', async () => {
    const missing = join(dir, 'nope.pdf');
    const gone = await failure(() => client.sendFile(friend, missing));
    expect(isMediaSourceError(gone.error) && gone.error.path).toBe(missing);
    expect((gone.error as Error).message).toBe(`cannot send ${missing}: no such file`);
    expect(gone.sent).toEqual({});
    const folder = await failure(() => client.sendImage(friend, dir));
    expect(isMediaSourceError(folder.error) && folder.error.reason).toBe('it is a folder, not a file');
    expect(folder.sent).toEqual({});
  });

  it('a missing file is reported before an unknown chat is looked up', async () => {
    const { error, sent } = await failure(() => client.sendFile('@0123456789abcdef0123456789abcdef', join(dir, 'nope')));
    expect(isMediaSourceError(error)).toBe(true);
    expect(sent).toEqual({});
  });

  it('a chat known from a message is sent to at once, fixed service accounts too', async () => {
    const received = firstValueFrom(
      client.events$.pipe(
        filter((e): e is Extract<WxEvent, { type: 'message' }> => e.type === 'message' && e.message.kind === 'text'),
        timeout(5000),
      ),
    );
    sim.inject({ from: sim.world().friends()[1]!.id, text: 'hi' });
    const { message } = await received;
    expect((await lastValueFrom(client.send(message.chat, 'hello back'))).chat).toBe(message.chat);
    expect((await lastValueFrom(client.send('filehelper', 'note to self'))).chat).toBe('filehelper');
  });
});

/**
 * The same bot everywhere: `echoBot` from examples/ runs unchanged on the Web client, the work-phone client and the
 * iLink client, each against its own simulator, and on `createTestClient`; every run must give the same answers.
 * Imports are the package's entry points (`wechat-rx`, `wechat-rx/device`, `wechat-rx/ilink`, `wechat-rx/testing`).
 */
import { filter, firstValueFrom, lastValueFrom, type Subscription, timeout } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { echoBot } from '../../examples/echo-bot.js';
import { connectDevice } from '../../src/device/index.js';
import { connectIlink } from '../../src/ilink/index.js';
import { type BotClient, createClient } from '../../src/index.js';
import { createTestClient, startDeviceSimulator, startIlinkSimulator, startSimulator, text } from '../../src/testing/index.js';

/** What a friend writes, in order; the echo bot must answer each with the same text, to that friend only. */
const WRITTEN = ['hello bot', 'second line, with emoji 😀'];

/** One transport, online: the client a bot runs on, and its simulator's side of a private chat with one friend. */
interface Transport {
  readonly client: BotClient;
  /** A private text from the friend to the bot's account. */
  write(text: string): void;
  /** What the bot sent so far: the recipient (`friend` when it is the friend) and the text. */
  answers(): { readonly to: string; readonly text: string }[];
  close(): Promise<void>;
}

const asFriend = (friend: string) => (to: string) => (to === friend ? 'friend' : to);

async function web(): Promise<Transport> {
  const sim = await startSimulator({ autoConfirm: { delayMs: 5 }, loginHoldMs: 300, syncHoldMs: 300 });
  const client = createClient({ server: sim.origin, sendRate: false });
  await lastValueFrom(client.login$.pipe(timeout(10_000)));
  const friend = sim.world().friends()[0]!.id;
  const who = asFriend(friend);
  return {
    client,
    write: (said) => void sim.inject({ from: friend, text: said }),
    answers: () => sim.outbox().map((entry) => ({ to: who(entry.to ?? entry.toUserName), text: entry.content })),
    close: async () => {
      await lastValueFrom(client.logout(), { defaultValue: undefined });
      await sim.close();
    },
  };
}

async function workPhone(): Promise<Transport> {
  const sim = await startDeviceSimulator();
  const client = connectDevice({ host: sim.host, port: sim.port, credential: 'IMEI0001' });
  await firstValueFrom(client.state$.pipe(filter((s) => s.status === 'online' && s.accounts.length > 0), timeout(10_000)));
  const friend = 'wxid_friend';
  const who = asFriend(friend);
  return {
    client,
    write: (said) => void sim.sendMessage({ friendId: friend, content: said }),
    answers: () => sim.tasks.map((task) => ({ to: who(task.FriendId), text: new TextDecoder().decode(task.Content) })),
    close: async () => {
      client.close();
      await sim.close();
    },
  };
}

async function ilink(): Promise<Transport> {
  const sim = await startIlinkSimulator({ autoConfirm: { delayMs: 5 }, qrHoldMs: 200, updatesHoldMs: 300 });
  const client = connectIlink({ server: sim.origin, sendIntervalMs: 0, qrPollIntervalMs: 10 });
  await lastValueFrom(client.login$.pipe(timeout(10_000)));
  const friend = sim.userId(1);
  const who = asFriend(friend);
  return {
    client,
    write: (said) => void sim.inject({ kind: 'text', from: friend, text: said }),
    answers: () => sim.sent().map((entry) => ({ to: who(entry.to), text: entry.text ?? '' })),
    close: async () => {
      await lastValueFrom(client.logout(), { defaultValue: undefined });
      await sim.close();
    },
  };
}

let transport: Transport | undefined;
let bot: Subscription | undefined;
afterEach(async () => {
  bot?.unsubscribe();
  await transport?.close();
  bot = transport = undefined;
});

/** Runs the echo bot on `transport`, the friend writes each text once the previous answer is out; resolves the answers. */
async function echoOn(started: Transport): Promise<ReturnType<Transport['answers']>> {
  transport = started;
  bot = echoBot(started.client).subscribe();
  for (const [i, said] of WRITTEN.entries()) {
    started.write(said);
    const deadline = Date.now() + 10_000;
    while (started.answers().length <= i) {
      if (Date.now() > deadline) throw new Error(`no answer to ${JSON.stringify(said)}; sent: ${JSON.stringify(started.answers())}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  return started.answers();
}

const EXPECTED = WRITTEN.map((said) => ({ to: 'friend', text: said }));

describe('one example bot, unchanged, on every transport', () => {
  it.each([
    ['Web WeChat (createClient + startSimulator)', web],
    ['work phone (connectDevice + startDeviceSimulator)', workPhone],
    ['iLink (connectIlink + startIlinkSimulator)', ilink],
  ])('echoBot on %s answers the friend with the same texts', async (_name, start) => {
    expect(await echoOn(await start())).toEqual(EXPECTED);
  }, 30_000);

  it('echoBot on createTestClient gives the same answers', () => {
    const client = createTestClient();
    const running = echoBot(client).subscribe();
    client.receive(WRITTEN.map((said) => text(said, { from: '@friend' })));
    running.unsubscribe();
    expect(client.sent.map((s) => (s.type === 'text' ? { to: asFriend('@friend')(s.chat), text: s.text } : s))).toEqual(EXPECTED);
  });
});

import { filter, firstValueFrom, type Subscription, timeout } from 'rxjs';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { echoBot } from '../../examples/echo-bot.js';
import { keywordReply } from '../../examples/keyword-reply.js';
import type { BotClient } from '../../src/model/bot-client.js';
import { connectDevice, type DeviceClient } from '../../src/device/client.js';
import { type DeviceSimulator, startDeviceSimulator } from '../../src/testing/device-simulator/index.js';
import { until } from './helpers.js';

let sim: DeviceSimulator | undefined;
let client: DeviceClient | undefined;
let bot: Subscription | undefined;

afterEach(async () => {
  bot?.unsubscribe();
  client?.close();
  await sim?.close();
});

const taskTexts = (s: DeviceSimulator) => s.tasks.map((task) => `${task.FriendId}: ${new TextDecoder().decode(task.Content)}`);

describe('the step-4 example bots, unchanged, over the device transport', () => {
  it('DeviceClient is a BotClient', () => {
    expectTypeOf<DeviceClient>().toMatchTypeOf<BotClient>();
  });

  it('echoBot answers a friend and ignores groups', async () => {
    sim = await startDeviceSimulator();
    client = connectDevice({ host: sim.host, port: sim.port, credential: 'IMEI0001' });
    bot = echoBot(client).subscribe();
    await firstValueFrom(client.state$.pipe(filter((s) => s.status === 'online' && s.accounts.length > 0), timeout(5000)));
    sim.sendMessage({ friendId: '42@chatroom', sender: 'wxid_member', content: 'group chatter' });
    sim.sendMessage({ friendId: 'wxid_friend', content: 'echo me 😀' });
    await until(() => sim!.tasks.length === 1 && sim!.pendingNotices() === 0, 5000, 'the echo');
    expect(taskTexts(sim)).toEqual(['wxid_friend: echo me 😀']);
  });

  it('keywordReply answers keywords in private chats and when mentioned in a group', async () => {
    sim = await startDeviceSimulator({ accounts: [{ WeChatId: 'wxid_me', WeChatNick: 'Shop' }] });
    client = connectDevice({ host: sim.host, port: sim.port, credential: 'IMEI0001' });
    bot = keywordReply(client).subscribe();
    await firstValueFrom(client.state$.pipe(filter((s) => s.status === 'online' && s.accounts.length > 0), timeout(5000)));
    sim.sendMessage({ friendId: 'wxid_friend', content: 'what are your hours?' });
    sim.sendMessage({ friendId: '42@chatroom', sender: 'wxid_member', content: 'price?' });
    sim.sendMessage({ friendId: '43@chatroom', sender: 'wxid_member', content: '@Shop\u2005price?' });
    await until(() => sim!.tasks.length === 2, 5000, 'two answers');
    expect(taskTexts(sim).sort()).toEqual([
      '43@chatroom: The price list is at https://example.com/prices',
      'wxid_friend: We are open 9:00-18:00, Monday to Friday.',
    ]);
  });
});

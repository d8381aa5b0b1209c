import { filter, firstValueFrom, lastValueFrom, timeout } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { WeChatClient } from '../../src/web/client/client.js';
import type { WxEvent } from '../../src/model/events.js';
import { isNetworkError, isNotFriendError, isNotOnlineError, isRateLimitedError, isRetcodeError } from '../../src/errors/guards.js';
import type { WxMessage } from '../../src/model/message.js';
import type { Simulator, SimulatorOptions } from '../../src/testing/index.js';
import { clientFor, login, nextEvent, startFastSim } from './helpers.js';

let sim: Simulator;
let client: WeChatClient;
afterEach(async () => {
  await lastValueFrom(client.close(), { defaultValue: undefined }).catch(() => undefined);
  await sim.close();
});

async function online(simOptions: SimulatorOptions = {}): Promise<WeChatClient> {
  sim = await startFastSim(simOptions);
  client = clientFor(sim, { contactBatchRate: false });
  await login(client);
  return client;
}

const done = (source: Parameters<typeof lastValueFrom>[0]) => lastValueFrom(source, { defaultValue: undefined });
const failure = (source: Parameters<typeof lastValueFrom>[0]): Promise<unknown> => lastValueFrom(source).then(() => undefined, (e: unknown) => e);
const modified = (userName: string) =>
  nextEvent(client, (e): e is Extract<WxEvent, { type: 'contact-modified' }> => e.type === 'contact-modified' && e.contact.userName === userName);

describe('account operations', () => {
  it('sets a remark and pins / unpins a chat; the sync brings the change back into contacts', async () => {
    await online();
    const alice = client.contacts.find('Alice')!;
    const remarked = modified(alice.userName);
    await done(client.setRemark(alice, 'Ally'));
    expect((await remarked).contact.name).toBe('Ally');
    expect(client.contacts.find('Ally')?.stableId).toBe(alice.stableId);
    const pinned = modified(alice.userName);
    await done(client.pin(alice.userName));
    expect((await pinned).contact.pinned).toBe(true);
    const unpinned = modified(alice.userName);
    await done(client.unpin(alice));
    expect((await unpinned).contact.pinned).toBe(false);
  });

  it('accepts a friend request with its ticket and sends one', async () => {
    await online();
    const request = firstValueFrom(client.messages$.pipe(filter((m): m is Extract<WxMessage, { kind: 'friend-request' }> => m.kind === 'friend-request'), timeout(10_000)));
    sim.inject({ kind: 'friend-request', text: 'Hi, it is Zoe' });
    const message = await request;
    const added = nextEvent(client, (e): e is Extract<WxEvent, { type: 'contact-added' }> => e.type === 'contact-added');
    await done(client.acceptFriend(message));
    expect((await added).contact).toMatchObject({ userName: message.requester.userName, kind: 'friend' });
    const refused = await failure(client.acceptFriend({ userName: message.requester.userName, ticket: 'v2_wrong@stranger' }));
    expect(isRetcodeError(refused) && refused.retcode).toBe(-1);
    const stranger = sim.world().strangers()[0]!;
    sim.inject({ from: stranger.id, group: sim.world().groups().find((g) => g.members.some((m) => m.id === stranger.id))!.id, text: 'x' });
    const strangerName = await firstValueFrom(client.messages$.pipe(filter((m) => m.isGroup && !m.isSelf), timeout(10_000)));
    await done(client.addFriend(strangerName.from, 'Hello from the bot'));
  });

  it('creates a group, adds members directly while it is small, renames it and removes members', async () => {
    await online();
    const [a, b, c] = client.contacts.friends();
    const groupAdded = nextEvent(client, (e): e is Extract<WxEvent, { type: 'contact-added' }> => e.type === 'contact-added' && e.contact.kind === 'group');
    const room = await lastValueFrom(client.createGroup([a!, b!], 'Bot team'));
    expect(room).toMatch(/^@@/);
    expect((await groupAdded).contact).toMatchObject({ userName: room, nickName: 'Bot team', memberCount: 3 });
    const changed = nextEvent(client, (e): e is Extract<WxEvent, { type: 'group-members-changed' }> => e.type === 'group-members-changed' && e.group === room);
    expect(await lastValueFrom(client.addMembers(room, [c!]))).toBe('added');
    expect((await changed).members.map((m) => m.userName)).toContain(c!.userName);
    const renamed = modified(room);
    await done(client.renameGroup(room, 'Bot team 2'));
    expect((await renamed).contact.name).toBe('Bot team 2');
    const removed = nextEvent(client, (e): e is Extract<WxEvent, { type: 'group-members-changed' }> => e.type === 'group-members-changed' && e.group === room);
    await done(client.removeMembers(room, [c!]));
    expect((await removed).members.map((m) => m.userName)).not.toContain(c!.userName);
  });

  it('invites instead of adding once a group has more than InviteStartCount (40) members', async () => {
    await online({ world: { groupSize: 50 } });
    const big = client.contacts.groups().find((g) => g.memberCount > 40)!;
    const friend = client.contacts.friends().at(-1)!;
    expect(await lastValueFrom(client.addMembers(big, [friend]))).toBe('invited');
    await done(client.inviteMembers(big, [friend]));
    expect(sim.stats().requests['webwxupdatechatroom']).toBe(2);
  });

  it('backs off on 1205 and succeeds, gives up with RateLimitedError when it persists', async () => {
    await online();
    const alice = client.contacts.find('Alice')!;
    sim.fault({ endpoint: 'webwxoplog', kind: 'retcode', value: 1205, times: 2 });
    await done(client.setRemark(alice, 'After the storm'));
    expect(sim.stats().requests['webwxoplog']).toBe(3);
    sim.fault({ endpoint: 'webwxoplog', kind: 'retcode', value: 1205, times: 100 });
    expect(isRateLimitedError(await failure(client.pin(alice)))).toBe(true);
    sim.clearFaults();
  });

  it('fails with typed errors: 1204 NotFriendError, other codes RetcodeError, no retry of a failed create, NotOnlineError after logout', async () => {
    await online();
    const alice = client.contacts.find('Alice')!;
    sim.fault({ endpoint: 'webwxverifyuser', kind: 'retcode', value: 1204 });
    expect(isNotFriendError(await failure(client.addFriend(alice)))).toBe(true);
    const stranger = await lastValueFrom(client.contacts.members(client.contacts.groups()[0]!)).then((ms) => ms.find((m) => client.contacts.get(m.userName)?.kind !== 'friend' && m.userName !== client.user?.UserName)!);
    const notAFriend = await failure(client.setRemark(stranger.userName, 'x'));
    expect(isRetcodeError(notAFriend) && notAFriend.retcode).toBe(-1);
    sim.fault({ endpoint: 'webwxcreatechatroom', kind: 'http', value: 502 });
    expect(isNetworkError(await failure(client.createGroup(client.contacts.friends().slice(0, 2))))).toBe(true);
    expect(sim.stats().requests['webwxcreatechatroom']).toBe(1);
    await done(client.markRead(alice.userName));
    await done(client.logout());
    expect(isNotOnlineError(await failure(client.setRemark(alice, 'late')))).toBe(true);
  });
});

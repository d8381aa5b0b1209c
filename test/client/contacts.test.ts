import { filter, firstValueFrom, lastValueFrom, Subscription, timeout } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WeChatClient } from '../../src/web/client/client.js';
import type { ClientOptions } from '../../src/web/client/options.js';
import type { WxEvent } from '../../src/model/events.js';
import type { ContactsSnapshot } from '../../src/web/contacts/snapshot.js';
import type { WxMessage } from '../../src/model/message.js';
import { MemorySessionStore } from '../../src/web/session/memory-session-store.js';
import { createUndiciTransport } from '../../src/http/undici-transport.js';
import type { Transport } from '../../src/http/transport.js';
import type { Simulator, SimulatorOptions } from '../../src/testing/index.js';
import { clientFor, login, nextEvent, startFastSim, textOf } from './helpers.js';

let sim: Simulator;
let subscriptions: Subscription;
const clients: WeChatClient[] = [];
beforeEach(() => {
  subscriptions = new Subscription();
});
afterEach(async () => {
  subscriptions.unsubscribe();
  await Promise.all(clients.splice(0).map((c) => lastValueFrom(c.close(), { defaultValue: undefined }).catch(() => undefined)));
  await sim.close();
});

async function online(simOptions: SimulatorOptions = {}, options: ClientOptions = {}): Promise<WeChatClient> {
  sim = await startFastSim(simOptions);
  const client = clientFor(sim, { contactBatchRate: { intervalMs: 20, burst: 1 }, ...options });
  clients.push(client);
  await login(client);
  return client;
}

function textMessage(client: WeChatClient, text: string): Promise<Extract<WxMessage, { kind: 'text' }>> {
  return firstValueFrom(client.messages$.pipe(filter((m): m is Extract<WxMessage, { kind: 'text' }> => m.kind === 'text' && textOf(m) === text), timeout(10_000)));
}

const event = <T extends WxEvent['type']>(client: WeChatClient, type: T, where: (e: Extract<WxEvent, { type: T }>) => boolean = () => true) =>
  nextEvent(client, (e): e is Extract<WxEvent, { type: T }> => e.type === type && where(e as Extract<WxEvent, { type: T }>));

describe('the contact store', () => {
  it('holds the address book after login, as a state stream with lookups', async () => {
    const client = await online();
    const snapshot = await firstValueFrom(client.contacts$);
    const world = sim.world();
    expect(snapshot.friends()).toHaveLength(world.friends().length);
    expect(snapshot.officialAccounts()).toHaveLength(world.officialAccounts().length);
    expect(snapshot.get('filehelper')?.kind).toBe('special');
    expect(snapshot.self.userName).toBe(client.user?.UserName);
    const alice = client.contacts.find('Alice');
    expect(alice).toMatchObject({ kind: 'friend', nickName: 'Alice' });
    expect(client.contacts.get(alice!.userName)).toBe(alice);
    expect(client.contacts.byStableId(alice!.stableId)).toBe(alice);
    expect(client.contacts.search('a').length).toBeGreaterThan(1);
    const tricky = client.contacts.find('Tom & "Jerry"');
    expect(tricky?.kind).toBe('friend');
    const emoji = client.contacts.find('小明😂');
    expect(emoji?.nickName).toBe('小明😂');
  });

  it('keeps its operations and lookups working when they are taken off the client', async () => {
    const client = await online();
    const { send, contacts } = client;
    const { find, friends } = contacts;
    const alice = find('Alice');
    expect(alice?.kind).toBe('friend');
    expect(friends()).toContain(alice);
    expect(client.user?.UserName).toMatch(/^@/);
    const sent = await lastValueFrom(send(alice!.userName, 'taken off the client'));
    expect(sent.chat).toBe(alice!.userName);
    expect(sim.outbox().map((o) => o.content)).toContain('taken off the client');
  });

  it('publishes a reloaded address book once it is whole, not page by page', async () => {
    const store = new MemorySessionStore();
    await lastValueFrom((await online({ world: { friends: 30 }, contactPageSize: 4 }, { store })).close(), { defaultValue: undefined });
    const resumed = clientFor(sim, { store, contactBatchRate: false });
    clients.push(resumed);
    const sizes: number[] = [];
    subscriptions.add(resumed.contacts$.subscribe((snapshot) => sizes.push(snapshot.friends().length)));
    const pagesBefore = sim.stats().requests['webwxgetcontact'] ?? 0;
    await login(resumed);
    await firstValueFrom(resumed.contacts$.pipe(filter((s) => s.friends().length === 30), timeout(10_000)));
    expect((sim.stats().requests['webwxgetcontact'] ?? 0) - pagesBefore).toBeGreaterThan(5);
    expect(sizes.filter((size) => size > 0 && size < 30)).toEqual([]);
  });

  it('names the sender and chat of messages; unknown group members resolve in one rate-limited batch', async () => {
    const client = await online();
    const world = sim.world();
    const alice = world.friends()[0]!;
    const fromAlice = textMessage(client, 'hello');
    sim.inject({ from: alice.id, text: 'hello' });
    expect(await fromAlice).toMatchObject({ senderName: alice.remarkName || alice.nickName, chatName: alice.remarkName || alice.nickName });

    const group = world.groups().find((g) => (g.contactFlag & 1) !== 0)!;
    const member = group.members.find((m) => world.person(m.id)?.isFriend === false && m.displayName !== '') ?? group.members.find((m) => m.id !== world.self.id)!;
    const first = textMessage(client, 'first');
    sim.inject({ from: member.id, group: group.id, text: 'first' });
    const firstMessage = await first;
    expect(firstMessage.chatName).toBe(group.topic);
    expect(firstMessage.senderName).toBeUndefined();
    const changed = await firstValueFrom(client.contacts$.pipe(filter((s) => s.members(firstMessage.chat) !== undefined), timeout(5000)));
    expect(changed.members(firstMessage.chat)?.length).toBe(group.members.length);
    const second = textMessage(client, 'second');
    sim.inject({ from: member.id, group: group.id, text: 'second' });
    expect((await second).senderName).toBe(member.displayName || world.nickNameOf(member.id));
    const third = textMessage(client, 'third');
    sim.inject({ from: member.id, group: group.id, text: 'third' });
    await third;
    expect(sim.stats().requests['webwxbatchgetcontact']).toBe(1);
  });

  it('fetches group members lazily, once, and caches them', async () => {
    const client = await online();
    const group = client.contacts.groups()[0]!;
    expect(group.members).toBeUndefined();
    const members = await lastValueFrom(client.contacts.members(group));
    const again = await lastValueFrom(client.contacts.members(group.userName));
    const simGroup = sim.world().groups().find((g) => g.topic === group.nickName);
    expect(members.length).toBe(simGroup?.members.length);
    expect(again).toBe(members);
    expect(members.find((m) => m.userName === client.user?.UserName)).toBeDefined();
    expect(sim.stats().requests['webwxbatchgetcontact']).toBe(1);
    expect(client.contacts.get(group.userName)?.members).toBe(members);
  });

  it('refreshes contacts on request, asking for a group member with the group’s EncryChatRoomId', async () => {
    sim = await startFastSim();
    const http = createUndiciTransport();
    const asked: unknown[] = [];
    const transport: Transport = {
      request: (req) => {
        if (req.endpoint === 'webwxbatchgetcontact') asked.push(req.json);
        return http.request(req);
      },
    };
    const client = clientFor(sim, { transport, contactBatchRate: { intervalMs: 20, burst: 1 } });
    clients.push(client);
    subscriptions.add(() => void http.close());
    await login(client);
    const group = client.contacts.groups()[0]!;
    const members = await lastValueFrom(client.contacts.members(group));
    const stranger = members.find((m) => m.userName !== client.user?.UserName && client.contacts.get(m.userName) === undefined)!;
    const friend = client.contacts.friends()[0]!;
    const refreshed = await lastValueFrom(client.contacts.refresh([stranger.userName, friend.userName]));
    expect(refreshed.map((c) => c.userName)).toEqual([stranger.userName, friend.userName]);
    expect(refreshed[0]?.kind).toBe('stranger');
    const encry = client.contacts.get(group.userName)?.raw.EncryChatRoomId;
    expect(encry).toMatch(/^@/);
    expect(asked.at(-1)).toMatchObject({ List: [{ UserName: stranger.userName, EncryChatRoomId: encry }, { UserName: friend.userName }] });
  });

  it('applies ModContactList, DelContactList and member changes, with events carrying Contact objects', async () => {
    const client = await online();
    const added = event(client, 'contact-added');
    const { userName } = sim.contacts.add({ nickName: 'Newcomer', alias: 'newbie_1' });
    expect((await added).contact).toMatchObject({ userName, nickName: 'Newcomer', alias: 'newbie_1', kind: 'friend' });
    expect(client.contacts.find('newbie_1')?.userName).toBe(userName);

    const modified = event(client, 'contact-modified', (e) => e.contact.userName === userName);
    sim.contacts.modify({ contact: 'Newcomer', remarkName: 'Newbie' });
    const change = await modified;
    expect(change.contact.name).toBe('Newbie');
    expect(change.previous.name).toBe('Newcomer');
    expect(change.contact.stableId).toBe(change.previous.stableId);
    expect(change.contact.raw.RemarkName).toBe('Newbie');

    const removed = event(client, 'contact-removed', (e) => e.userName === userName);
    sim.contacts.remove({ contact: 'Newbie' });
    expect((await removed).contact?.name).toBe('Newbie');
    expect(client.contacts.get(userName)).toBeUndefined();

    const group = sim.world().groups()[0]!;
    const membersChanged = event(client, 'group-members-changed');
    sim.groups.addMember({ group: group.id, displayName: 'Late joiner' });
    const { members } = await membersChanged;
    expect(members.at(-1)?.displayName).toBe('Late joiner');
  });

  it('keeps stable ids across a re-login, while every UserName changes', async () => {
    const client = await online();
    const before = new Map(client.contacts.friends().map((c) => [c.nickName, c]));
    const oldSelf = client.user?.UserName;
    const relogged = firstValueFrom(client.contacts$.pipe(filter((s: ContactsSnapshot) => s.self.userName !== oldSelf && s.friends().length === before.size), timeout(10_000)));
    sim.phone.kick({ code: 1101 });
    await relogged;
    const after = client.contacts.friends();
    expect(after).toHaveLength(before.size);
    for (const contact of after) {
      const old = before.get(contact.nickName)!;
      expect(contact.userName).not.toBe(old.userName);
      expect(contact.stableId).toBe(old.stableId);
    }
  });

  it('saves stable ids with the session and reloads the address book after a resume', async () => {
    const store = new MemorySessionStore();
    const client = await online({}, { store });
    const bob = client.contacts.find('Bob')!;
    sim.contacts.modify({ contact: 'Bob', remarkName: 'Bobby' });
    await event(client, 'contact-modified', (e) => e.contact.userName === bob.userName);
    await lastValueFrom(client.close(), { defaultValue: undefined });
    expect(Object.values((await store.load())?.stableIds ?? {})).toContain(bob.stableId);

    const second = clientFor(sim, { store, contactBatchRate: false });
    clients.push(second);
    const steps = await login(second);
    expect(steps.map((s) => s.type)).toEqual(['logged-in']);
    const loaded = await firstValueFrom(second.contacts$.pipe(filter((s) => s.friends().length > 0), timeout(10_000)));
    expect(loaded.get(bob.userName)?.stableId).toBe(bob.stableId);
    expect(loaded.get(bob.userName)?.remarkName).toBe('Bobby');
  });
});

describe('a big world', () => {
  it('reaches online with 5,000 friends and 50 groups of 500, in few requests, then names group senders lazily', async () => {
    const started = Date.now();
    const client = await online({ world: { friends: 5000, groups: 50, groupSize: 500 } });
    const elapsed = Date.now() - started;
    const requests = sim.stats().requests;
    console.info(`5,000-contact world: online after ${elapsed} ms and ${Object.values(requests).reduce((a, b) => a + b, 0)} requests`, requests);
    expect(client.contacts.friends()).toHaveLength(5000);
    expect(requests['webwxgetcontact']).toBe(7);
    expect(requests['webwxbatchgetcontact'] ?? 0).toBe(0);
    const group = sim.world().groups().at(-1)!;
    const member = group.members.at(-1)!;
    const first = textMessage(client, 'big hi');
    sim.inject({ from: member.id, group: group.id, text: 'big hi' });
    const message = await first;
    await firstValueFrom(client.contacts$.pipe(filter((s) => s.members(message.chat)?.length === 500), timeout(10_000)));
    const second = textMessage(client, 'big hi 2');
    sim.inject({ from: member.id, group: group.id, text: 'big hi 2' });
    expect((await second).senderName).toBe(member.displayName || sim.world().nickNameOf(member.id));
  }, 60_000);
});

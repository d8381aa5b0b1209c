import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/testing/simulator/prng.js';
import { generateWorld } from '../../src/testing/simulator/world-generator.js';
import { FIXED_USERNAMES, UserNames } from '../../src/testing/simulator/usernames.js';

describe('generateWorld', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = generateWorld({ seed: 42 });
    const b = generateWorld({ seed: 42 });
    const c = generateWorld({ seed: 43 });
    const snapshot = (w: ReturnType<typeof generateWorld>) => ({
      self: w.self,
      persons: [...w.friends(), ...w.strangers()],
      officials: w.officialAccounts(),
      groups: w.groups(),
    });
    expect(snapshot(a)).toEqual(snapshot(b));
    expect(a.self.id).not.toBe(c.self.id);
  });

  it('has the default sizes', () => {
    const w = generateWorld();
    expect(w.friends()).toHaveLength(20);
    expect(w.officialAccounts()).toHaveLength(3);
    expect(w.groups()).toHaveLength(3);
    for (const g of w.groups()) expect(g.members).toHaveLength(20);
  });

  it('scales to 5,000 friends and 50 groups of 500', () => {
    const w = generateWorld({ seed: 5, friends: 5000, groups: 50, groupSize: 500 });
    expect(w.friends()).toHaveLength(5000);
    expect(w.groups()).toHaveLength(50);
    for (const g of w.groups()) {
      expect(g.members).toHaveLength(500);
      expect(new Set(g.members.map((m) => m.id)).size).toBe(500);
    }
    expect(new Set(w.friends().map((p) => p.nickName)).size).toBe(5000);
  });

  it('uses the real id formats and a uin above 2^31', () => {
    const w = generateWorld({ seed: 9, friends: 200, officialAccounts: 10, groups: 10 });
    expect(w.self.id).toMatch(/^wxid_[a-z0-9]{14}$/);
    expect(w.self.uin).toBeGreaterThan(2 ** 31);
    expect(w.self.uin).toBeLessThan(2 ** 32);
    for (const p of [...w.friends(), ...w.strangers()]) expect(p.id).toMatch(/^wxid_[a-z0-9]{14}$/);
    for (const o of w.officialAccounts()) {
      expect(o.id).toMatch(/^gh_[0-9a-f]{12}$/);
      expect([8, 24]).toContain(o.verifyFlag);
    }
    for (const g of w.groups()) {
      expect(g.id).toMatch(/^[1-9]\d{10}@chatroom$/);
      expect(g.members.some((m) => m.id === w.self.id)).toBe(true);
      expect(g.members.some((m) => m.id === g.ownerId)).toBe(true);
    }
  });

  it('mixes Chinese, English, emoji and names that need escaping; members include strangers with aliases', () => {
    const w = generateWorld({ seed: 3, friends: 300, groups: 5, groupSize: 100 });
    const names = w.friends().map((p) => p.nickName);
    expect(names.some((n) => /[\u4e00-\u9fff]/.test(n))).toBe(true);
    expect(names.some((n) => /^[A-Za-z ]+$/.test(n))).toBe(true);
    expect(names.some((n) => /\p{Extended_Pictographic}/u.test(n))).toBe(true);
    expect(names).toContain('Tom & "Jerry"');
    const members = w.groups().flatMap((g) => g.members);
    expect(members.some((m) => w.person(m.id)?.isFriend === false)).toBe(true);
    expect(members.some((m) => w.person(m.id)?.isFriend === true)).toBe(true);
    expect(members.some((m) => m.displayName !== '')).toBe(true);
    expect(w.friends().some((p) => p.remarkName !== '')).toBe(true);
    expect(w.friends().every((p) => p.contactFlag !== 0)).toBe(true);
  });

  it('lists every kind of entity as a new array, each entity in exactly one list', () => {
    const w = generateWorld({ seed: 6, friends: 30, officialAccounts: 4, groups: 3, groupSize: 25 });
    const friends = w.friends();
    const strangers = w.strangers();
    expect(friends).toHaveLength(30);
    expect(strangers.length).toBeGreaterThan(0);
    expect(strangers.every((p) => !p.isFriend && p.kind === 'person')).toBe(true);
    expect(w.officialAccounts().map((o) => o.kind)).toEqual(['official', 'official', 'official', 'official']);
    expect(w.specialAccounts().map((s) => s.id)).toEqual(['filehelper', 'weixin', 'fmessage']);
    expect(w.groups()).toHaveLength(3);
    const ids = [...friends, ...strangers, ...w.officialAccounts(), ...w.specialAccounts(), ...w.groups()].map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(w.get(id)?.id).toBe(id);
    expect(w.person(strangers[0]!.id)).toBe(strangers[0]);
    expect(w.group(w.groups()[0]!.id)).toBe(w.groups()[0]);
    expect(w.person(w.groups()[0]!.id)).toBeUndefined();
    friends.pop();
    expect(w.friends()).toHaveLength(30);
    w.addContact({ id: strangers[0]!.id });
    expect(w.friends()).toHaveLength(31);
    expect(w.strangers()).toHaveLength(strangers.length - 1);
  });

  it('finds by id, nickname and topic', () => {
    const w = generateWorld({ seed: 1 });
    const alice = w.find('Alice');
    expect(alice?.kind).toBe('person');
    expect(w.find(alice?.id ?? '')).toBe(alice);
    const group = w.groups()[0];
    expect(w.find(group?.topic ?? '')).toBe(group);
    expect(w.find('filehelper')?.kind).toBe('special');
    expect(w.find('nobody at all')).toBeUndefined();
    expect(() => w.require('nobody at all')).toThrow(/nobody/);
  });

  it('mutates through helpers, keeping old snapshots intact', () => {
    const w = generateWorld({ seed: 2 });
    const alice = w.require('Alice');
    if (alice.kind !== 'person') throw new Error('Alice is a person');
    const renamed = w.modifyContact(alice.id, { nickName: 'Alicia', remarkName: 'A', avatarChanged: true });
    expect(renamed.nickName).toBe('Alicia');
    expect(renamed.headSeq).toBe(alice.headSeq + 1);
    expect(alice.nickName).toBe('Alice');

    const added = w.addContact({ nickName: 'Newbie' });
    expect(w.friends()).toHaveLength(21);
    expect(w.find('Newbie')).toEqual(added);
    w.removeContact(added.id);
    expect(w.friends()).toHaveLength(20);
    expect(w.person(added.id)?.isFriend).toBe(false);

    const group = w.groups()[1];
    if (group === undefined) throw new Error('group');
    const stranger = w.addContact({ friend: false, nickName: 'Stranger Danger' });
    expect(w.addGroupMember(group.id, stranger.id, 'SD').members).toHaveLength(21);
    expect(w.displayNameIn(group.id, stranger.id)).toBe('SD');
    expect(w.nameIn(group.id, stranger.id)).toBe('SD');
    expect(w.removeGroupMember(group.id, stranger.id).members).toHaveLength(20);
    expect(w.renameGroup(group.id, 'Weekend').topic).toBe('Weekend');
    expect(group.topic).not.toBe('Weekend');

    const created = w.createGroup({ topic: 'New group', memberIds: [alice.id, stranger.id] });
    expect(created.members.map((m) => m.id)).toEqual([w.self.id, alice.id, stranger.id]);
    expect(created.id).toMatch(/^\d{11}@chatroom$/);
  });

  it('lists the address book and recent chats', () => {
    const w = generateWorld({ seed: 4, groups: 4 });
    const book = w.addressBook();
    expect(book.filter((e) => e.kind === 'person')).toHaveLength(20);
    expect(book.some((e) => e.id === 'filehelper')).toBe(true);
    expect(book.some((e) => e.id === 'fmessage')).toBe(false);
    expect(book.filter((e) => e.kind === 'group').length).toBeGreaterThan(0);
    const recent = w.recentChats(8);
    expect(recent.length).toBeLessThanOrEqual(8);
    expect(recent[0]?.id).toBe('filehelper');
  });

  it('mulberry32 is a deterministic [0, 1) stream', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    for (let i = 0; i < 100; i++) {
      const x = a();
      expect(x).toBe(b());
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });
});

describe('UserNames', () => {
  it('derives per-login names that are stable per salt and change with it', () => {
    const w = generateWorld({ seed: 1 });
    const friend = w.friends()[0]?.id ?? '';
    const group = w.groups()[0]?.id ?? '';
    const official = w.officialAccounts()[0]?.id ?? '';
    const a = new UserNames('salt-a');
    expect(a.userNameOf(friend)).toMatch(/^@[0-9a-f]{32}$/);
    expect(a.userNameOf(official)).toMatch(/^@[0-9a-f]{32}$/);
    expect(a.userNameOf(group)).toMatch(/^@@[0-9a-f]{64}$/);
    expect(a.encryChatRoomIdOf(group)).toMatch(/^@[0-9a-f]{32}$/);
    expect(new UserNames('salt-a').userNameOf(friend)).toBe(a.userNameOf(friend));
    expect(new UserNames('salt-b').userNameOf(friend)).not.toBe(a.userNameOf(friend));
    expect(new UserNames('salt-a', { personHexLength: 64 }).userNameOf(friend)).toMatch(/^@[0-9a-f]{64}$/);
  });

  it('maps both ways, fixed names to themselves, and resolves unseen names through the universe', () => {
    const w = generateWorld({ seed: 1 });
    const a = new UserNames('s');
    for (const fixed of FIXED_USERNAMES) {
      expect(a.userNameOf(fixed)).toBe(fixed);
      expect(a.idOf(fixed)).toBe(fixed);
    }
    const id = w.friends()[3]?.id ?? '';
    expect(a.idOf(a.userNameOf(id))).toBe(id);
    const name = new UserNames('s').userNameOf(w.friends()[5]?.id ?? '');
    expect(a.idOf(name)).toBeUndefined();
    const withUniverse = new UserNames('s', { universe: () => [...w.friends(), ...w.strangers()].map((p) => p.id) });
    expect(withUniverse.idOf(name)).toBe(w.friends()[5]?.id);
    expect(withUniverse.idOf('@0000')).toBeUndefined();
  });
});

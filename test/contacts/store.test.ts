import { describe, expect, it } from 'vitest';
import { ContactStore } from '../../src/web/contacts/store.js';
import type { ContactsSnapshot } from '../../src/web/contacts/snapshot.js';
import type { RawContact, RawMember } from '../../src/model/raw/shapes.js';
import type { Contact } from '../../src/model/contact.js';
import { collector } from '../ilink/live-memory.js';

const self: RawContact = { UserName: '@self', NickName: 'Me', ContactFlag: 0 };
const friend = (userName: string, fields: Partial<RawContact> = {}): RawContact => ({ UserName: userName, ContactFlag: 3, AttrStatus: 4133, ...fields });
const member = (userName: string, nick: string, display = ''): RawMember => ({ UserName: userName, NickName: nick, DisplayName: display, AttrStatus: 7 });

describe('ContactStore', () => {
  it('decodes names and kinds: friends, groups, official and special accounts, strangers', () => {
    const store = new ContactStore({ self });
    store.upsert(friend('@a', { NickName: 'Alice<span class="emoji emoji1f602"></span>', RemarkName: 'Boss' }), 'ignore');
    store.upsert({ UserName: '@@g', NickName: 'Family', MemberCount: 3 }, 'ignore');
    store.upsert({ UserName: '@o', NickName: 'News', VerifyFlag: 24, ContactFlag: 3 }, 'ignore');
    store.upsert({ UserName: 'filehelper', NickName: '文件传输助手', ContactFlag: 3 }, 'ignore');
    store.upsert({ UserName: '@s', NickName: 'Stranger', ContactFlag: 0 }, 'ignore');
    const snap = store.snapshot();
    expect(snap.get('@a')).toMatchObject({ kind: 'friend', nickName: 'Alice😂', remarkName: 'Boss', name: 'Boss' });
    expect(snap.get('@@g')).toMatchObject({ kind: 'group', name: 'Family', memberCount: 3 });
    expect(snap.get('@@g')?.members).toBeUndefined();
    expect(snap.get('@o')?.kind).toBe('official');
    expect(snap.get('filehelper')).toMatchObject({ kind: 'special', stableId: 'filehelper' });
    expect(snap.get('@s')?.kind).toBe('stranger');
    expect(snap.get('@self')?.nickName).toBe('Me');
    expect(snap.friends().map((c) => c.userName)).toEqual(['@a']);
    expect(snap.officialAccounts().map((c) => c.userName)).toEqual(['@o']);
  });

  it('hands out immutable snapshots: a change copies the map once, old snapshots stay as they were', () => {
    const store = new ContactStore({ self });
    const emitted: ContactsSnapshot[] = [];
    store.changes$.subscribe((s) => emitted.push(s));
    store.upsert(friend('@a', { NickName: 'Alice' }), 'ignore');
    store.upsert(friend('@b', { NickName: 'Bob' }), 'ignore');
    store.commit();
    store.commit();
    expect(emitted).toHaveLength(1);
    const before = emitted[0]!;
    store.upsert(friend('@a', { NickName: 'Alicia' }), 'merge');
    store.remove('@b');
    store.commit();
    expect(emitted).toHaveLength(2);
    expect(before.get('@a')?.nickName).toBe('Alice');
    expect(before.get('@b')?.nickName).toBe('Bob');
    expect(emitted[1]?.get('@a')?.nickName).toBe('Alicia');
    expect(emitted[1]?.get('@b')).toBeUndefined();
    expect(emitted[1]!.version).toBeGreaterThan(before.version);
  });

  it('keeps the contact it holds when the server sends it again unchanged: same object, no new snapshot', () => {
    const store = new ContactStore({ self });
    const emitted: ContactsSnapshot[] = [];
    store.changes$.subscribe((s) => emitted.push(s));
    const first = store.upsert(friend('@a', { NickName: 'Alice', HeadImgUrl: '/icon?seq=1&username=@a&skey=@crypt_1' }), 'ignore').contact;
    store.commit();
    const again = store.upsert(friend('@a', { NickName: 'Alice', HeadImgUrl: '/icon?seq=1&username=@a&skey=@crypt_2' }), 'merge');
    store.commit();
    expect(again).toEqual({ contact: first, previous: first, membersChanged: false });
    expect(again.contact).toBe(first);
    expect(emitted).toHaveLength(1);
    const renamed = store.upsert(friend('@a', { NickName: 'Alicia', HeadImgUrl: '/icon?seq=1&username=@a' }), 'merge').contact;
    expect(renamed).not.toBe(first);
    expect(renamed).toMatchObject({ nickName: 'Alicia', stableId: first.stableId });
    expect(store.upsert(friend('@a', { NickName: 'Alicia', HeadImgUrl: '/icon?seq=1&username=@a', Signature: 'new' }), 'merge').contact).not.toBe(renamed);
    store.upsert({ UserName: '@@g', NickName: 'Team', MemberList: [] }, 'ignore');
    const group = store.upsert({ UserName: '@@g', NickName: 'Team', MemberList: [member('@a', 'Alice')] }, 'merge');
    expect(group.membersChanged).toBe(true);
    expect(group.contact.members?.map((m) => m.userName)).toEqual(['@a']);
  });

  it('takes members only from full lists, keeps them across member-less updates, and resolves names by group alias', () => {
    const store = new ContactStore({ self });
    store.upsert(friend('@a', { NickName: 'Alice', RemarkName: 'Boss' }), 'ignore');
    store.upsert({ UserName: '@@g', NickName: '', MemberList: [member('@x', ''), member('@y', '')] }, 'ignore');
    expect(store.get('@@g')?.members).toBeUndefined();
    const first = store.upsert({ UserName: '@@g', NickName: '', MemberList: [member('@self', 'Me', '群里的我'), member('@a', 'Alice'), member('@z', 'Zed', 'Z-man')] }, 'merge');
    expect(first.membersChanged).toBe(true);
    expect(first.contact.name).toBe('群里的我、Boss、Z-man');
    const renamed = store.upsert({ UserName: '@@g', NickName: 'Team', MemberList: [] }, 'merge');
    expect(renamed.membersChanged).toBe(false);
    expect(renamed.contact.members).toHaveLength(3);
    expect(store.memberName('@@g', '@z')).toBe('Z-man');
    expect(store.memberName('@@g', '@a')).toBe('Boss');
    expect(store.selfMemberName('@@g')).toBe('群里的我');
    expect(store.memberName('@@g', '@nobody')).toBeUndefined();
    const snap = store.snapshot();
    expect(snap.member('@@g', '@a')?.stableId).toBe(snap.get('@a')?.stableId);
  });

  it('finds members of small and of large groups alike', () => {
    const store = new ContactStore({ self });
    for (const size of [3, 32, 33, 500]) {
      const list = Array.from({ length: size }, (_, i) => member(`@m${i}`, `Nick ${i}`, i % 2 === 0 ? `Alias ${i}` : ''));
      store.upsert({ UserName: `@@g${size}`, NickName: `Group ${size}`, MemberList: [...list, member('@self', 'Me', `我 ${size}`)] }, 'merge');
      const last = size - 1;
      expect(store.memberName(`@@g${size}`, '@m0')).toBe('Alias 0');
      expect(store.memberName(`@@g${size}`, `@m${last}`)).toBe(last % 2 === 0 ? `Alias ${last}` : `Nick ${last}`);
      expect(store.memberName(`@@g${size}`, '@nobody')).toBeUndefined();
      expect(store.selfMemberName(`@@g${size}`)).toBe(`我 ${size}`);
      expect(store.snapshot().member(`@@g${size}`, '@m1')?.nickName).toBe('Nick 1');
    }
  });

  it('names members as the contacts are when the list is read: a member who became a friend has the friend’s id and remark', () => {
    const store = new ContactStore({ self });
    store.upsert({ UserName: '@@g', NickName: 'Hikers', MemberList: [member('@a', 'Alice'), member('@b', 'Bob'), member('@self', 'Me')] }, 'merge');
    expect(store.memberName('@@g', '@a')).toBe('Alice');
    store.upsert(friend('@a', { NickName: 'Alice', RemarkName: 'Boss' }), 'ignore');
    const group = store.get('@@g');
    expect(store.memberName('@@g', '@a')).toBe('Boss');
    expect(group?.members?.map((m) => [m.userName, m.name])).toEqual([
      ['@a', 'Boss'],
      ['@b', 'Bob'],
      ['@self', 'Me'],
    ]);
    expect(group?.members?.[0]?.stableId).toBe(store.get('@a')?.stableId);
    expect(group?.members?.[2]?.stableId).toBe('self');
    expect(group?.members?.[1]?.stableId).toMatch(/^u_/);
    // Read once, the list is kept: the same array and members at every read.
    expect(group?.members).toBe(group?.members);
    expect(store.snapshot().member('@@g', '@b')).toBe(group?.members?.[1]);
  });

  it('lets a store go while a group contact of it is kept: the members are then named from their own entries', async () => {
    const gc = collector();
    const make = (): { group: Contact; store: WeakRef<ContactStore> } => {
      const store = new ContactStore({ self });
      store.upsert(friend('@a', { NickName: 'Alice', RemarkName: 'Boss' }), 'ignore');
      const { contact } = store.upsert({ UserName: '@@g', NickName: 'Hikers', MemberList: [member('@a', 'Alice'), member('@b', 'Bob')] }, 'merge');
      return { group: contact, store: new WeakRef(store) };
    };
    const { group, store } = make();
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(store.deref()).toBeUndefined();
    expect(group.members?.map((m) => m.name)).toEqual(['Alice', 'Bob']);
  });

  it('shows a group’s members like any other field: in its keys, copies and JSON, not the slot that holds them', () => {
    const store = new ContactStore({ self });
    const { contact } = store.upsert({ UserName: '@@g', NickName: '', MemberList: [member('@a', 'Alice', 'Al'), member('@b', 'Bob')] }, 'merge');
    expect(contact.name).toBe('Al、Bob');
    expect(contact.memberCount).toBe(2);
    expect(Object.keys(contact)).toContain('members');
    expect(Object.getOwnPropertySymbols({ ...contact })).toEqual([]);
    expect({ ...contact }.members?.map((m) => m.name)).toEqual(['Al', 'Bob']);
    const json = JSON.parse(JSON.stringify(contact)) as { members: { userName: string; name: string }[] };
    expect(json.members.map((m) => [m.userName, m.name])).toEqual([
      ['@a', 'Al'],
      ['@b', 'Bob'],
    ]);
    expect(contact).toEqual(expect.objectContaining({ members: [expect.objectContaining({ userName: '@a', displayName: 'Al', nickName: 'Alice' }), expect.objectContaining({ userName: '@b' })] }));
  });

  it('finds by exact name (friends first, remark before nickname) and searches by substring', () => {
    const store = new ContactStore({ self });
    store.upsert({ UserName: '@s', NickName: 'Alice', ContactFlag: 0 }, 'ignore');
    store.upsert(friend('@a', { NickName: 'Alice' }), 'ignore');
    store.upsert(friend('@b', { NickName: 'Bob', RemarkName: 'Alice' }), 'ignore');
    store.upsert(friend('@c', { NickName: 'Carol', Alias: 'carol_88' }), 'ignore');
    const snap = store.snapshot();
    expect(snap.find('Alice')?.userName).toBe('@b');
    expect(snap.find({ nickName: 'Alice', kind: 'stranger' })?.userName).toBe('@s');
    expect(snap.find('carol_88')?.userName).toBe('@c');
    expect(snap.find(/^car/i)?.userName).toBe('@c');
    expect(snap.find('@a')?.userName).toBe('@a');
    expect(snap.find('nobody')).toBeUndefined();
    expect(snap.search('ali').map((c) => c.userName)).toEqual(['@b', '@a', '@s']);
    expect(snap.byStableId(snap.get('@c')!.stableId)?.userName).toBe('@c');
  });

  it('gives the same stable ids at the next login (new UserNames), and tells same-named contacts apart', () => {
    const first = new ContactStore({ self });
    first.upsert(friend('@1', { NickName: 'Dave', Alias: 'dave_1' }), 'ignore');
    first.upsert(friend('@2', { NickName: 'Erin', RemarkName: 'Sis' }), 'ignore');
    first.upsert(friend('@3', { NickName: 'Twin' }), 'ignore');
    first.upsert(friend('@4', { NickName: 'Twin' }), 'ignore');
    const ids = ['@1', '@2', '@3', '@4'].map((u) => first.get(u)!.stableId);
    expect(new Set(ids).size).toBe(4);
    expect(ids[3]).toBe(`${ids[2]}~2`);

    const second = new ContactStore({ self: { ...self, UserName: '@self2' }, previousIds: first.stableIds() });
    second.upsert(friend('@x1', { NickName: 'Dave (new nick)', Alias: 'dave_1' }), 'ignore');
    second.upsert(friend('@x2', { NickName: 'Erin', RemarkName: 'Sis' }), 'ignore');
    second.upsert(friend('@x3', { NickName: 'Twin' }), 'ignore');
    second.upsert(friend('@x4', { NickName: 'Twin' }), 'ignore');
    expect(['@x1', '@x2', '@x3', '@x4'].map((u) => second.get(u)!.stableId)).toEqual(ids);
  });

  it('keeps a removed contact’s id for it: back in the same session, a twin does not take it', () => {
    const store = new ContactStore({ self });
    store.upsert(friend('@3', { NickName: 'Twin' }), 'ignore');
    store.upsert(friend('@4', { NickName: 'Twin' }), 'ignore');
    const [first, second] = ['@3', '@4'].map((u) => store.get(u)!.stableId);
    store.remove('@3');
    store.upsert(friend('@5', { NickName: 'Twin' }), 'ignore');
    expect(store.get('@5')!.stableId).toBe(`${first}~3`);
    store.upsert(friend('@3', { NickName: 'Twin' }), 'ignore');
    expect(store.get('@3')!.stableId).toBe(first);
    expect(store.get('@4')!.stableId).toBe(second);
    expect(store.stableIds()).toEqual({ '@4': second, '@5': `${first}~3` });
  });

  it('derives ids the same way in every version, so ids saved by an older release still match', () => {
    const store = new ContactStore({ self });
    store.upsert(friend('@1', { NickName: 'Dave', Alias: 'dave_1' }), 'ignore');
    store.upsert(friend('@2', { NickName: 'Twin' }), 'ignore');
    expect(store.get('@1')?.stableId).toBe('u_YYKwo6KqGAOJz-Uj');
    expect(store.get('@2')?.stableId).toBe('u_-piBsf7O1a8GgAPa');
  });

  it('keeps the id of a contact renamed during the session, also at the next login (saved by fingerprint)', () => {
    const first = new ContactStore({ self });
    first.upsert(friend('@1', { NickName: 'Frank' }), 'ignore');
    const id = first.get('@1')!.stableId;
    first.upsert(friend('@1', { NickName: 'Frank', RemarkName: 'Uncle F' }), 'merge');
    expect(first.get('@1')!.stableId).toBe(id);
    const saved = first.stableIds();
    expect(Object.keys(saved).every((k) => k.startsWith('#'))).toBe(true);

    const fresh = new ContactStore({ self });
    fresh.upsert(friend('@9', { NickName: 'Frank', RemarkName: 'Uncle F' }), 'ignore');
    expect(fresh.get('@9')!.stableId).not.toBe(id);
    const next = new ContactStore({ self, previousIds: JSON.parse(JSON.stringify(saved)) as Record<string, string> });
    next.upsert(friend('@9', { NickName: 'Frank', RemarkName: 'Uncle F' }), 'ignore');
    expect(next.get('@9')!.stableId).toBe(id);
  });

  it('bounds memory: the oldest strangers and member lists go past the limits', () => {
    const store = new ContactStore({ self, limits: { strangers: 3, members: 5 } });
    for (let i = 0; i < 10; i++) store.upsert({ UserName: `@s${i}`, NickName: `S${i}`, ContactFlag: 0 }, 'merge');
    expect(store.snapshot().all().map((c) => c.userName)).toEqual(['@s7', '@s8', '@s9']);
    store.upsert({ UserName: '@@g1', NickName: 'G1', MemberList: [member('@m1', 'M1'), member('@m2', 'M2'), member('@m3', 'M3')] }, 'merge');
    store.upsert({ UserName: '@@g2', NickName: 'G2', MemberList: [member('@m4', 'M4'), member('@m5', 'M5'), member('@m6', 'M6')] }, 'merge');
    expect(store.get('@@g1')?.members).toBeUndefined();
    expect(store.get('@@g1')?.name).toBe('G1');
    expect(store.get('@@g2')?.members).toHaveLength(3);
  });
});

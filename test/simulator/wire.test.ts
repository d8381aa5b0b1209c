import { describe, expect, it } from 'vitest';
import { parseJson } from '../../src/web/protocol/json.js';
import { RawContact } from '../../src/model/raw/shapes.js';
import { decodeWith } from '../../src/model/raw/decode.js';
import { UserNames } from '../../src/testing/simulator/usernames.js';
import {
  contactToWire,
  emojiToSpans,
  escapeHtml,
  memberToWire,
  pinyinOf,
  toWireJson,
  userToWire,
  type WireContext,
} from '../../src/testing/simulator/wire.js';
import { generateWorld } from '../../src/testing/simulator/world-generator.js';

describe('toWireJson', () => {
  it('writes bigint as a bare number with exact digits', () => {
    const text = toWireJson({ MsgId: '6929942228714508460', NewMsgId: 6929942228714508460n });
    expect(text).toContain('"NewMsgId": 6929942228714508460');
    const parsed = parseJson(text, 'webwxsync') as { NewMsgId: unknown; MsgId: string };
    expect(String(parsed.NewMsgId)).toBe('6929942228714508460');
    expect(String(parsed.NewMsgId)).toBe(parsed.MsgId);
    expect(JSON.parse(text)).toHaveProperty('NewMsgId');
  });

  it("imitates the server's layout", () => {
    const text = toWireJson({
      BaseResponse: { Ret: 0, ErrMsg: '' },
      Count: 1,
      List: [
        { Key: 1, Val: 701699264 },
        { Key: 2, Val: 701699333 },
      ],
      Empty: [],
      Skipped: undefined,
      Tail: 'x',
    });
    expect(text).toBe(
      '{\n"BaseResponse": {\n"Ret": 0,\n"ErrMsg": ""\n}\n,\n"Count": 1,\n"List": [{\n"Key": 1,\n"Val": 701699264\n}\n' +
        ',{\n"Key": 2,\n"Val": 701699333\n}\n],\n"Empty": [],\n"Tail": "x"\n}',
    );
  });

  it('produces JSON equal to JSON.stringify for ordinary values, escapes included', () => {
    const value = {
      a: 'quote " backslash \\ newline \n tab \t nul \u0000 emoji 😂 lone \ud800',
      b: [1, 2, 3],
      c: { d: true, e: null, f: -1.5 },
      g: [],
      h: {},
    };
    expect(JSON.parse(toWireJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
  });
});

describe('text helpers', () => {
  it('turns emoji into spans, remapping some codes like the server', () => {
    expect(emojiToSpans('hi 😂')).toBe('hi <span class="emoji emoji1f639"></span>');
    expect(emojiToSpans('hi 😂', false)).toBe('hi <span class="emoji emoji1f602"></span>');
    expect(emojiToSpans('🇨🇳')).toBe('<span class="emoji emoji1f1e81f1f3"></span>');
    expect(emojiToSpans('☀️')).toBe('<span class="emoji emoji2600"></span>');
    expect(emojiToSpans('#️⃣')).toBe('<span class="emoji emoji2320e3"></span>');
    expect(emojiToSpans('plain text 中文')).toBe('plain text 中文');
  });

  it('escapes HTML entities', () => {
    expect(escapeHtml('Tom & "Jerry" <b>\'')).toBe('Tom &amp; &quot;Jerry&quot; &lt;b&gt;&#39;');
  });

  it('derives pinyin fields', () => {
    expect(pinyinOf('王芳')).toEqual({ initial: 'WF', full: 'wangfang' });
    expect(pinyinOf('Alice')).toEqual({ initial: 'ALICE', full: 'alice' });
  });
});

describe('contact wire shapes', () => {
  const world = generateWorld({ seed: 11, groups: 2, groupSize: 10 });
  const userNames = new UserNames('login-1');
  const ctx: WireContext = { world, userNames, skey: '@crypt_12345678_0123456789abcdef0123456789abcdef' };

  it('writes a friend with the full field set and a relative avatar path', () => {
    const friend = world.require('小明😂');
    if (friend.kind !== 'person') throw new Error('person');
    const wire = contactToWire(friend, ctx);
    expect(Object.keys(wire)).toEqual([
      'Uin', 'UserName', 'NickName', 'HeadImgUrl', 'ContactFlag', 'MemberCount', 'MemberList', 'RemarkName',
      'HideInputBarFlag', 'Sex', 'Signature', 'VerifyFlag', 'OwnerUin', 'PYInitial', 'PYQuanPin', 'RemarkPYInitial',
      'RemarkPYQuanPin', 'StarFriend', 'AppAccountFlag', 'Statues', 'AttrStatus', 'Province', 'City', 'Alias',
      'SnsFlag', 'UniFriend', 'DisplayName', 'ChatRoomId', 'KeyWord', 'EncryChatRoomId', 'IsOwner',
    ]);
    const userName = userNames.userNameOf(friend.id);
    expect(wire['UserName']).toBe(userName);
    expect(wire['NickName']).toBe('小明<span class="emoji emoji1f639"></span>');
    expect(wire['HeadImgUrl']).toBe(`/cgi-bin/mmwebwx-bin/webwxgeticon?seq=${friend.headSeq}&username=${userName}&skey=${ctx.skey}`);
    expect(wire['VerifyFlag']).toBe(0);
    expect(wire['KeyWord']).toBe('');
    expect(() => decodeWith(RawContact, 'webwxgetcontact', JSON.parse(toWireJson(wire)))).not.toThrow();
  });

  it('marks official accounts with KeyWord gh_ and VerifyFlag & 8', () => {
    for (const official of world.officialAccounts()) {
      const wire = contactToWire(official, ctx);
      expect(wire['KeyWord']).toBe('gh_');
      expect(Number(wire['VerifyFlag']) & 8).toBe(8);
    }
  });

  it('writes groups with members, EncryChatRoomId and a getheadimg path', () => {
    const group = world.groups()[0];
    if (group === undefined) throw new Error('group');
    const full = contactToWire(group, { ...ctx, skey: '' }, { members: 'full' });
    expect(full['UserName']).toMatch(/^@@[0-9a-f]{64}$/);
    expect(full['EncryChatRoomId']).toMatch(/^@[0-9a-f]{32}$/);
    expect(full['HeadImgUrl']).toMatch(/^\/cgi-bin\/mmwebwx-bin\/webwxgetheadimg\?seq=\d+&username=@@[0-9a-f]{64}&skey=$/);
    expect(full['MemberCount']).toBe(10);
    const members = full['MemberList'] as readonly Record<string, unknown>[];
    expect(members).toHaveLength(10);
    expect(members.every((m) => m['NickName'] !== '')).toBe(true);
    expect(full['IsOwner']).toBe(1);
    expect(full['OwnerUin']).toBe(world.self.uin);

    const listed = contactToWire(group, ctx);
    expect(listed['MemberList']).toEqual([]);
    expect(listed['EncryChatRoomId']).toBe('');
    const init = contactToWire(group, ctx, { members: 'anonymous' });
    expect((init['MemberList'] as readonly Record<string, unknown>[]).every((m) => m['NickName'] === '')).toBe(true);

    const sync = contactToWire(group, ctx, { members: 'full', sync: true });
    expect(sync['ChatRoomOwner']).toBe(userNames.userNameOf(group.ownerId));
    expect(sync['ContactType']).toBe(0);
    expect(() => decodeWith(RawContact, 'webwxbatchgetcontact', JSON.parse(toWireJson(sync)))).not.toThrow();
  });

  it('writes members with their group DisplayName', () => {
    const group = world.groups().find((g) => g.members.some((m) => m.displayName !== ''));
    const member = group?.members.find((m) => m.displayName !== '');
    if (member === undefined) throw new Error('no member with a display name');
    const wire = memberToWire(member, ctx);
    expect(Object.keys(wire)).toEqual([
      'Uin', 'UserName', 'NickName', 'AttrStatus', 'PYInitial', 'PYQuanPin', 'RemarkPYInitial', 'RemarkPYQuanPin',
      'MemberStatus', 'DisplayName', 'KeyWord',
    ]);
    expect(wire['DisplayName']).toBe(emojiToSpans(member.displayName));
  });

  it('writes the own User object with a uin above 2^31', () => {
    const user = userToWire(world.self, ctx);
    expect(user['Uin']).toBe(world.self.uin);
    expect(Number(user['Uin'])).toBeGreaterThan(2 ** 31);
    expect(user['UserName']).toBe(userNames.userNameOf(world.self.id));
    expect(user).toHaveProperty('WebWxPluginSwitch', 0);
    expect(user).toHaveProperty('HeadImgFlag', 1);
  });
});

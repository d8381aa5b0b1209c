import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../src/errors/decode-error.js';
import { RawMember } from '../../src/model/raw/shapes.js';
import { InitResponse, StatusNotifyResponse } from '../../src/web/protocol/endpoints/account.js';
import { CreateChatroomResponse, UpdateChatroomResponse } from '../../src/web/protocol/endpoints/chatroom.js';
import { listOf, LooseId } from '../../src/web/protocol/codecs/common.js';
import { BatchGetContactResponse, GetContactResponse, OplogResponse, VerifyUserResponse } from '../../src/web/protocol/endpoints/contacts.js';
import { UploadMediaResponse } from '../../src/web/protocol/endpoints/media.js';
import { RevokeResponse, SendResponse } from '../../src/web/protocol/endpoints/send.js';
import { SyncResponse } from '../../src/web/protocol/endpoints/sync-answer.js';
import { PushLoginResponse } from '../../src/web/protocol/login-bodies.js';
import { decodeWith } from '../../src/model/raw/decode.js';

const ok = { Ret: 0, ErrMsg: '' };
const syncKey = { Count: 2, List: [{ Key: 1, Val: 700000001 }, { Key: 1000, Val: 1700000000 }] };
const self = { Uin: 123456789, UserName: '@0a1b2c3d4e5f60718293a4b5c6d7e8f9', NickName: 'Me', WebWxPluginSwitch: 0, HeadImgFlag: 1 };

function decoded<A>(codec: t.Decoder<unknown, A>, input: unknown): A {
  const result = codec.decode(input);
  if (E.isLeft(result)) throw new Error(`expected ${codec.name} to accept the input`);
  return result.right;
}

function issuesOf(codec: t.Decoder<unknown, unknown>, input: unknown): string {
  try {
    decodeWith(codec, 'webwxsync', input);
  } catch (error) {
    expect(error).toBeInstanceOf(DecodeError);
    return (error as DecodeError).issues.join('\n');
  }
  throw new Error(`expected ${codec.name} to reject the input`);
}

describe('listOf', () => {
  const members = listOf(RawMember);

  it('decodes an absent or null list as empty', () => {
    expect(decoded(members, undefined)).toEqual([]);
    expect(decoded(members, null)).toEqual([]);
  });

  it('reports the index of a bad element', () => {
    expect(issuesOf(members, [{ UserName: '@a' }, { UserName: 5 }])).toContain('1.UserName');
  });

  it('hands a list of unknown back as it is, and refuses what is not a list', () => {
    const items = [{ MsgId: '1' }, 'odd', null];
    expect(decoded(listOf(t.unknown), items)).toBe(items);
    expect(E.isLeft(listOf(t.unknown).decode({ 0: 'not a list' }))).toBe(true);
  });
});

describe('LooseId', () => {
  it('keeps strings (including "") and turns safe integers and absence into strings', () => {
    expect(decoded(LooseId, '3053194738703673101')).toBe('3053194738703673101');
    expect(decoded(LooseId, '')).toBe('');
    expect(decoded(LooseId, 42)).toBe('42');
    expect(decoded(LooseId, undefined)).toBe('');
  });

  it('rejects objects and unsafe numbers', () => {
    expect(E.isLeft(LooseId.decode({}))).toBe(true);
    expect(E.isLeft(LooseId.decode(6929942228714508000))).toBe(true);
  });
});

describe('InitResponse', () => {
  it('needs only BaseResponse, SyncKey and User; absent lists and strings read as empty', () => {
    const init = decoded(InitResponse, { BaseResponse: ok, SyncKey: syncKey, User: self });
    expect(init.User.UserName).toBe(self.UserName);
    expect(init).toMatchObject({ ContactList: [], ChatSet: '', SKey: '', MPSubscribeMsgList: [] });
    expect(init.Count).toBeUndefined();
  });

  it('decodes the optional fields, MPSubscribeMsgList included', () => {
    const init = decoded(InitResponse, {
      BaseResponse: ok,
      Count: 5,
      ContactList: [{ UserName: 'filehelper', NickName: 'File Transfer' }],
      SyncKey: syncKey,
      User: self,
      ChatSet: 'filehelper,@@ab,filehelper,',
      SKey: '@crypt_00000000_11111111111111111111111111111111',
      ClientVersion: 385876258,
      SystemTime: 1700000000,
      GrayScale: 1,
      InviteStartCount: 40,
      MPSubscribeMsgCount: 1,
      MPSubscribeMsgList: [
        {
          UserName: '@feed',
          MPArticleCount: 2,
          MPArticleList: [{ Title: 'Hello', Url: 'http://mp.example/x' }],
          Time: 1700000000,
          NickName: 'A feed',
        },
      ],
      ClickReportInterval: 600000,
    });
    expect(init.Count).toBe(5);
    expect(init.InviteStartCount).toBe(40);
    expect(init.MPSubscribeMsgList?.[0]?.MPArticleList?.[0]?.Title).toBe('Hello');
    expect(init.User.HeadImgFlag).toBe(1);
  });

  it('fails naming User when the own profile is missing', () => {
    expect(issuesOf(InitResponse, { BaseResponse: ok, SyncKey: syncKey })).toMatch(/^User:/m);
  });
});

describe('SyncResponse', () => {
  const base = { BaseResponse: ok, SyncKey: syncKey };

  it('keeps AddMsgList elements undecoded, so a malformed one cannot fail the answer', () => {
    const sync = decoded(SyncResponse, { ...base, AddMsgCount: 2, AddMsgList: [{ MsgId: '1' }, 'not a message'] });
    expect(sync.AddMsgList).toEqual([{ MsgId: '1' }, 'not a message']);
  });

  it('does not compare counts with list lengths', () => {
    const sync = decoded(SyncResponse, { ...base, AddMsgCount: 9, AddMsgList: [], ModContactCount: 0, ModContactList: [{ UserName: '@x' }] });
    expect(sync.AddMsgCount).toBe(9);
    expect(sync.ModContactList).toHaveLength(1);
  });

  it('treats SyncCheckKey, Profile and the lists as optional', () => {
    const sync = decoded(SyncResponse, base);
    expect(sync.SyncCheckKey).toBeUndefined();
    expect(sync.Profile).toBeUndefined();
    expect(sync.SKey).toBe('');
    expect(sync.AddMsgList).toEqual([]);
    expect(sync.DelContactList).toEqual([]);
  });

  it('decodes SyncCheckKey and Profile when present', () => {
    const sync = decoded(SyncResponse, {
      ...base,
      SyncCheckKey: { Count: 1, List: [{ Key: 201, Val: 1700000001 }] },
      Profile: { BitFlag: 0, UserName: { Buff: '' }, NickName: { Buff: '' } },
      ContinueFlag: 0,
      SKey: '',
    });
    expect(sync.SyncCheckKey?.List).toEqual([{ Key: 201, Val: 1700000001 }]);
    expect(sync.Profile?.BitFlag).toBe(0);
  });

  it('lets unknown fields pass', () => {
    expect(E.isRight(SyncResponse.decode({ ...base, SomethingNew: { deep: [1, 2] } }))).toBe(true);
  });

  it('still requires a list to be a list', () => {
    expect(issuesOf(SyncResponse, { ...base, AddMsgList: { 0: 'x' } })).toContain('AddMsgList');
  });

  it('fails naming SyncKey when it is missing', () => {
    expect(issuesOf(SyncResponse, { BaseResponse: ok })).toMatch(/^SyncKey:/m);
  });
});

describe('contact listings', () => {
  it('GetContactResponse accepts Seq first and a count that disagrees with the list', () => {
    const page = decoded(GetContactResponse, { BaseResponse: ok, Seq: 1234, MemberCount: 64, MemberList: [{ UserName: '@a' }] });
    expect(page.Seq).toBe(1234);
    expect(page.MemberList).toHaveLength(1);
  });

  it('GetContactResponse without Seq decodes with Seq absent', () => {
    expect(decoded(GetContactResponse, { BaseResponse: ok, MemberList: [] }).Seq).toBeUndefined();
  });

  it('BatchGetContactResponse decodes a group with its members', () => {
    const batch = decoded(BatchGetContactResponse, {
      BaseResponse: ok,
      Count: 2,
      ContactList: [{ UserName: '@@group', MemberCount: 1, MemberList: [{ UserName: '@m', DisplayName: 'M' }], EncryChatRoomId: '@0f' }],
    });
    expect(batch.ContactList[0]?.MemberList?.[0]?.DisplayName).toBe('M');
  });

  it('BatchGetContactResponse names the path of a bad contact', () => {
    expect(issuesOf(BatchGetContactResponse, { BaseResponse: ok, ContactList: [{ NickName: 'x' }] })).toContain(
      'ContactList.0.UserName',
    );
  });
});

describe('small answers', () => {
  it('StatusNotifyResponse accepts an empty MsgID (failure answers)', () => {
    expect(decoded(StatusNotifyResponse, { BaseResponse: { Ret: 1101, ErrMsg: '' }, MsgID: '' }).MsgID).toBe('');
  });

  it('StatusNotifyResponse requires BaseResponse', () => {
    expect(issuesOf(StatusNotifyResponse, { MsgID: '1' })).toMatch(/^BaseResponse:/m);
  });

  it('SendResponse keeps MsgID and LocalID as strings, "" on failure', () => {
    expect(decoded(SendResponse, { BaseResponse: ok, MsgID: '7650884298732299102', LocalID: '17000000000001234' })).toMatchObject({
      MsgID: '7650884298732299102',
      LocalID: '17000000000001234',
    });
    expect(decoded(SendResponse, { BaseResponse: { Ret: -1, ErrMsg: '' }, MsgID: '', LocalID: '' })).toMatchObject({ MsgID: '', LocalID: '' });
  });

  it('UploadMediaResponse reads an absent EncryFileName as empty', () => {
    const upload = decoded(UploadMediaResponse, {
      BaseResponse: ok,
      MediaId: '@crypt_aa_bb',
      StartPos: 1024,
      CDNThumbImgHeight: 100,
      CDNThumbImgWidth: 75,
    });
    expect(upload).toMatchObject({ MediaId: '@crypt_aa_bb', StartPos: 1024, CDNThumbImgHeight: 100 });
    expect(upload.EncryFileName).toBe('');
  });

  it('RevokeResponse reads absent Introduction and SysWording as empty', () => {
    expect(decoded(RevokeResponse, { BaseResponse: ok })).toMatchObject({ Introduction: '', SysWording: '' });
    const revoked = decoded(RevokeResponse, { BaseResponse: ok, Introduction: '', SysWording: '你撤回了一条消息' });
    expect(revoked.SysWording).toBe('你撤回了一条消息');
  });

  it('OplogResponse and VerifyUserResponse need only BaseResponse, with a string Ret normalised', () => {
    expect(decoded(OplogResponse, { BaseResponse: { Ret: '0' } }).BaseResponse.Ret).toBe(0);
    expect(decoded(VerifyUserResponse, { BaseResponse: { Ret: 1205, ErrMsg: '' } }).BaseResponse.Ret).toBe(1205);
    expect(issuesOf(OplogResponse, {})).toContain('BaseResponse');
  });

  it('CreateChatroomResponse carries the new group name and members', () => {
    const created = decoded(CreateChatroomResponse, {
      BaseResponse: ok,
      Topic: '',
      MemberCount: 3,
      ChatRoomName: '@@fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210',
      MemberList: [{ Uin: 0, UserName: '@a', MemberStatus: 0 }, { UserName: '@b', MemberStatus: 4 }],
    });
    expect(created.ChatRoomName.startsWith('@@')).toBe(true);
    expect(created.MemberList.map((m) => m.MemberStatus)).toEqual([0, 4]);
  });

  it('UpdateChatroomResponse reads an absent or null MemberList as empty', () => {
    expect(decoded(UpdateChatroomResponse, { BaseResponse: ok }).MemberList).toEqual([]);
    expect(decoded(UpdateChatroomResponse, { BaseResponse: ok, MemberList: null }).MemberList).toEqual([]);
    expect(decoded(UpdateChatroomResponse, { BaseResponse: ok, MemberList: [{ UserName: '@c' }] }).MemberList).toHaveLength(1);
  });

  it('PushLoginResponse reads a string ret', () => {
    expect(decoded(PushLoginResponse, { ret: '0', msg: 'all ok', uuid: 'QmFrZVV1aQ==' })).toEqual({ ret: 0, msg: 'all ok', uuid: 'QmFrZVV1aQ==' });
  });
});

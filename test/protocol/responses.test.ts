import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../src/errors/decode-error.js';
import { NotFriendError } from '../../src/errors/not-friend-error.js';
import { RateLimitedError } from '../../src/errors/rate-limited-error.js';
import { RetcodeError } from '../../src/errors/retcode-error.js';
import { SessionEndedError } from '../../src/errors/session-ended-error.js';
import { webwxinit, webwxstatusnotify } from '../../src/web/protocol/endpoints/account.js';
import { decodeEach, ensureOk } from '../../src/web/protocol/endpoints/answer.js';
import { webwxcreatechatroom, webwxupdatechatroom } from '../../src/web/protocol/endpoints/chatroom.js';
import { webwxbatchgetcontact, webwxgetcontact, webwxoplog, webwxverifyuser } from '../../src/web/protocol/endpoints/contacts.js';
import { webwxuploadmedia } from '../../src/web/protocol/endpoints/media.js';
import { webwxrevokemsg, webwxsendappmsg, webwxsendemoticon, webwxsendmsg, webwxsendmsgimg, webwxsendvideomsg } from '../../src/web/protocol/endpoints/send.js';
import { webwxsync } from '../../src/web/protocol/endpoints/sync.js';
import { RawMessage } from '../../src/model/raw/shapes.js';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

const ME = '@0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const GROUP = '@@fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210';
const HTML = '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>';

/** The server's own layout: `}` newline `,`, `{` on the `[` line, a bare NewMsgId above 2^53, no SyncCheckKey. */
const syncBody = `{
"BaseResponse": {
"Ret": 0,
"ErrMsg": ""
}
,
"AddMsgCount": 5,
"AddMsgList": [{
"MsgId": "6929942228714508460",
"FromUserName": "${GROUP}",
"ToUserName": "${ME}",
"MsgType": 1,
"Content": "@11112222333344445555666677778888:<br/>see you at 8?",
"Status": 3,
"CreateTime": 1700000000,
"RecommendInfo": {
"UserName": "",
"QQNum": 0
}
,
"NewMsgId": 6929942228714508460,
"MMPeerUserName": "client-added",
"$$hashKey": "00A"
}
],
"ModContactCount": 0,
"ModContactList": [],
"DelContactCount": 3,
"DelContactList": [],
"ModChatRoomMemberCount": 0,
"ModChatRoomMemberList": [],
"Profile": {
"BitFlag": 0,
"UserName": {
"Buff": ""
}
},
"ContinueFlag": 0,
"SyncKey": {
"Count": 2,
"List": [{
"Key": 1,
"Val": 700000123
}
,{
"Key": 1000,
"Val": 1700000000
}
]
}
,
"SKey": "",
"SomethingAdded2030": {"x": 1}
}`;

const okBase = '"BaseResponse": {"Ret": 0,"ErrMsg": ""}';
const syncKey = '"SyncKey": {"Count": 1,"List": [{"Key": 1,"Val": 5}]}';
const message = (id: string) =>
  `{"MsgId": "${id}","FromUserName": "${GROUP}","ToUserName": "${ME}","MsgType": 1,"Content": "hi"}`;

describe('webwxsync.decode', () => {
  it('keeps NewMsgId 6929942228714508460 exact through the element decode', () => {
    const { messages } = webwxsync.decode(syncBody).lists;
    expect(messages.failed).toEqual([]);
    expect(messages.ok).toHaveLength(1);
    expect(messages.ok[0]?.MsgId).toBe('6929942228714508460');
    expect(messages.ok[0]?.NewMsgId).toBe('6929942228714508460');
  });

  it('accepts irregular whitespace, unknown fields, disagreeing counts and no SyncCheckKey', () => {
    const sync = webwxsync.decode(syncBody);
    expect(sync.AddMsgCount).toBe(5);
    expect(sync.AddMsgList).toHaveLength(1);
    expect(sync.DelContactCount).toBe(3);
    expect(sync.SyncCheckKey).toBeUndefined();
    expect(sync.SyncKey.List).toEqual([
      { Key: 1, Val: 700000123 },
      { Key: 1000, Val: 1700000000 },
    ]);
  });

  it('leaves OriContent absent on a message that lacks it (2016 payloads)', () => {
    const { messages } = webwxsync.decode(syncBody).lists;
    expect(messages.ok[0]?.OriContent ?? '').toBe('');
    expect(messages.ok[0]?.Content).toContain('see you at 8?');
  });

  it('decodes SyncCheckKey when present', () => {
    const body = `{${okBase},"AddMsgList": [],${syncKey},"SyncCheckKey": {"Count": 1,"List": [{"Key": 201,"Val": 1700000009}]}}`;
    expect(webwxsync.decode(body).SyncCheckKey?.List[0]).toEqual({ Key: 201, Val: 1700000009 });
  });

  it('reports one bad AddMsgList element without failing the batch', () => {
    const body = `{${okBase},"AddMsgCount": 3,"AddMsgList": [${message('1001')},${message('1002').replace('"MsgType": 1', '"MsgType": "text"')},${message('1003')}],${syncKey}}`;
    const { messages } = webwxsync.decode(body).lists;
    expect(messages.ok.map((m) => m.MsgId)).toEqual(['1001', '1003']);
    expect(messages.failed).toHaveLength(1);
    const failure = messages.failed[0];
    expect(failure).toBeInstanceOf(DecodeError);
    expect(failure?.endpoint).toBe('webwxsync');
    expect(failure?.issues.join('\n')).toContain('AddMsgList.1.MsgType');
  });

  it('reports a bad contact element the same way', () => {
    const body = `{${okBase},"ModContactList": [{"UserName": "${GROUP}","MemberCount": 2},{"NickName": "no user name"}],"DelContactList": ["x"],${syncKey}}`;
    const { modifiedContacts, deletedContacts } = webwxsync.decode(body).lists;
    expect(modifiedContacts.ok.map((c) => c.UserName)).toEqual([GROUP]);
    expect(modifiedContacts.failed[0]?.issues.join('\n')).toContain('ModContactList.1.UserName');
    expect(deletedContacts.ok).toEqual([]);
    expect(deletedContacts.failed[0]?.issues[0]).toMatch(/^DelContactList\.0: /);
  });

  it('throws the retcode error for an error answer that lacks the success fields', () => {
    const error = thrown(() => webwxsync.decode('{"BaseResponse": {"Ret": 1101,"ErrMsg": ""}}'));
    expect(error).toBeInstanceOf(SessionEndedError);
    expect(error).toMatchObject({ endpoint: 'webwxsync', retcode: 1101 });
  });

  it('throws a DecodeError for a success answer that lacks SyncKey', () => {
    const error = thrown(() => webwxsync.decode(`{${okBase},"AddMsgList": []}`));
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as DecodeError).issues.join('\n')).toContain('SyncKey');
  });
});

describe('decodeEach', () => {
  it('works without a path prefix', () => {
    const { ok, failed } = decodeEach(RawMessage, 'message', [JSON.parse(message('7')), 42]);
    expect(ok).toHaveLength(1);
    expect(failed[0]?.endpoint).toBe('message');
    expect(failed[0]?.issues[0]).toMatch(/^1: /);
  });
});

describe('the other endpoints', () => {
  it('webwxinit.decode reads the own profile, recent chats and keys', () => {
    const body = JSON.stringify({
      BaseResponse: { Ret: 0, ErrMsg: '' },
      Count: 3,
      ContactList: [{ Uin: 0, UserName: 'filehelper', NickName: 'File Transfer', MemberList: [] }],
      SyncKey: { Count: 1, List: [{ Key: 1, Val: 5 }] },
      User: { Uin: 2450346660, UserName: ME, NickName: 'Me', WebWxPluginSwitch: 0, HeadImgFlag: 1 },
      ChatSet: `filehelper,${GROUP},filehelper,`,
      SKey: '@crypt_00000000_11111111111111111111111111111111',
      ClientVersion: 385876258,
      SystemTime: 1700000000,
      GrayScale: 1,
      InviteStartCount: 40,
      MPSubscribeMsgCount: 0,
      MPSubscribeMsgList: [],
      ClickReportInterval: 600000,
    });
    const init = webwxinit.decode(body);
    expect(init.User).toMatchObject({ Uin: 2450346660, UserName: ME });
    expect(init.ContactList.map((c) => c.UserName)).toEqual(['filehelper']);
    expect(init.ChatSet.split(',').filter(Boolean)).toEqual(['filehelper', GROUP, 'filehelper']);
    expect(init.InviteStartCount).toBe(40);
  });

  it('webwxgetcontact.decode reads a page with Seq first', () => {
    const page = webwxgetcontact.decode(`{${okBase},"Seq": 0,"MemberCount": 64,"MemberList": [{"UserName": "@aa","ContactFlag": 34819,"VerifyFlag": 8,"KeyWord": "gh_"}]}`);
    expect(page).toMatchObject({ Seq: 0, MemberCount: 64 });
    expect(page.MemberList[0]).toMatchObject({ UserName: '@aa', ContactFlag: 34819 });
  });

  it('webwxbatchgetcontact.decode reads a group with members', () => {
    const group = {
      UserName: GROUP,
      MemberCount: 1,
      MemberList: [{ Uin: 0, UserName: '@m1', NickName: '', DisplayName: 'Bob', MemberStatus: 0 }],
      EncryChatRoomId: '@0123456789abcdef0123456789abcdef',
      IsOwner: 0,
    };
    const batch = webwxbatchgetcontact.decode(`{${okBase},"Count": 2,"ContactList": [${JSON.stringify(group)}]}`);
    expect(batch.ContactList).toHaveLength(1);
    expect(batch.ContactList[0]?.MemberList?.[0]?.DisplayName).toBe('Bob');
  });

  it('webwxstatusnotify.decode reads the MsgID, and "" on a failed call', () => {
    expect(webwxstatusnotify.decode(`{${okBase},"MsgID": "8000000000000000001"}`).MsgID).toBe('8000000000000000001');
    const failed = webwxstatusnotify.decode('{\n  "BaseResponse": {\n    "Ret": 1101,\n    "ErrMsg": ""\n  },\n  "MsgID": ""\n}');
    expect(failed.MsgID).toBe('');
    expect(failed.BaseResponse.Ret).toBe(1101);
  });

  it.each([webwxsendmsg, webwxsendmsgimg, webwxsendvideomsg, webwxsendemoticon, webwxsendappmsg].map((send) => [send.name, send] as const))(
    '%s reads MsgID and LocalID and names that endpoint on failure',
    (name, endpoint) => {
      expect(endpoint.decode(`{${okBase},"MsgID": "7650884298732299102","LocalID": "17000000000001234"}`)).toMatchObject({
        MsgID: '7650884298732299102',
        LocalID: '17000000000001234',
      });
      expect(endpoint.decode('{"BaseResponse": {\n\t"Ret": -1,\n\t"ErrMsg": ""\n},"MsgID": "","LocalID": ""}')).toMatchObject({
        MsgID: '',
        LocalID: '',
      });
      const error = thrown(() => endpoint.decode(HTML));
      expect((error as DecodeError).endpoint).toBe(name);
    },
  );

  it('webwxuploadmedia.decode reads the media id and progress', () => {
    const upload = webwxuploadmedia.decode(
      `{\n    ${okBase},\n    "MediaId": "@crypt_aa_bb",\n    "StartPos": 63048,\n    "CDNThumbImgHeight": 100,\n    "CDNThumbImgWidth": 66,\n    "EncryFileName": "IMG%5F0001%2EJPG"\n}\n`,
    );
    expect(upload).toMatchObject({ MediaId: '@crypt_aa_bb', StartPos: 63048, EncryFileName: 'IMG%5F0001%2EJPG' });
  });

  it('webwxrevokemsg.decode, webwxoplog.decode and webwxverifyuser.decode read their BaseResponse', () => {
    expect(webwxrevokemsg.decode(`{${okBase},"Introduction": "","SysWording": "你撤回了一条消息"}`).SysWording).toBe('你撤回了一条消息');
    expect(webwxoplog.decode(`{${okBase}}`).BaseResponse.Ret).toBe(0);
    expect(webwxverifyuser.decode('{"BaseResponse": {"Ret": 1205,"ErrMsg": ""}}').BaseResponse.Ret).toBe(1205);
  });

  it('webwxcreatechatroom.decode and webwxupdatechatroom.decode read names and members', () => {
    const members = '[{"UserName": "@a","MemberStatus": 0},{"UserName": "@b","MemberStatus": 0}]';
    const created = webwxcreatechatroom.decode(
      `{${okBase},"Topic": "","MemberCount": 2,"ChatRoomName": "${GROUP}","MemberList": ${members}}`,
    );
    expect(created.ChatRoomName).toBe(GROUP);
    expect(created.MemberList).toHaveLength(2);
    expect(webwxupdatechatroom.decode(`{${okBase},"MemberCount": 1,"MemberList": [{"UserName": "@c"}]}`).MemberList).toHaveLength(1);
  });

  const decoders: ReadonlyArray<readonly [string, (text: string) => unknown]> = [
    ['webwxinit', webwxinit.decode],
    ['webwxgetcontact', webwxgetcontact.decode],
    ['webwxbatchgetcontact', webwxbatchgetcontact.decode],
    ['webwxsync', webwxsync.decode],
    ['webwxstatusnotify', webwxstatusnotify.decode],
    ['webwxuploadmedia', webwxuploadmedia.decode],
    ['webwxrevokemsg', webwxrevokemsg.decode],
    ['webwxoplog', webwxoplog.decode],
    ['webwxverifyuser', webwxverifyuser.decode],
    ['webwxcreatechatroom', webwxcreatechatroom.decode],
    ['webwxupdatechatroom', webwxupdatechatroom.decode],
  ];

  it.each(decoders)('%s rejects an HTML error page with a DecodeError naming the endpoint', (endpoint, decode) => {
    const error = thrown(() => decode(HTML));
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as DecodeError).endpoint).toBe(endpoint);
    expect((error as DecodeError).message).toContain(endpoint);
  });

  it.each(decoders)('%s rejects a body without BaseResponse', (endpoint, decode) => {
    const error = thrown(() => decode('{"ret": 0}'));
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as DecodeError).issues.join('\n')).toContain('BaseResponse');
    expect((error as DecodeError).endpoint).toBe(endpoint);
  });
});

describe('ensureOk', () => {
  const answer = (Ret: number, ErrMsg = '') => ({ BaseResponse: { Ret, ErrMsg }, MsgID: '', LocalID: '' });

  it('returns the same answer when Ret is 0', () => {
    const response = answer(0);
    expect(ensureOk('webwxsendmsg', response)).toBe(response);
  });

  it.each([1100, 1101, 1102])('raises SessionEndedError for %i', (ret) => {
    const error = thrown(() => ensureOk('webwxsync', answer(ret)));
    expect(error).toBeInstanceOf(SessionEndedError);
    expect(error).toMatchObject({ endpoint: 'webwxsync', retcode: ret });
  });

  it('raises RateLimitedError for 1205 and NotFriendError for 1204', () => {
    expect(thrown(() => ensureOk('webwxbatchgetcontact', answer(1205)))).toBeInstanceOf(RateLimitedError);
    expect(thrown(() => ensureOk('webwxsendmsg', answer(1204)))).toBeInstanceOf(NotFriendError);
  });

  it('raises a plain RetcodeError carrying ErrMsg for other codes', () => {
    const error = thrown(() => ensureOk('webwxsendappmsg', answer(-1, 'bad request')));
    expect(error).toBeInstanceOf(RetcodeError);
    expect(error).not.toBeInstanceOf(SessionEndedError);
    expect(error).toMatchObject({ endpoint: 'webwxsendappmsg', retcode: -1, errMsg: 'bad request' });
  });

  it('is a separate step: a decoded failure answer is returned by the decoder', () => {
    const decoded = webwxstatusnotify.decode('{"BaseResponse": {"Ret": 1101,"ErrMsg": ""},"MsgID": ""}');
    expect(() => ensureOk('webwxstatusnotify', decoded)).toThrow(SessionEndedError);
  });
});

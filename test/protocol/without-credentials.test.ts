import { describe, expect, it } from 'vitest';
import { applySync } from '../../src/web/client/apply-sync.js';
import { SessionState } from '../../src/web/client/session-state.js';
import type { RawContact, RawMessage } from '../../src/model/raw/shapes.js';
import { decodeRawMessage } from '../../src/model/decode/decode.js';
import { avatarEndpointOf } from '../../src/web/protocol/endpoints/media.js';
import { webwxsync } from '../../src/web/protocol/endpoints/sync.js';
import {
  contactWithoutCredentials,
  messageWithoutCredentials,
  profileWithoutCredentials,
  stripContactCredentials,
  withoutCredentials,
} from '../../src/model/raw/without-credentials.js';

const SKEY = '@crypt_8e4ad7fa_2703a47aaf8cd4d3e61b855795e38568';
const UIN = 2351423900;
const ICON = `/cgi-bin/mmwebwx-bin/webwxgeticon?seq=620802813&username=@7f504ff04e223e8cda9ece47f040c6b7&skey=${SKEY}`;
const CLEAN_ICON = '/cgi-bin/mmwebwx-bin/webwxgeticon?seq=620802813&username=@7f504ff04e223e8cda9ece47f040c6b7';

describe('withoutCredentials', () => {
  it('drops the credential query parameters and keeps the rest in order', () => {
    expect(withoutCredentials(ICON)).toBe(CLEAN_ICON);
    expect(withoutCredentials(`https://wx.qq.com/x?skey=${SKEY}&a=1&PASS_TICKET=p%2B1&uin=1&b=2&wxsid=s&sid=t&wxuin=3&DeviceID=e1#top`)).toBe(
      'https://wx.qq.com/x?a=1&b=2#top',
    );
    expect(withoutCredentials(`/x?skey=${SKEY}`)).toBe('/x');
    expect(withoutCredentials('/x?webwx_data_ticket=d&ticket=t&msgid=9')).toBe('/x?msgid=9');
    expect(withoutCredentials('/x?skey=a&next=/y?uin=1')).toBe('/x?next=/y?uin=1');
  });

  it('hands back the same string when there is nothing to drop', () => {
    const urls = ['', CLEAN_ICON, `${CLEAN_ICON}&skey=`, '/x?skeyword=1&usin=2', 'http://apis.map.qq.com/uri/v1/geocoder?coord=1,2', '/x#a?skey=1', '/x&skey=1'];
    for (const url of urls) expect(withoutCredentials(url)).toBe(url);
  });
});

/** A group as the server sends it: the account's uin as owner and member, the skey in avatar URLs. */
const group: RawContact = {
  Uin: UIN,
  UserName: '@@g',
  NickName: 'Team',
  HeadImgUrl: `/cgi-bin/mmwebwx-bin/webwxgetheadimg?seq=1&username=@@g&skey=${SKEY}`,
  OwnerUin: UIN,
  MemberList: [
    { Uin: 0, UserName: '@a', NickName: 'A' },
    { Uin: UIN, UserName: '@me', NickName: 'Me', HeadImgUrl: `/cgi-bin/mmwebwx-bin/webwxgeticon?username=@me&skey=${SKEY}` } as RawContact,
  ],
  IsOwner: 1,
};

describe('contactWithoutCredentials', () => {
  it('leaves no uin and no skey in a contact and its members, and does not touch the input', () => {
    const before = JSON.stringify(group);
    const clean = contactWithoutCredentials(group);
    const text = JSON.stringify(clean);
    expect(text).not.toContain(SKEY);
    expect(text).not.toContain(String(UIN));
    expect(clean).toMatchObject({ Uin: 0, OwnerUin: 0, IsOwner: 1, HeadImgUrl: '/cgi-bin/mmwebwx-bin/webwxgetheadimg?seq=1&username=@@g' });
    expect(clean.MemberList?.[0]).toBe(group.MemberList?.[0]);
    expect(JSON.stringify(group)).toBe(before);
  });

  it('returns the same object for a contact that holds none', () => {
    const friend: RawContact = { Uin: 0, UserName: '@f', HeadImgUrl: '/x?seq=1&username=@f&skey=', MemberList: [] };
    expect(contactWithoutCredentials(friend)).toBe(friend);
  });
});

describe('stripContactCredentials', () => {
  it('takes the credentials out of a decoded contact and its members in place, keeping everything else', () => {
    const decoded = structuredClone(group);
    const member = decoded.MemberList?.[1];
    expect(stripContactCredentials(decoded)).toBe(decoded);
    const text = JSON.stringify(decoded);
    expect(text).not.toContain(SKEY);
    expect(text).not.toContain(String(UIN));
    expect(decoded).toMatchObject({ Uin: 0, OwnerUin: 0, IsOwner: 1, NickName: 'Team', HeadImgUrl: '/cgi-bin/mmwebwx-bin/webwxgetheadimg?seq=1&username=@@g' });
    expect(decoded.MemberList?.[1]).toBe(member);
    expect(member).toMatchObject({ Uin: 0, NickName: 'Me', HeadImgUrl: '/cgi-bin/mmwebwx-bin/webwxgeticon?username=@me' });
  });

  it('is what the contact store keeps: the decoded object itself, without credentials', () => {
    const state = session({ UserName: '@self', NickName: 'Me' });
    const decoded: RawContact = { Uin: 0, UserName: '@f', NickName: 'F', HeadImgUrl: ICON, ContactFlag: 3 };
    const { contact } = state.contacts.upsert(decoded, 'ignore');
    expect(contact.raw).toBe(decoded);
    expect(contact.raw.HeadImgUrl).toBe(CLEAN_ICON);
  });
});

describe('messages and profiles', () => {
  const request: RawMessage = {
    MsgId: '3225371967511173931',
    FromUserName: 'fmessage',
    ToUserName: '@me',
    MsgType: 37,
    Url: `https://example.com/a?uin=${UIN}&id=7`,
    RecommendInfo: {
      UserName: '@stranger',
      Ticket: 'v2_abc@stranger',
      HeadImgUrl: `/cgi-bin/mmwebwx-bin/webwxgeticon?seq=0&username=@stranger&skey=${SKEY}&msgid=3225371967511173931`,
    } as NonNullable<RawMessage['RecommendInfo']>,
  };

  it('a friend request keeps its ticket and avatar path, without the skey', () => {
    const message = decodeRawMessage(request, { userName: '@me' });
    const raw = JSON.stringify(message.raw);
    expect(raw).not.toContain(SKEY);
    expect(raw).not.toContain(String(UIN));
    expect(message.raw.RecommendInfo).toMatchObject({ Ticket: 'v2_abc@stranger', HeadImgUrl: '/cgi-bin/mmwebwx-bin/webwxgeticon?seq=0&username=@stranger&msgid=3225371967511173931' });
    expect(message.kind === 'friend-request' && message.ticket).toBe('v2_abc@stranger');
    expect(message.raw.Url).toBe('https://example.com/a?id=7');
  });

  it('a message without credentials is handed on as it is', () => {
    const plain: RawMessage = { MsgId: '1', FromUserName: '@a', ToUserName: '@me', MsgType: 1, Url: '' };
    expect(messageWithoutCredentials(plain)).toBe(plain);
  });

  it('a profile change loses the skey of its avatar', () => {
    expect(profileWithoutCredentials({ BitFlag: 190, HeadImgUrl: ICON })).toEqual({ BitFlag: 190, HeadImgUrl: CLEAN_ICON });
    const key = { Count: 1, List: [{ Key: 1, Val: 1 }] };
    const { events } = applySync(session({ UserName: '@me' }), webwxsync.decode(JSON.stringify({ BaseResponse: { Ret: 0 }, SyncKey: key, Profile: { BitFlag: 190, HeadImgUrl: ICON } })));
    expect(events).toMatchObject([{ type: 'profile-changed', profile: { BitFlag: 190, HeadImgUrl: CLEAN_ICON } }]);
  });
});

function session(user: RawContact, uin = UIN): SessionState {
  const credentials = { uin, sid: 's', skey: SKEY, passTicket: 'p', deviceId: 'e000000000000000' };
  const hosts = { login: 'http://x', main: 'https://wx.qq.com', push: 'http://x', file: 'http://x', qr: 'http://x' };
  const key = { Count: 1, List: [{ Key: 1, Val: 1 }] };
  return new SessionState(credentials, hosts, user, key, key, 40, 100);
}

describe('the logged-in user of a session', () => {
  const user: RawContact = { Uin: UIN, UserName: '@me', NickName: 'Me', HeadImgUrl: `/cgi-bin/mmwebwx-bin/webwxgeticon?seq=1&username=@me&skey=${SKEY}` };

  it('has Uin 0 and no skey, in the session and in the contact store; the uin stays in the credentials', () => {
    const state = session(user);
    expect(state.user).toMatchObject({ Uin: 0, HeadImgUrl: '/cgi-bin/mmwebwx-bin/webwxgeticon?seq=1&username=@me' });
    expect(state.contacts.self.raw).toBe(state.user);
    expect(state.credentials.uin).toBe(UIN);
    expect(state.toSaved([], 0).credentials.uin).toBe(UIN);
  });

  it('is cleaned when resumed from a session an older version saved with the raw user', () => {
    const saved = { ...session(user).toSaved([], 0), user };
    const resumed = SessionState.fromSaved(saved, 100);
    expect(resumed.user.Uin).toBe(0);
    expect(JSON.stringify(resumed.user)).not.toContain(SKEY);
    expect(resumed.credentials.uin).toBe(UIN);
  });

  it('still fetches its avatar with the session skey filled in', () => {
    const state = session(user);
    const headImgUrl = state.user.HeadImgUrl ?? '';
    const request = avatarEndpointOf(headImgUrl).request({ hosts: state.hosts, credentials: state.credentials, env: { now: () => 0, random: () => 0 } }, { headImgUrl });
    expect(request.url).toBe(`https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxgeticon?seq=1&username=@me&skey=${encodeURIComponent(SKEY)}`);
  });
});

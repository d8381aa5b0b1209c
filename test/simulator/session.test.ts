import { afterEach, describe, expect, it } from 'vitest';
import { parseJson } from '../../src/web/protocol/json.js';
import { webwxinit, webwxstatusnotify } from '../../src/web/protocol/endpoints/account.js';
import { webwxbatchgetcontact, webwxgetcontact } from '../../src/web/protocol/endpoints/contacts.js';
import { webwxsync } from '../../src/web/protocol/endpoints/sync.js';
import { startSimulator, type Simulator } from '../../src/testing/index.js';
import { API, get, init, login, post, sync, type Logged } from './helpers.js';

let sim: Simulator;
afterEach(async () => {
  await sim.close();
});

async function ready(options: Parameters<typeof startSimulator>[0] = {}): Promise<{ s: Logged; initBody: Record<string, unknown> }> {
  sim = await startSimulator({ loginHoldMs: 200, syncHoldMs: 200, ...options });
  const s = await login(sim);
  return { s, initBody: await init(sim, s) };
}

describe('session endpoints', () => {
  it('webwxinit: 4 keys, own User, ChatSet with a duplicate and trailing comma, a new SKey that replaces the login skey', async () => {
    sim = await startSimulator({ loginHoldMs: 200 });
    const s = await login(sim);
    const loginSkey = s.skey;
    const r = await post(sim.origin, `${API}/webwxinit?r=-1&pass_ticket=${s.passTicket}`, { BaseRequest: s.base }, s.jar);
    expect(r.res.headers.get('content-type')).toBe('text/plain');
    expect(r.text).toContain('}\n,\n');
    const body = webwxinit.decode(r.text);
    expect(body.BaseResponse.Ret).toBe(0);
    expect(body.SyncKey.List.map((k) => k.Key)).toEqual([1, 2, 3, 1000]);
    expect(body.User.Uin).toBe(s.base.Uin);
    expect(body.User.UserName).toMatch(/^@[0-9a-f]{32}$/);
    expect(body.ChatSet).toMatch(/,filehelper,$/);
    expect(body.ChatSet.split(',').filter((n) => n === 'filehelper')).toHaveLength(2);
    expect(body.InviteStartCount).toBe(40);
    expect(body.SKey).toMatch(/^@crypt_/);
    expect(body.SKey).not.toBe(loginSkey);

    const stale = await get(sim.origin, `${API}/webwxgetcontact?seq=0&skey=${encodeURIComponent(loginSkey)}&r=1`, s.jar);
    expect((parseJson(stale.text, 'webwxgetcontact') as { BaseResponse: { Ret: number } }).BaseResponse.Ret).toBe(1100);
    const fresh = await get(sim.origin, `${API}/webwxgetcontact?seq=0&skey=${encodeURIComponent(body.SKey)}&r=1`, s.jar);
    expect(webwxgetcontact.decode(fresh.text).BaseResponse.Ret).toBe(0);
  });

  it('checks BaseRequest: wrong Uin, Sid or Skey answer 1100; a kicked session 1101', async () => {
    const { s } = await ready();
    const call = (base: object) => post(sim.origin, `${API}/webwxstatusnotify?pass_ticket=${s.passTicket}`, { BaseRequest: base, Code: 1, FromUserName: 'x', ToUserName: 'y', ClientMsgId: 1 }, s.jar);
    const ret = async (base: object) => (parseJson((await call(base)).text, 'webwxstatusnotify') as { BaseResponse: { Ret: number } }).BaseResponse.Ret;
    expect(await ret(s.base)).toBe(0);
    expect(await ret({ ...s.base, Uin: s.base.Uin + 1 })).toBe(1100);
    expect(await ret({ ...s.base, Skey: '@crypt_00000000_00000000000000000000000000000000' })).toBe(1100);
    expect(await ret({ ...s.base, Sid: 'AAAAAAAAAAAAAAAA' })).toBe(1100);
    const wrongTicket = await post(sim.origin, `${API}/webwxstatusnotify?pass_ticket=nope`, { BaseRequest: s.base, Code: 1 }, s.jar);
    expect(webwxstatusnotify.decode(wrongTicket.text).BaseResponse.Ret).toBe(1100);
    const notJson = await post(sim.origin, `${API}/webwxstatusnotify`, '{not json', s.jar);
    expect(webwxstatusnotify.decode(notJson.text).BaseResponse.Ret).toBe(1);
    sim.phone.kick();
    expect(await ret(s.base)).toBe(1101);
  });

  it('webwxstatusnotify Code 3 queues a MsgType 51 (StatusNotifyCode 4) and the SyncKey grows to 7 keys', async () => {
    const { s, initBody } = await ready();
    const self = (initBody['User'] as { UserName: string }).UserName;
    const n = await post(sim.origin, `${API}/webwxstatusnotify?lang=zh_CN&pass_ticket=${s.passTicket}`, { BaseRequest: s.base, Code: 3, FromUserName: self, ToUserName: self, ClientMsgId: 1 }, s.jar);
    expect(webwxstatusnotify.decode(n.text).MsgID).toMatch(/^\d{19}$/);
    const r = await sync(sim, s, initBody['SyncKey']);
    const body = webwxsync.decode(r.text);
    const first = body.AddMsgList[0] as { MsgType: number; StatusNotifyCode: number; Content: string };
    expect(first.MsgType).toBe(51);
    expect(first.StatusNotifyCode).toBe(4);
    expect(first.Content).toContain('&lt;op id=\'4\'&gt;');
    expect(body.SyncKey.List).toHaveLength(7);
  });

  it('webwxgetcontact pages through Seq', async () => {
    const { s } = await ready({ contactPageSize: 5, world: { friends: 12, officialAccounts: 2, groups: 2, groupSize: 5 } });
    const seen: string[] = [];
    let seq = 0;
    let pages = 0;
    do {
      const page = webwxgetcontact.decode((await get(sim.origin, `${API}/webwxgetcontact?seq=${seq}&skey=${encodeURIComponent(s.skey)}&r=1`, s.jar)).text);
      seen.push(...page.MemberList.map((c) => c.UserName));
      seq = page.Seq ?? 0;
      pages++;
    } while (seq !== 0 && pages < 20);
    expect(pages).toBeGreaterThan(2);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(12 + 2);
  });

  it('webwxbatchgetcontact returns groups with MemberList and EncryChatRoomId, and refuses more than 50', async () => {
    const { s } = await ready({ world: { groups: 2, groupSize: 30 } });
    const world = sim.world();
    const groups = world.groups();
    const book = webwxgetcontact.decode((await get(sim.origin, `${API}/webwxgetcontact?seq=0&skey=${encodeURIComponent(s.skey)}&r=1`, s.jar)).text);
    const names = book.MemberList.filter((c) => c.UserName.startsWith('@@')).map((c) => c.UserName);
    expect(names.length).toBeGreaterThan(0);
    const r = await post(sim.origin, `${API}/webwxbatchgetcontact?type=ex&r=1&lang=zh_CN&pass_ticket=${s.passTicket}`, { BaseRequest: s.base, Count: names.length, List: names.map((UserName) => ({ UserName, EncryChatRoomId: '' })) }, s.jar);
    const body = webwxbatchgetcontact.decode(r.text);
    const group = body.ContactList[0];
    expect(group?.MemberList?.length).toBe(groups[0]?.members.length);
    expect(group?.EncryChatRoomId).toMatch(/^@[0-9a-f]{32}$/);
    expect(group?.HeadImgUrl).toMatch(/skey=$/);

    const tooMany = Array.from({ length: 51 }, () => ({ UserName: names[0], EncryChatRoomId: '' }));
    const refused = await post(sim.origin, `${API}/webwxbatchgetcontact?type=ex&r=1`, { BaseRequest: s.base, Count: 51, List: tooMany }, s.jar);
    expect((parseJson(refused.text, 'webwxbatchgetcontact') as { BaseResponse: { Ret: number } }).BaseResponse.Ret).not.toBe(0);
  });
});

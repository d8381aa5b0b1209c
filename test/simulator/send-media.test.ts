import { afterEach, describe, expect, it } from 'vitest';
import { parseJson } from '../../src/web/protocol/json.js';
import { webwxuploadmedia } from '../../src/web/protocol/endpoints/media.js';
import { webwxrevokemsg, webwxsendappmsg, webwxsendemoticon, webwxsendmsg, webwxsendmsgimg, webwxsendvideomsg } from '../../src/web/protocol/endpoints/send.js';
import { webwxsync } from '../../src/web/protocol/endpoints/sync.js';
import { startSimulator, type Simulator } from '../../src/testing/index.js';
import { API, get, init, login, post, sync, type Logged } from './helpers.js';

let sim: Simulator;
afterEach(async () => {
  await sim.close();
});

async function ready(): Promise<{ s: Logged; self: string; key: unknown }> {
  sim = await startSimulator({ loginHoldMs: 200, syncHoldMs: 200 });
  const s = await login(sim);
  const body = await init(sim, s);
  return { s, self: (body['User'] as { UserName: string }).UserName, key: body['SyncKey'] };
}

describe('send endpoints', () => {
  it('puts every kind of send into the outbox with MsgID and the echoed LocalID', async () => {
    const { s, self, key } = await ready();
    const lists = webwxsync.decode((await sync(sim, s, key)).text);
    expect(lists.BaseResponse.Ret).toBe(0);
    const alice = sim.world().friends()[0];
    if (alice === undefined) throw new Error('no friend');
    sim.inject({ from: alice.id, text: 'hello' });
    const msg = webwxsync.decode((await sync(sim, s, lists.SyncKey)).text).AddMsgList[0] as { FromUserName: string };
    const to = msg.FromUserName;
    const cases: [typeof webwxsendmsg | typeof webwxsendmsgimg | typeof webwxsendvideomsg | typeof webwxsendemoticon | typeof webwxsendappmsg, Record<string, unknown>][] = [
      [webwxsendmsg, { Type: 1, Content: 'hi <b>&' }],
      [webwxsendmsg, { Type: 42, Content: '<msg username="wxid_x" nickname="X"/>' }],
      [webwxsendmsgimg, { Type: 3, MediaId: '@crypt_1', Content: '' }],
      [webwxsendvideomsg, { Type: 43, MediaId: '@crypt_2', Content: '' }],
      [webwxsendemoticon, { Type: 47, EmojiFlag: 2, EMoticonMd5: 'abc' }],
      [webwxsendappmsg, { Type: 6, Content: "<appmsg appid='wxeb7ec651dd0aefa9' sdkver=''><title>a.txt</title></appmsg>" }],
    ];
    for (const [i, [endpoint, fields]] of cases.entries()) {
      const localId = `1546214741416052${i}`;
      const r = await post(sim.origin, `${API}/${endpoint.name}?fun=async&f=json&lang=zh_CN&pass_ticket=${s.passTicket}`, { BaseRequest: s.base, Msg: { ...fields, FromUserName: self, ToUserName: to, LocalID: localId, ClientMsgId: localId }, Scene: 0 }, s.jar);
      const body = endpoint.decode(r.text);
      expect(body.BaseResponse.Ret).toBe(0);
      expect(body.MsgID).toMatch(/^\d{19}$/);
      expect(body.LocalID).toBe(localId);
    }
    const outbox = sim.outbox();
    expect(outbox.map((e) => e.endpoint)).toEqual(cases.map(([e]) => e.name));
    expect(outbox[0]).toMatchObject({ content: 'hi <b>&', to: alice.id, toName: alice.nickName, type: 1 });
    expect(outbox[2]?.mediaId).toBe('@crypt_1');
    expect(outbox[4]?.emoticonMd5).toBe('abc');
  });

  it('refuses a bad FromUserName (-1) and a group member who is not a friend (1204); filehelper works', async () => {
    const { s, self, key } = await ready();
    const world = sim.world();
    const group = world.groups()[0];
    const stranger = group?.members.find((m) => world.person(m.id)?.isFriend === false);
    if (group === undefined || stranger === undefined) throw new Error('no stranger in the group');
    sim.inject({ from: stranger.id, group: group.id, text: 'hi all' });
    const first = webwxsync.decode((await sync(sim, s, key)).text).AddMsgList[0] as { Content: string };
    const strangerName = first.Content.split(':<br/>')[0] ?? '';
    const sendTo = async (from: string, to: string) =>
      webwxsendmsg.decode((await post(sim.origin, `${API}/webwxsendmsg?pass_ticket=${s.passTicket}`, { BaseRequest: s.base, Msg: { Type: 1, Content: 'x', FromUserName: from, ToUserName: to, LocalID: '1', ClientMsgId: '1' }, Scene: 0 }, s.jar)).text);
    expect((await sendTo('', 'filehelper')).BaseResponse.Ret).toBe(-1);
    expect((await sendTo(self, strangerName)).BaseResponse.Ret).toBe(1204);
    const ok = await sendTo(self, 'filehelper');
    expect(ok.BaseResponse.Ret).toBe(0);
    expect(sim.outbox().map((e) => e.to)).toEqual(['filehelper']);
  });

  it('revokes an own message and queues the MsgType 10002', async () => {
    const { s, self, key } = await ready();
    const sent = webwxsendmsg.decode((await post(sim.origin, `${API}/webwxsendmsg?pass_ticket=${s.passTicket}`, { BaseRequest: s.base, Msg: { Type: 1, Content: 'oops', FromUserName: self, ToUserName: 'filehelper', LocalID: '7', ClientMsgId: '7' }, Scene: 0 }, s.jar)).text);
    const r = webwxrevokemsg.decode((await post(sim.origin, `${API}/webwxrevokemsg`, { BaseRequest: s.base, SvrMsgId: sent.MsgID, ToUserName: 'filehelper', ClientMsgId: '7' }, s.jar)).text);
    expect(r.BaseResponse.Ret).toBe(0);
    expect(sim.outbox()[0]?.revoked).toBe(true);
    const body = webwxsync.decode((await sync(sim, s, key)).text);
    const recall = body.AddMsgList[0] as { MsgType: number; Content: string };
    expect(recall.MsgType).toBe(10002);
    expect(recall.Content).toContain(sent.MsgID);
    const twice = webwxrevokemsg.decode((await post(sim.origin, `${API}/webwxrevokemsg`, { BaseRequest: s.base, SvrMsgId: sent.MsgID, ToUserName: 'filehelper', ClientMsgId: '7' }, s.jar)).text);
    expect(twice.BaseResponse.Ret).not.toBe(0);
  });
});

function uploadForm(s: Logged, self: string, bytes: Uint8Array, chunk: number, chunks: number, total: number): FormData {
  const form = new FormData();
  form.append('id', 'WU_FILE_0');
  form.append('name', 'big_file.bin');
  form.append('type', 'application/octet-stream');
  form.append('lastModifiedDate', 'Tue Jul 14 2009 13:32:31 GMT+0800 (CST)');
  form.append('size', String(total));
  form.append('chunks', String(chunks));
  form.append('chunk', String(chunk));
  form.append('mediatype', 'doc');
  form.append('uploadmediarequest', JSON.stringify({ UploadType: 2, BaseRequest: s.base, ClientMediaId: 1, TotalLen: total, StartPos: 0, DataLen: total, MediaType: 4, FromUserName: self, ToUserName: 'filehelper', FileMd5: '0' }));
  form.append('webwx_data_ticket', s.jar.cookies.get('webwx_data_ticket') ?? '');
  form.append('pass_ticket', s.passTicket);
  form.append('filename', new Blob([bytes]), 'big_file.bin');
  return form;
}

describe('media', () => {
  it('uploads in two 512 KiB chunks and serves the same bytes through webwxgetmedia', async () => {
    const { s, self } = await ready();
    const total = 524_288 + 1000;
    const bytes = new Uint8Array(total).map((_, i) => (i * 31) % 251);
    const answers = [];
    for (let chunk = 0; chunk < 2; chunk++) {
      const part = bytes.subarray(chunk * 524_288, Math.min(total, (chunk + 1) * 524_288));
      const res = await fetch(`${sim.origin}${API}/webwxuploadmedia?f=json`, { method: 'POST', body: uploadForm(s, self, part, chunk, 2, total), headers: { cookie: s.jar.header() } });
      answers.push(webwxuploadmedia.decode(await res.text()));
    }
    expect(answers[0]?.MediaId).toBe('');
    const last = answers[1];
    expect(last?.MediaId).toMatch(/^@crypt_[0-9a-f]{8}_[0-9a-f]+$/);
    expect(last?.StartPos).toBe(total);
    expect(last?.EncryFileName).toBe('big%5Ffile%2Ebin');
    const q = new URLSearchParams({ sender: self, mediaid: last?.MediaId ?? '', filename: 'big_file.bin', fromuser: String(s.base.Uin), pass_ticket: decodeURIComponent(s.passTicket), webwx_data_ticket: s.jar.cookies.get('webwx_data_ticket') ?? '' });
    const download = await fetch(`${sim.origin}${API}/webwxgetmedia?${q.toString()}`, { headers: { cookie: s.jar.header() } });
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
  });

  it('refuses an upload without the webwx_data_ticket field', async () => {
    const { s, self } = await ready();
    const form = uploadForm(s, self, new Uint8Array(10), 0, 1, 10);
    form.set('webwx_data_ticket', 'wrong');
    const res = await fetch(`${sim.origin}${API}/webwxuploadmedia?f=json`, { method: 'POST', body: form, headers: { cookie: s.jar.header() } });
    const body = parseJson(await res.text(), 'webwxuploadmedia') as { BaseResponse: { Ret: number }; MediaId: string };
    expect(body.BaseResponse.Ret).not.toBe(0);
    expect(body.MediaId).toBe('');
  });

  it('serves images, voice and (with Range only) video of injected messages', async () => {
    const { s } = await ready();
    const [image] = sim.inject({ from: 'Alice', kind: 'image' }).msgIds;
    const [voice] = sim.inject({ from: 'Alice', kind: 'voice' }).msgIds;
    const [clip] = sim.inject({ from: 'Alice', kind: 'video', size: 5000 }).msgIds;
    const skey = encodeURIComponent(s.skey);
    const img = await fetch(`${sim.origin}${API}/webwxgetmsgimg?MsgID=${image}&skey=${skey}&type=slave`, { headers: { cookie: s.jar.header() } });
    expect([...new Uint8Array(await img.arrayBuffer()).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const mp3 = await fetch(`${sim.origin}${API}/webwxgetvoice?msgid=${voice}&skey=${skey}`, { headers: { cookie: s.jar.header() } });
    expect(mp3.headers.get('content-type')).toBe('audio/mpeg');
    expect((await mp3.arrayBuffer()).byteLength).toBeGreaterThan(0);
    const noRange = await fetch(`${sim.origin}${API}/webwxgetvideo?msgid=${clip}&skey=${skey}`, { headers: { cookie: s.jar.header() } });
    expect((await noRange.arrayBuffer()).byteLength).toBe(0);
    const ranged = await fetch(`${sim.origin}${API}/webwxgetvideo?msgid=${clip}&skey=${skey}`, { headers: { cookie: s.jar.header(), range: 'bytes=0-' } });
    expect(ranged.status).toBe(206);
    const mp4 = new Uint8Array(await ranged.arrayBuffer());
    expect(mp4.byteLength).toBe(5000);
    expect(Buffer.from(mp4.subarray(4, 8)).toString('latin1')).toBe('ftyp');
    const avatar = await get(sim.origin, `${API}/webwxgeticon?seq=0&username=filehelper&skey=`, s.jar);
    expect(avatar.status).toBe(200);
  });
});

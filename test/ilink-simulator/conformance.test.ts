import { afterEach, describe, expect, it } from 'vitest';
import { startIlinkSimulator, type IlinkSimulator } from '../../src/testing/index.js';
import { BASE_INFO, call, getQrcode, headers, pollStatus } from './helpers.js';

let sim: IlinkSimulator;
afterEach(async () => {
  await sim.close();
});

describe('header conformance', () => {
  it('finds no problem with a client that sends what the plugin sends', async () => {
    sim = await startIlinkSimulator({ qrHoldMs: 50 });
    const qrcode = await getQrcode(sim.origin);
    await pollStatus(sim.origin, qrcode);
    const { token } = sim.createBot();
    await call(sim.origin, 'msg/notifystart', token);
    await fetch(`${sim.cdnBaseUrl}/download?encrypted_query_param=x`);
    expect(sim.requests().map((r) => [r.endpoint, r.problems])).toEqual([
      ['get_bot_qrcode', []],
      ['get_qrcode_status', []],
      ['notifystart', []],
      ['download', []],
    ]);
    const record = sim.requests()[2];
    expect(record).toMatchObject({ uin: 'fresh', appId: 'bot', clientVersion: '132099', authorizationType: 'ilink_bot_token', authorization: 'bearer', baseInfo: { channelVersion: '2.4.3', botAgent: 'SimTest/1.0' } });
    expect(JSON.stringify(sim.requests())).not.toContain(token);
  });

  it('flags a reused or malformed X-WECHAT-UIN, missing iLink headers and a missing base_info', async () => {
    sim = await startIlinkSimulator();
    const { token } = sim.createBot();
    const fixed = headers(token);
    const post = (h: Record<string, string>, body: unknown = { base_info: BASE_INFO }) =>
      fetch(`${sim.origin}/ilink/bot/msg/notifystart`, { method: 'POST', headers: h, body: JSON.stringify(body) });
    await post(fixed);
    await post(fixed);
    await post({ ...headers(token), 'X-WECHAT-UIN': Buffer.from('12ab').toString('base64') });
    await post({ ...headers(token), 'X-WECHAT-UIN': Buffer.from('4294967296').toString('base64') });
    await post({ 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, {});
    const [fresh, reused, letters, tooBig, bare] = sim.requests();
    expect(fresh?.uin).toBe('fresh');
    expect(reused?.problems).toEqual(['X-WECHAT-UIN is reused']);
    expect(letters?.uin).toBe('malformed');
    expect(tooBig?.uin).toBe('malformed');
    expect(bare?.problems).toEqual([
      'iLink-App-Id is missing or empty',
      'iLink-App-ClientVersion is not a packed version (decimal, at least 1.0.0)',
      'AuthorizationType is not ilink_bot_token',
      'X-WECHAT-UIN is missing',
      'base_info is missing',
    ]);
  });

  it('flags iLink headers or Authorization on CDN requests', async () => {
    sim = await startIlinkSimulator();
    await fetch(`${sim.cdnBaseUrl}/download?encrypted_query_param=x`, { headers: headers('some-token') });
    expect(sim.requests()[0]?.problems).toEqual(['a CDN request carries Authorization', 'a CDN request carries iLink headers']);
    expect(sim.requests()[0]?.authorization).toBe('bearer');
  });
});

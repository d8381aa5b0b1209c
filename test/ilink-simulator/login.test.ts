import { afterEach, describe, expect, it } from 'vitest';
import { ControlError, ManualClock, startIlinkSimulator, type IlinkSimulator } from '../../src/testing/index.js';
import { CLIENT_VERSION, getQrcode, headers, pollStatus, qrLogin, sleep } from './helpers.js';

let sim: IlinkSimulator;
afterEach(async () => {
  await sim.close();
});

describe('QR login', () => {
  it('hands out a QR code by POST with local_token_list and by GET, pointing at its own origin', async () => {
    sim = await startIlinkSimulator();
    const post = await fetch(`${sim.origin}/ilink/bot/get_bot_qrcode?bot_type=3`, { method: 'POST', headers: headers(), body: JSON.stringify({ local_token_list: [] }) });
    const posted = (await post.json()) as Record<string, unknown>;
    expect(posted).toMatchObject({ ret: 0, qrcode: expect.any(String) });
    expect(String(posted['qrcode_img_content']).startsWith(`${sim.origin}/`)).toBe(true);
    expect((await fetch(String(posted['qrcode_img_content']))).status).toBe(200);
    const get = await fetch(`${sim.origin}/ilink/bot/get_bot_qrcode?bot_type=3`, { headers: { 'iLink-App-Id': 'bot', 'iLink-App-ClientVersion': CLIENT_VERSION } });
    const got = (await get.json()) as Record<string, unknown>;
    expect(got['qrcode']).not.toBe(posted['qrcode']);
    const wrongType = await fetch(`${sim.origin}/ilink/bot/get_bot_qrcode?bot_type=1`, { method: 'POST', headers: headers(), body: '{}' });
    expect(await wrongType.json()).toMatchObject({ ret: -1 });
  });

  it('holds the status poll until the phone scans, then until it confirms; confirmed carries the credentials', async () => {
    sim = await startIlinkSimulator({ qrHoldMs: 5000 });
    const qrcode = await getQrcode(sim.origin);
    const started = Date.now();
    const first = pollStatus(sim.origin, qrcode);
    await sleep(150);
    sim.scan();
    expect((await first).body).toEqual({ ret: 0, status: 'scaned' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    const second = pollStatus(sim.origin, qrcode);
    await sleep(100);
    sim.confirm();
    const confirmed = (await second).body;
    expect(confirmed).toMatchObject({ ret: 0, status: 'confirmed', baseurl: sim.origin, ilink_user_id: sim.userId() });
    expect(confirmed['ilink_bot_id']).toMatch(/^[0-9a-f]{12}@im\.bot$/);
    expect(confirmed['ilink_user_id']).toMatch(/^o9cq80[A-Za-z0-9_-]+@im\.wechat$/);
    expect(typeof confirmed['bot_token']).toBe('string');
    expect(sim.bot()).toMatchObject({ botId: confirmed['ilink_bot_id'], alive: true });
  });

  it('answers wait when the hold ends with nothing new', async () => {
    sim = await startIlinkSimulator({ qrHoldMs: 100 });
    const qrcode = await getQrcode(sim.origin);
    expect((await pollStatus(sim.origin, qrcode)).body).toEqual({ ret: 0, status: 'wait' });
  });

  it('expires a QR code by control and by lifetime; an unknown code reads as expired', async () => {
    const clock = new ManualClock();
    sim = await startIlinkSimulator({ clock, qrLifetimeMs: 60_000 });
    const a = await getQrcode(sim.origin);
    sim.expire();
    expect((await pollStatus(sim.origin, a)).body['status']).toBe('expired');
    const b = await getQrcode(sim.origin);
    clock.advance(60_000);
    expect((await pollStatus(sim.origin, b)).body['status']).toBe('expired');
    expect((await pollStatus(sim.origin, 'no-such-code')).body['status']).toBe('expired');
    expect(() => sim.scan()).toThrow(ControlError);
  });

  it('asks for a pair code; a wrong code gets need_verifycode again, the right one scaned', async () => {
    sim = await startIlinkSimulator({ qrHoldMs: 100 });
    const qrcode = await getQrcode(sim.origin);
    sim.requireVerifyCode('123456');
    sim.scan();
    expect((await pollStatus(sim.origin, qrcode)).body['status']).toBe('need_verifycode');
    expect((await pollStatus(sim.origin, qrcode, '000000')).body['status']).toBe('need_verifycode');
    expect(() => sim.confirm()).toThrow(/pair code/);
    expect((await pollStatus(sim.origin, qrcode, '123456')).body['status']).toBe('scaned');
    sim.confirm();
    expect((await pollStatus(sim.origin, qrcode)).body['status']).toBe('confirmed');
  });

  it('blocks after three wrong pair codes; a code asked after the scan applies at once', async () => {
    sim = await startIlinkSimulator({ qrHoldMs: 100 });
    const qrcode = await getQrcode(sim.origin);
    sim.scan();
    expect((await pollStatus(sim.origin, qrcode)).body['status']).toBe('scaned');
    sim.requireVerifyCode('4242');
    expect((await pollStatus(sim.origin, qrcode)).body['status']).toBe('need_verifycode');
    const tries = [];
    for (const code of ['1', '2', '3']) tries.push((await pollStatus(sim.origin, qrcode, code)).body['status']);
    expect(tries).toEqual(['need_verifycode', 'need_verifycode', 'verify_code_blocked']);
    expect((await pollStatus(sim.origin, qrcode, '4242')).body['status']).toBe('verify_code_blocked');
  });

  it('redirects the status poll to a second listener, which then serves the login', async () => {
    sim = await startIlinkSimulator({ qrHoldMs: 100, strictRedirect: true });
    const qrcode = await getQrcode(sim.origin);
    sim.scan();
    sim.redirect();
    const redirected = (await pollStatus(sim.origin, qrcode)).body;
    expect(redirected).toEqual({ ret: 0, status: 'scaned_but_redirect', redirect_host: sim.redirectHost });
    expect(sim.redirectHost).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(sim.redirectHost).not.toBe(sim.origin.slice('http://'.length));
    const other = `http://${sim.redirectHost}`;
    expect((await pollStatus(other, qrcode)).body['status']).toBe('scaned');
    sim.confirm();
    // strict: the first host keeps saying "go elsewhere"
    expect((await pollStatus(sim.origin, qrcode)).body['status']).toBe('scaned_but_redirect');
    expect((await pollStatus(other, qrcode)).body['status']).toBe('confirmed');
    const polls = sim.requests().filter((r) => r.endpoint === 'get_qrcode_status');
    expect(polls.map((r) => r.listener)).toEqual(['main', 'redirect', 'main', 'redirect']);
  });

  it('without strictRedirect the first host serves the real status after announcing the redirect once', async () => {
    sim = await startIlinkSimulator({ qrHoldMs: 100 });
    const qrcode = await getQrcode(sim.origin);
    sim.scan();
    sim.redirect();
    expect((await pollStatus(sim.origin, qrcode)).body['status']).toBe('scaned_but_redirect');
    expect((await pollStatus(sim.origin, qrcode)).body['status']).toBe('scaned');
  });

  it('answers binded_redirect when local_token_list holds the scanning user\'s live bot', async () => {
    sim = await startIlinkSimulator({ qrHoldMs: 100 });
    const first = await qrLogin(sim);
    const qrcode = await getQrcode(sim.origin, ['unknown-token', first.token]);
    sim.scan();
    expect((await pollStatus(sim.origin, qrcode)).body).toEqual({ ret: 0, status: 'binded_redirect' });
    expect(sim.bot()?.botId).toBe(first.botId);
    // another user scanning the same code list gets a login of their own
    const again = await getQrcode(sim.origin, [first.token]);
    sim.scan({ userId: sim.userId(1) });
    expect((await pollStatus(sim.origin, again)).body['status']).toBe('scaned');
  });

  it('autoConfirm scans and confirms after the first poll', async () => {
    sim = await startIlinkSimulator({ autoConfirm: { delayMs: 10 }, qrHoldMs: 2000 });
    const qrcode = await getQrcode(sim.origin);
    expect((await pollStatus(sim.origin, qrcode)).body['status']).toBe('scaned');
    expect((await pollStatus(sim.origin, qrcode)).body['status']).toBe('confirmed');
  });
});

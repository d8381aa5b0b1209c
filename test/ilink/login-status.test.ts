import { describe, expect, it } from 'vitest';
import { codeSubmitted, MAX_QR_CODES, nextQrCode, type QrLoginState, reduceQrStatus, startLogin } from '../../src/ilink/protocol/login-status.js';

const DEFAULT = 'https://ilinkai.weixin.qq.com';
const first = startLogin(DEFAULT);

describe('reduceQrStatus', () => {
  it('wait (and any status it does not know) polls again after the pause', () => {
    for (const status of ['wait', 'some_new_status']) {
      expect(reduceQrStatus(first, { status })).toEqual({ state: first, steps: [], next: { type: 'poll', immediate: false } });
    }
  });

  it('scaned reports the scan once per QR code', () => {
    const scanned = reduceQrStatus(first, { status: 'scaned' });
    expect(scanned.steps).toEqual([{ type: 'scanned' }]);
    expect(reduceQrStatus(scanned.state, { status: 'scaned' }).steps).toEqual([]);
  });

  it('need_verifycode asks for the pair code; asked again right after one, that code was wrong; scaned after one, it was accepted', () => {
    const asked = reduceQrStatus(first, { status: 'need_verifycode' });
    expect(asked.steps).toEqual([{ type: 'verify-code', wrong: false }]);
    expect(asked.next).toEqual({ type: 'ask-code' });
    const wrong = reduceQrStatus(codeSubmitted(asked.state), { status: 'need_verifycode' });
    expect(wrong.steps).toEqual([{ type: 'verify-code', wrong: true }]);
    const accepted = reduceQrStatus(codeSubmitted(wrong.state), { status: 'scaned' });
    expect(accepted.steps).toEqual([{ type: 'scanned' }]);
    expect(accepted.state.codeSent).toBe(false);
  });

  it('expired and verify_code_blocked fetch a new code, until the third', () => {
    let state: QrLoginState = first;
    for (let codes = 1; codes < MAX_QR_CODES; codes++) {
      const expired = reduceQrStatus(state, { status: codes % 2 === 0 ? 'verify_code_blocked' : 'expired' });
      expect(expired.steps).toEqual([{ type: codes % 2 === 0 ? 'verify-code-blocked' : 'expired' }]);
      expect(expired.next).toEqual({ type: 'new-qr' });
      state = nextQrCode(expired.state, DEFAULT);
    }
    expect(state.codes).toBe(3);
    expect(reduceQrStatus(state, { status: 'expired' }).next).toEqual({ type: 'give-up', codes: 3 });
  });

  it('scaned_but_redirect moves the polls to https://<redirect_host> at once; a missing or bad host keeps the current one', () => {
    const moved = reduceQrStatus(first, { status: 'scaned_but_redirect', redirect_host: 'ilinkai2.weixin.qq.com' });
    expect(moved).toEqual({ state: { ...first, pollBase: 'https://ilinkai2.weixin.qq.com' }, steps: [{ type: 'redirected', host: 'ilinkai2.weixin.qq.com' }], next: { type: 'poll', immediate: true } });
    for (const redirect_host of [undefined, 'evil.example/path']) {
      const stay = reduceQrStatus(first, redirect_host === undefined ? { status: 'scaned_but_redirect' } : { status: 'scaned_but_redirect', redirect_host });
      expect(stay).toEqual({ state: first, steps: [], next: { type: 'poll', immediate: false } });
    }
    // A new QR code polls at the default host again.
    expect(nextQrCode(moved.state, DEFAULT).pollBase).toBe(DEFAULT);
  });

  it('confirmed gives the bot; without a token or bot id the login is invalid', () => {
    expect(reduceQrStatus(first, { status: 'confirmed', bot_token: 'T', ilink_bot_id: 'b@im.bot', ilink_user_id: 'u', baseurl: 'https://ilinkai.wechat.com' }).next).toEqual({
      type: 'confirmed',
      bot: { token: 'T', botId: 'b@im.bot', userId: 'u', baseUrl: 'https://ilinkai.wechat.com' },
    });
    expect(reduceQrStatus(first, { status: 'confirmed', bot_token: 'T', ilink_bot_id: 'b' }).next).toEqual({ type: 'confirmed', bot: { token: 'T', botId: 'b', userId: '' } });
    expect(reduceQrStatus(first, { status: 'confirmed', ilink_bot_id: 'b' }).next).toMatchObject({ type: 'invalid' });
    expect(reduceQrStatus(first, { status: 'confirmed', bot_token: 'T' }).next).toMatchObject({ type: 'invalid' });
  });

  it('binded_redirect: already bound here', () => {
    expect(reduceQrStatus(first, { status: 'binded_redirect' }).next).toEqual({ type: 'already-bound' });
  });
});

import { describe, expect, it } from 'vitest';
import {
  DecodeError,
  isDecodeError,
  isRateLimitedError,
  isRetcodeError,
  isSessionEndedError,
  isWeChatError,
  LoginRefusedError,
  NetworkError,
  NotFriendError,
  RateLimitedError,
  redact,
  RetcodeError,
  retcodeError,
  SessionEndedError,
  TimeoutError,
} from '../src/errors/index.js';

const CREDENTIALS = {
  skey: '@crypt_1533a725_c3f334541b894cc7c82c3e6ff11daec9',
  wxsid: '7VvAoIRIYVQ3KiF7',
  wxuin: '2450346660',
  passTicket: 'RKWoJHbo6pkiL0q%2FzEdyMz1Wf%2FmZ3f5NQgwm3SvmXqbNFnc6%2FdS7qDlIdop5ZeT4',
  deviceId: 'e123456789012345',
  ticket: 'AaXdHpmbWGYo_ZOk7ylAnnCY@qrticket_0',
};

describe('error messages', () => {
  it('say endpoint, code and meaning', () => {
    expect(new SessionEndedError('webwxsync', 1101).message).toBe('webwxsync failed: 1101 (logged out elsewhere)');
    expect(new RateLimitedError('webwxsendmsg').message).toBe('webwxsendmsg failed: 1205 (operation too frequent)');
    expect(new LoginRefusedError(1203, '当前登录环境异常').message).toBe(
      'webwxnewloginpage failed: 1203 (this account may not use web WeChat): 当前登录环境异常',
    );
    expect(new NetworkError('synccheck', 503).message).toBe('synccheck request failed: HTTP 503');
    expect(new TimeoutError('login', 35_000).message).toBe('login timed out after 35000 ms');
  });

  it('pick the most specific class for a retcode', () => {
    expect(retcodeError('synccheck', 1102)).toBeInstanceOf(SessionEndedError);
    expect(retcodeError('webwxsync', 1205)).toBeInstanceOf(RateLimitedError);
    expect(retcodeError('webwxsendmsg', 1204)).toBeInstanceOf(NotFriendError);
    expect(retcodeError('synccheck', -14)).toBeInstanceOf(SessionEndedError);
    const other = retcodeError('webwxinit', -1);
    expect(other.constructor).toBe(RetcodeError);
    expect(other.retcode).toBe(-1);
  });

  it('never carry a credential, even when the body they quote does', () => {
    const body = `<error><ret>0</ret><skey>${CREDENTIALS.skey}</skey><wxsid>${CREDENTIALS.wxsid}</wxsid><wxuin>${CREDENTIALS.wxuin}</wxuin><pass_ticket>${CREDENTIALS.passTicket}</pass_ticket></error>`;
    const error = new DecodeError('webwxnewloginpage', [`skey: got ${CREDENTIALS.skey}`], body);
    const query = `https://wx.qq.com/x?skey=${CREDENTIALS.skey}&sid=${CREDENTIALS.wxsid}&uin=${CREDENTIALS.wxuin}&deviceid=${CREDENTIALS.deviceId}&pass_ticket=${CREDENTIALS.passTicket}&ticket=${CREDENTIALS.ticket}`;
    const all = [error.message, error.excerpt, ...error.issues, redact(query), redact(JSON.stringify({ Sid: CREDENTIALS.wxsid, Uin: 2450346660 }))];
    for (const text of all) {
      for (const secret of Object.values(CREDENTIALS)) expect(text).not.toContain(secret);
    }
  });

  it('mask a credential that the excerpt cuts in two, wherever the cut falls', () => {
    const ticket = CREDENTIALS.passTicket;
    for (let before = 150; before <= 200; before++) {
      const body = `<error>${'x'.repeat(before)}<pass_ticket>${ticket}</pass_ticket></error>`;
      const { excerpt } = new DecodeError('webwxnewloginpage', ['error.wxsid is missing, empty or not plain text'], body);
      for (let at = 0; at + 8 <= ticket.length; at++) expect(excerpt).not.toContain(ticket.slice(at, at + 8));
    }
  });

  it('mask what a server message quotes', () => {
    const error = new RetcodeError('webwxsync', 1100, `bad request skey=${CREDENTIALS.skey}&pass_ticket=${CREDENTIALS.passTicket}`);
    const refused = new LoginRefusedError(1203, `uin=${CREDENTIALS.wxuin}`);
    for (const text of [error.message, error.errMsg, refused.message, refused.serverMessage]) {
      for (const secret of Object.values(CREDENTIALS)) expect(text).not.toContain(secret);
    }
    expect(error.errMsg).toContain('bad request skey=***');
  });

  it('mask the saved session’s camelCase pass ticket and a bearer token', () => {
    const text = redact(`{"passTicket":"${CREDENTIALS.passTicket}"} Authorization: Bearer abc.DEF-123`);
    expect(text).not.toContain(CREDENTIALS.passTicket);
    expect(text).not.toContain('abc.DEF-123');
  });
});

describe('guards', () => {
  it('recognise errors from another copy of the library by marker and name', () => {
    const foreign = Object.assign(new Error('webwxsync failed: 1101'), { name: 'SessionEndedError', isWeChatError: true, retcode: 1101 });
    expect(isWeChatError(foreign)).toBe(true);
    expect(isSessionEndedError(foreign)).toBe(true);
    expect(isRetcodeError(foreign)).toBe(true);
    expect(isRateLimitedError(foreign)).toBe(false);
  });

  it('do not mistake rxjs or ky errors with the same name for ours', () => {
    const rxTimeout = Object.assign(new Error('Timeout has occurred'), { name: 'TimeoutError' });
    expect(isWeChatError(rxTimeout)).toBe(false);
    expect(isDecodeError(new Error('x'))).toBe(false);
    expect(isDecodeError(new DecodeError('webwxinit', ['a: b'], ''))).toBe(true);
  });
});

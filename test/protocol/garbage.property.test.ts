import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../src/errors/decode-error.js';
import { LoginRefusedError } from '../../src/errors/login-refused-error.js';
import { RetcodeError } from '../../src/errors/retcode-error.js';
import { parseJsLogin, parseLoginPage, parseLoginPoll, parsePushLogin, parseSynccheck } from '../../src/web/protocol/login-bodies.js';
import { decodeRawMessage } from '../../src/model/decode/decode.js';
import { webwxinit, webwxstatusnotify } from '../../src/web/protocol/endpoints/account.js';
import { webwxcreatechatroom, webwxupdatechatroom } from '../../src/web/protocol/endpoints/chatroom.js';
import { webwxbatchgetcontact, webwxgetcontact, webwxoplog, webwxverifyuser } from '../../src/web/protocol/endpoints/contacts.js';
import { webwxuploadmedia } from '../../src/web/protocol/endpoints/media.js';
import { webwxrevokemsg, webwxsendmsg } from '../../src/web/protocol/endpoints/send.js';
import { webwxsync } from '../../src/web/protocol/endpoints/sync.js';

const SELF = { userName: '@self' };

/** Every body parser, by the endpoint its DecodeError must name. */
const parsers: ReadonlyArray<readonly [string, (text: string) => unknown]> = [
  ['jslogin', parseJsLogin],
  ['login', parseLoginPoll],
  ['synccheck', parseSynccheck],
  ['webwxnewloginpage', parseLoginPage],
  ['webwxpushloginurl', parsePushLogin],
  ['webwxinit', webwxinit.decode],
  ['webwxgetcontact', webwxgetcontact.decode],
  ['webwxbatchgetcontact', webwxbatchgetcontact.decode],
  ['webwxsync', webwxsync.decode],
  ['webwxstatusnotify', webwxstatusnotify.decode],
  ['webwxsendmsg', webwxsendmsg.decode],
  ['webwxuploadmedia', webwxuploadmedia.decode],
  ['webwxrevokemsg', webwxrevokemsg.decode],
  ['webwxoplog', webwxoplog.decode],
  ['webwxverifyuser', webwxverifyuser.decode],
  ['webwxcreatechatroom', webwxcreatechatroom.decode],
  ['webwxupdatechatroom', webwxupdatechatroom.decode],
];

/** Garbage a real network produces: error pages, truncations, wrong types, empty and huge bodies. */
const htmlErrorPage = '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>';
const billionLaughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from(
  { length: 9 },
  (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
).join('')}]><error><ret>0</ret><skey>&lol9;</skey></error>`;
const validSync =
  '{"BaseResponse":{"Ret":0,"ErrMsg":""},"AddMsgCount":0,"AddMsgList":[],"ModContactCount":0,"ModContactList":[],"DelContactCount":0,"DelContactList":[],"ModChatRoomMemberCount":0,"ModChatRoomMemberList":[],"Profile":{"BitFlag":0},"ContinueFlag":0,"SyncKey":{"Count":1,"List":[{"Key":1,"Val":2}]},"SKey":""}';

const garbage = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', ' ', 'null', '[]', '{}', '0', 'true', '"text"', htmlErrorPage, billionLaughs, '<error><ret>0</ret></error>'),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.nat({ max: validSync.length - 1 }).map((cut) => validSync.slice(0, cut)),
  fc.constantFrom('window.code=;', 'window.synccheck={retcode:"0"}', 'window.QRLogin.code = 200;', 'window.code=200;window.redirect_uri=;'),
);

function expectOnlyDecodeOutcomes(endpoint: string, parse: (text: string) => unknown, input: string): void {
  try {
    parse(input);
  } catch (error) {
    const typed = error instanceof DecodeError || error instanceof RetcodeError || error instanceof LoginRefusedError;
    expect(typed, `${endpoint} threw ${String(error)} for ${JSON.stringify(input.slice(0, 80))}`).toBe(true);
    if (error instanceof DecodeError) {
      expect(error.endpoint).toBe(endpoint);
      expect(error.issues.length).toBeGreaterThan(0);
    }
  }
}

describe('every parser and codec, given garbage', () => {
  for (const [endpoint, parse] of parsers) {
    it(`${endpoint} returns or throws a typed error naming the endpoint`, () => {
      fc.assert(fc.property(garbage, (input) => expectOnlyDecodeOutcomes(endpoint, parse, input)), { numRuns: 300 });
    });
  }

  it('reject an HTML error page with a DecodeError that names the endpoint', () => {
    for (const [endpoint, parse] of parsers) {
      expect(() => parse(htmlErrorPage), endpoint).toThrow(DecodeError);
    }
  });

  it('synccheck never turns a junk body into "selector 0"', () => {
    fc.assert(
      fc.property(garbage, (input) => {
        let result: { retcode: number; selector: number } | undefined;
        try {
          result = parseSynccheck(input);
        } catch {
          return;
        }
        expect(input).toMatch(/retcode/);
        expect(Number.isInteger(result.retcode) && Number.isInteger(result.selector)).toBe(true);
      }),
    );
  });

  it('the login page does not expand XML entities (billion laughs)', () => {
    const started = performance.now();
    expect(() => parseLoginPage(billionLaughs)).toThrow(DecodeError);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('a huge body is decoded or refused as a DecodeError, not a crash', () => {
    const huge = `{"BaseResponse":{"Ret":0},"AddMsgList":[${'{"MsgId":"1","FromUserName":"@a","ToUserName":"@b","MsgType":1,"Content":"x"},'.repeat(20_000)}`;
    expectOnlyDecodeOutcomes('webwxsync', webwxsync.decode, huge);
    expectOnlyDecodeOutcomes('webwxsync', webwxsync.decode, `${huge.slice(0, -1)}],"SyncKey":{"List":[]}}`);
  });

  it('wrong types name the path that failed', () => {
    const wrong = validSync.replace('"ContinueFlag":0', '"ContinueFlag":{"x":1}').replace('"Key":1', '"Key":"one"');
    const error = (() => {
      try {
        webwxsync.decode(wrong);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(DecodeError);
    const issues = (error as DecodeError).issues.join('\n');
    expect(issues).toContain('ContinueFlag');
    expect(issues).toContain('SyncKey.List.0.Key');
  });

  it('a message object of the wrong shape is a DecodeError for endpoint "message"', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          decodeRawMessage(value, SELF);
        } catch (error) {
          expect(error).toBeInstanceOf(DecodeError);
          expect((error as DecodeError).endpoint).toBe('message');
        }
      }),
    );
  });
});

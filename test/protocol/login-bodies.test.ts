import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../src/errors/decode-error.js';
import { isLoginRefusedError } from '../../src/errors/guards.js';
import { LoginRefusedError } from '../../src/errors/login-refused-error.js';
import { RetcodeError } from '../../src/errors/retcode-error.js';
import {
  parseJsLogin,
  parseLoginPage,
  parseLoginPoll,
  parsePushLogin,
  parseSynccheck,
} from '../../src/web/protocol/login-bodies.js';

/** Runs `fn` and returns what it threw (fails the test when it returns). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

const HTML = '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>';

describe('parseJsLogin', () => {
  it('reads the uuid from the 64-byte server form', () => {
    const body = 'window.QRLogin.code = 200; window.QRLogin.uuid = "Qk9ndXNVdWk=";';
    expect(parseJsLogin(body)).toEqual({ uuid: 'Qk9ndXNVdWk=' });
  });

  it('tolerates missing or extra whitespace and a trailing newline', () => {
    expect(parseJsLogin('window.QRLogin.code=200;window.QRLogin.uuid="A_1_bcdw==";\n')).toEqual({ uuid: 'A_1_bcdw==' });
    expect(parseJsLogin('  window.QRLogin.code  =  200 ;\n window.QRLogin.uuid =\t"xY-9+/==" ')).toEqual({ uuid: 'xY-9+/==' });
  });

  it('turns any other code into a RetcodeError for jslogin', () => {
    const error = thrown(() => parseJsLogin('window.QRLogin.code = 400;'));
    expect(error).toBeInstanceOf(RetcodeError);
    expect(error).toMatchObject({ endpoint: 'jslogin', retcode: 400 });
  });

  it.each([
    ['an empty body', ''],
    ['an HTML page', HTML],
    ['code 200 without a uuid', 'window.QRLogin.code = 200;'],
    ['an empty uuid', 'window.QRLogin.code = 200; window.QRLogin.uuid = "";'],
    ['a uuid with script in it', 'window.QRLogin.code = 200; window.QRLogin.uuid = "a";alert(1);"";'],
    ['a trailing statement', 'window.QRLogin.code = 200; window.QRLogin.uuid = "abc=="; steal();'],
  ])('rejects %s with a DecodeError for jslogin', (_name, body) => {
    const error = thrown(() => parseJsLogin(body));
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as DecodeError).endpoint).toBe('jslogin');
  });
});

describe('parseLoginPoll', () => {
  const redirect =
    'https://wx2.qq.com/cgi-bin/mmwebwx-bin/webwxnewloginpage?ticket=AbCdEfGh12345678_IjKlMn@qrticket_0&uuid=Qk9ndXNVdWk=&lang=zh_CN&scan=1700000000';

  it('408: nothing happened yet', () => {
    expect(parseLoginPoll('window.code=408;')).toEqual({ kind: 'waiting', code: 408 });
  });

  it('201 alone: scanned, no avatar', () => {
    expect(parseLoginPoll('window.code=201;')).toEqual({ kind: 'scanned', code: 201 });
  });

  it('201 with the avatar data URI', () => {
    const body = "window.code=201;window.userAvatar = 'data:img/jpg;base64,/9j/4AAQSkZJRgABAQ==';";
    expect(parseLoginPoll(body)).toEqual({ kind: 'scanned', code: 201, avatar: 'data:img/jpg;base64,/9j/4AAQSkZJRgABAQ==' });
  });

  it('201 with a truncated avatar keeps what arrived', () => {
    const body = "window.code=201;window.userAvatar = 'data:img/jpg;base64,/9j/4AAQSk";
    expect(parseLoginPoll(body)).toEqual({ kind: 'scanned', code: 201, avatar: 'data:img/jpg;base64,/9j/4AAQSk' });
  });

  it('201 with an empty avatar has no avatar', () => {
    expect(parseLoginPoll("window.code=201;window.userAvatar = '';")).toEqual({ kind: 'scanned', code: 201 });
  });

  it('200 with the LF between the statements', () => {
    expect(parseLoginPoll(`window.code=200;\nwindow.redirect_uri="${redirect}";`)).toEqual({
      kind: 'confirmed',
      code: 200,
      redirectUri: redirect,
    });
  });

  it('200 without the LF (as transcriptions show it)', () => {
    expect(parseLoginPoll(`window.code=200;window.redirect_uri="${redirect}";`)).toEqual({
      kind: 'confirmed',
      code: 200,
      redirectUri: redirect,
    });
  });

  it('400: the uuid expired', () => {
    expect(parseLoginPoll('window.code=400;')).toEqual({ kind: 'expired', code: 400 });
  });

  it.each([403, 500, 0, -1])('any other code (%i) is reported as unknown with its number', (code) => {
    expect(parseLoginPoll(`window.code=${code};\n`)).toEqual({ kind: 'unknown', code });
  });

  it.each([
    ['an empty body', ''],
    ['an HTML page', HTML],
    ['a code without digits', 'window.code=;'],
    ['200 without a redirect', 'window.code=200;'],
    ['200 with a non-URL redirect', 'window.code=200;window.redirect_uri="javascript:alert(1)";'],
    ['200 with a redirect the URL parser refuses', 'window.code=200;window.redirect_uri="https://wx2.qq.com:99999/cgi-bin/mmwebwx-bin/webwxnewloginpage?ticket=AbC123@qrticket_0";'],
    ['201 followed by something else', 'window.code=201;window.location = "x";'],
    ['408 followed by a statement', 'window.code=408;alert(1);'],
  ])('rejects %s with a DecodeError for login', (_name, body) => {
    const error = thrown(() => parseLoginPoll(body));
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as DecodeError).endpoint).toBe('login');
    expect(inspect(error, { depth: 5 })).not.toContain('AbC123');
  });
});

describe('parseSynccheck', () => {
  it('reads the exact server form as numbers', () => {
    expect(parseSynccheck('window.synccheck={retcode:"0",selector:"2"}')).toEqual({ retcode: 0, selector: 2 });
  });

  it('reads a session-ending retcode', () => {
    expect(parseSynccheck('window.synccheck={retcode:"1101",selector:"0"}')).toEqual({ retcode: 1101, selector: 0 });
  });

  it('reads selector 7 (phone activity)', () => {
    expect(parseSynccheck('window.synccheck={retcode:"0",selector:"7"}')).toEqual({ retcode: 0, selector: 7 });
  });

  it.each([
    'window.synccheck = { retcode : "0" , selector : "6" };\n',
    'window.synccheck={retcode:0,selector:6}',
    "window.synccheck={'retcode':'0','selector':'6'};",
    'window.synccheck={"retcode":"0","selector":"6"}\r\n',
    'window.synccheck={selector:"6",retcode:"0"}',
  ])('tolerates spacing, quoting and terminators: %j', (body) => {
    expect(parseSynccheck(body)).toEqual({ retcode: 0, selector: 6 });
  });

  it.each([
    ['an empty body', ''],
    ['an HTML page', HTML],
    ['no selector', 'window.synccheck={retcode:"0"}'],
    ['no retcode', 'window.synccheck={selector:"2"}'],
    ['an empty selector', 'window.synccheck={retcode:"0",selector:""}'],
    ['a repeated key', 'window.synccheck={retcode:"0",selector:"2",selector:"0"}'],
    ['mismatched quotes', 'window.synccheck={retcode:"0\',selector:"2"}'],
    ['a missing assignment', '{retcode:"0",selector:"2"}'],
    ['a trailing statement', 'window.synccheck={retcode:"0",selector:"2"};alert(1)'],
  ])('rejects %s with a DecodeError instead of reporting selector 0', (_name, body) => {
    const error = thrown(() => parseSynccheck(body));
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as DecodeError).endpoint).toBe('synccheck');
  });
});

describe('parseLoginPage', () => {
  const skey = '@crypt_0badf00d_1234567890abcdef1234567890abcdef';
  const wxsid = 'Zq9+Tt3kLmNo4PqR';
  const passTicket = 'Ab%2BCdEf%2FGh12IjKl%3D';
  const oneLine = [
    '<error><ret>0</ret><message></message>',
    `<skey>${skey}</skey><wxsid>${wxsid}</wxsid><wxuin>2450346660</wxuin><pass_ticket>${passTicket}</pass_ticket>`,
    '<isgrayscale>1</isgrayscale></error>',
  ].join('');

  it('reads the one-line form, keeping wxuin and pass_ticket as exact strings', () => {
    expect(parseLoginPage(oneLine)).toEqual({ skey, wxsid, wxuin: '2450346660', passTicket, isGrayscale: true });
  });

  it('reads a pretty-printed document with an XML declaration', () => {
    const pretty = `<?xml version="1.0" encoding="UTF-8"?>
<error>
  <ret>0</ret>
  <message></message>
  <skey>${skey}</skey>
  <wxsid>${wxsid}</wxsid>
  <wxuin>0012345</wxuin>
  <pass_ticket>${passTicket}</pass_ticket>
  <isgrayscale>0</isgrayscale>
</error>
`;
    expect(parseLoginPage(pretty)).toEqual({ skey, wxsid, wxuin: '0012345', passTicket, isGrayscale: false });
  });

  it('accepts message OK, no message at all, and no isgrayscale', () => {
    const ok = `<error><ret>0</ret><message>OK</message><skey>${skey}</skey><wxsid>${wxsid}</wxsid><wxuin>7</wxuin><pass_ticket>${passTicket}</pass_ticket></error>`;
    const bare = ok.replace('<message>OK</message>', '');
    for (const body of [ok, bare]) {
      const credentials = parseLoginPage(body);
      expect(credentials).toEqual({ skey, wxsid, wxuin: '7', passTicket });
      expect('isGrayscale' in credentials).toBe(false);
    }
  });

  it('turns ret 1203 into a LoginRefusedError carrying ret and the Chinese message', () => {
    const message = '为了你的帐号安全，此微信号已不允许登录网页微信。你可以使用Windows微信或Mac微信在电脑端登录。';
    const error = thrown(() => parseLoginPage(`<error><ret>1203</ret><message>${message}</message></error>`));
    expect(error).toBeInstanceOf(LoginRefusedError);
    expect(isLoginRefusedError(error)).toBe(true);
    expect(error).toMatchObject({ ret: 1203, retcode: 1203, serverMessage: message, endpoint: 'webwxnewloginpage' });
  });

  it('decodes the predefined XML entities in the refusal message', () => {
    const error = thrown(() => parseLoginPage('<error><ret>1</ret><message>a &amp; b</message></error>'));
    expect(error).toMatchObject({ ret: 1, serverMessage: 'a & b' });
  });

  it('names a missing credential without quoting any credential value', () => {
    const body = oneLine.replace(`<skey>${skey}</skey>`, '');
    const error = thrown(() => parseLoginPage(body));
    expect(error).toBeInstanceOf(DecodeError);
    const decodeError = error as DecodeError;
    expect(decodeError.endpoint).toBe('webwxnewloginpage');
    expect(decodeError.issues.join('\n')).toContain('skey');
    const everything = [decodeError.message, decodeError.excerpt, ...decodeError.issues].join('\n');
    for (const secret of [wxsid, '2450346660', passTicket]) expect(everything).not.toContain(secret);
  });

  it('names every missing credential, and treats an empty one as missing', () => {
    const body = `<error><ret>0</ret><message></message><skey></skey><wxuin>1</wxuin></error>`;
    const issues = (thrown(() => parseLoginPage(body)) as DecodeError).issues.join('\n');
    expect(issues).toContain('skey');
    expect(issues).toContain('wxsid');
    expect(issues).toContain('pass_ticket');
    expect(issues).not.toContain('wxuin');
  });

  it.each([
    ['an HTML page', HTML],
    ['an empty body', ''],
    ['a truncated closing tag', oneLine.slice(0, -1)],
    ['a non-numeric ret', oneLine.replace('<ret>0</ret>', '<ret>zero</ret>')],
    ['no ret', oneLine.replace('<ret>0</ret>', '')],
    ['a repeated skey', oneLine.replace('</skey>', `</skey><skey>${skey}</skey>`)],
    ['markup inside a credential', oneLine.replace(`<wxsid>${wxsid}</wxsid>`, '<wxsid><b>x</b></wxsid>')],
    ['a non-numeric wxuin', oneLine.replace('2450346660', '24503x')],
    ['a different root', oneLine.replace(/error>/g, 'ok>')],
  ])('rejects %s with a DecodeError', (_name, body) => {
    const error = thrown(() => parseLoginPage(body));
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as DecodeError).endpoint).toBe('webwxnewloginpage');
  });

  it('rejects a billion-laughs document quickly, without expanding it', () => {
    const entities = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) entities.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    const credentials = '<skey>&lol9;</skey><wxsid>a</wxsid><wxuin>1</wxuin><pass_ticket>b</pass_ticket>';
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [${entities.join('')}]><error><ret>0</ret>${credentials}</error>`;
    const started = performance.now();
    const error = thrown(() => parseLoginPage(bomb));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(error).toBeInstanceOf(DecodeError);
  });

  it('rejects an external-entity document', () => {
    const xxe = `<!DOCTYPE error [<!ENTITY x SYSTEM "file:///etc/passwd">]><error><ret>1</ret><message>&x;</message></error>`;
    expect(() => parseLoginPage(xxe)).toThrow(DecodeError);
  });
});

describe('parsePushLogin', () => {
  it('reads lower-case keys and turns the string ret into a number', () => {
    const body = '{\n    "ret": "0",\n    "msg": "all ok",\n    "uuid": "QmFrZVV1aQ=="\n}';
    expect(parsePushLogin(body)).toEqual({ ret: 0, msg: 'all ok', uuid: 'QmFrZVV1aQ==' });
  });

  it('returns a failure without a uuid for the caller to fall back to QR', () => {
    expect(parsePushLogin('{"ret": "1", "msg": "fail"}')).toEqual({ ret: 1, msg: 'fail' });
    const emptyUuid = parsePushLogin('{"ret": "0", "msg": "", "uuid": ""}');
    expect(emptyUuid).toEqual({ ret: 0, msg: '' });
    expect('uuid' in emptyUuid).toBe(false);
  });

  it.each([
    ['an HTML page', HTML],
    ['no ret', '{"msg": "all ok", "uuid": "x"}'],
    ['a non-numeric ret', '{"ret": "ok", "msg": ""}'],
  ])('rejects %s with a DecodeError for webwxpushloginurl', (_name, body) => {
    const error = thrown(() => parsePushLogin(body));
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as DecodeError).endpoint).toBe('webwxpushloginurl');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../src/errors/decode-error.js';
import { decodeRawMessage, parseWireJson } from '../../src/index.js';
import { parseJson, stripJsonComments } from '../../src/web/protocol/json.js';

describe('parseJson', () => {
  it('keeps integers above 2^53 as their exact digits', () => {
    const parsed = parseJson('{"NewMsgId": 6929942228714508460, "List":[{"Id":-9223372036854775807}]}', 'webwxsync') as {
      NewMsgId: unknown;
      List: Array<{ Id: unknown }>;
    };
    expect(parsed.NewMsgId).toBe('6929942228714508460');
    expect(parsed.List[0]?.Id).toBe('-9223372036854775807');
  });

  it('leaves safe integers, floats and look-alikes inside strings alone', () => {
    const text =
      '{"a":9007199254740991,"b":1234567890123456.5,"c":"x\\":12345678901234567890,","d":"6929942228714508460","e":1e300}';
    expect(parseJson(text, 'webwxsync')).toEqual({
      a: 9_007_199_254_740_991,
      b: 1_234_567_890_123_456.5,
      c: 'x":12345678901234567890,',
      d: '6929942228714508460',
      e: 1e300,
    });
  });

  it('keeps any unsafe integer value exact, wherever it sits in an object', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 2n ** 53n, max: 2n ** 64n }), fc.constantFrom(' ', '\n', '\t', ''), (n, space) => {
        const text = `{"BaseResponse":{"Ret":0},"AddMsgList":[{"MsgId":"${n}",${space}"NewMsgId":${space}${n}${space}}]}`;
        const parsed = parseJson(text, 'webwxsync') as { AddMsgList: Array<{ NewMsgId: unknown }> };
        expect(parsed.AddMsgList[0]?.NewMsgId).toBe(String(n));
      }),
    );
  });

  it('never changes a string, whatever key-and-number look-alikes it holds', () => {
    const lookAlike = fc.constantFrom('"Key": 12345678901234567890,', '\\"K\\":98765432109876543210}', ':-11111111111111111111]', '"":22222222222222222222,');
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), lookAlike), { maxLength: 6 }), (pieces) => {
        const content = pieces.join('');
        const text = `{"Content":${JSON.stringify(content)},"Key9":18446744073709551615,"x":[${JSON.stringify(content)}]}`;
        expect(parseJson(text, 'webwxsync')).toEqual({ Content: content, Key9: '18446744073709551615', x: [content] });
      }),
    );
  });

  it('turns a body that is not JSON into a DecodeError naming the endpoint', () => {
    expect(() => parseJson('<html>502</html>', 'webwxinit')).toThrow(DecodeError);
    try {
      parseJson('{"BaseResponse":', 'webwxinit');
    } catch (error) {
      expect((error as DecodeError).endpoint).toBe('webwxinit');
      expect((error as DecodeError).message).toMatch(/^webwxinit answered an undecodable body: \(body\): not JSON/);
    }
  });
});

describe('parseWireJson (the root export)', () => {
  it('reads a saved webwxsync body with every id exact, without naming an endpoint', () => {
    const body = '{"BaseResponse":{"Ret":0},"AddMsgList":[{"MsgId":"3053194738703673101","FromUserName":"@a","ToUserName":"@b","MsgType":1,"NewMsgId":3053194738703673101}]}';
    const parsed = parseWireJson(body) as { AddMsgList: unknown[] };
    const message = decodeRawMessage(parsed.AddMsgList[0], { userName: '@b' });
    expect(message.raw.NewMsgId).toBe('3053194738703673101');
    expect(message.id).toBe('3053194738703673101');
  });

  it('names the endpoint it is given in its DecodeError, else "message"', () => {
    const failure = (read: () => unknown): unknown => {
      try {
        return read();
      } catch (error) {
        return error;
      }
    };
    expect(failure(() => parseWireJson('<html>'))).toMatchObject({ name: 'DecodeError', endpoint: 'message' });
    expect(failure(() => parseWireJson('<html>', 'webwxsync'))).toMatchObject({ name: 'DecodeError', endpoint: 'webwxsync' });
  });
});

describe('stripJsonComments', () => {
  it('removes // comments outside strings only', () => {
    const text = '{\n "Url": "http://a/b", // the link\n "MsgType": 1 // text\n}';
    expect(JSON.parse(stripJsonComments(text))).toEqual({ Url: 'http://a/b', MsgType: 1 });
  });
});

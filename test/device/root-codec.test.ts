import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toPlain } from '../../src/device/plain.js';
import { decodeRoot, encodeRoot } from '../../src/device/root-codec.js';
import { schemaType } from '../../src/device/schema.js';

const transport = schemaType('TransportMessage');
const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String);
const root = fc.record({
  Id: fc.oneof(int64, fc.constant('0'), fc.bigInt({ min: 0n, max: 2n ** 53n + 10n }).map(String)),
  AccessToken: fc.oneof(fc.string(), fc.constant('')),
  MsgType: fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.constantFrom(0, 1002, 1024)),
  RefMessageId: fc.oneof(int64, fc.constant('0')),
  Content: fc.option(fc.record({ type_url: fc.string(), value: fc.uint8Array({ maxLength: 40 }) }), { nil: undefined }),
});

describe('hand-written root codec', () => {
  it('writes the same bytes as protobufjs (property)', () => {
    fc.assert(
      fc.property(root, (message) => {
        const expected = transport.encode(transport.fromObject(message)).finish();
        expect(Buffer.from(encodeRoot(message)).toString('hex')).toBe(Buffer.from(expected).toString('hex'));
      }),
      { numRuns: 500 },
    );
  });

  it('reads what protobufjs reads (property)', () => {
    fc.assert(
      fc.property(root, (message) => {
        const bytes = transport.encode(transport.fromObject(message)).finish();
        const expected = transport.toObject(transport.decode(bytes), { longs: String, defaults: true }) as Record<string, unknown>;
        const actual = decodeRoot(bytes, () => undefined);
        expect({ ...actual, Content: actual.Content && { type_url: actual.Content.type_url, value: Array.from(actual.Content.value) } }).toEqual({
          ...expected,
          Content: expected.Content && {
            type_url: (expected.Content as { type_url: string }).type_url,
            value: Array.from((expected.Content as { value: Uint8Array }).value),
          },
        });
      }),
      { numRuns: 500 },
    );
  });

  it('skips unknown fields of every wire type and rejects truncated input', () => {
    const known = encodeRoot({ Id: '5', AccessToken: 't', MsgType: 1002, RefMessageId: '4' });
    // field 9 varint, field 10 fixed64, field 11 bytes, field 12 fixed32
    const extra = Uint8Array.of(0x48, 0x96, 0x01, 0x51, 1, 2, 3, 4, 5, 6, 7, 8, 0x5a, 0x02, 9, 9, 0x65, 1, 2, 3, 4);
    const decoded = decodeRoot(Uint8Array.from([...extra, ...known]), () => undefined);
    expect(decoded).toMatchObject({ Id: '5', AccessToken: 't', MsgType: 1002, RefMessageId: '4' });
    expect(() => decodeRoot(Uint8Array.of(0x08, 0x80), () => undefined)).toThrow();
    expect(() => decodeRoot(Uint8Array.of(0x12, 0x05, 0x61), () => undefined)).toThrow();
    expect(() => decodeRoot(Uint8Array.of(0x0b), () => undefined)).toThrow();
  });

  it('converts payloads like toObject({ longs: String, defaults: true }) does', () => {
    const type = schemaType('FriendAddNoticeMessage');
    for (const input of [
      {},
      { WeChatId: 'w' },
      { WeChatId: 'w', Friend: { FriendId: 'f', CreateTime: '9223372036854775807', SourceExt: '' } },
      { Friend: { Source: -3, CreateTime: '-9007199254740993' } },
    ]) {
      const message = type.decode(type.encode(type.fromObject(input)).finish());
      expect(toPlain(type, message)).toEqual(type.toObject(message, { longs: String, defaults: true }));
    }
  });
});

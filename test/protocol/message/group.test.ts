import { describe, expect, it } from 'vitest';
import { decodeRawMessage } from '../../../src/model/decode/decode.js';
import { routeMessage } from '../../../src/model/decode/group.js';
import { ALICE, BOB, GROUP, SELF, SELF_NAME, addMsg, fromMember } from './fixtures.js';

describe('group routing', () => {
  it('splits the sender prefix when the group is the sender', () => {
    const message = decodeRawMessage(addMsg({ FromUserName: GROUP, Content: fromMember(ALICE, 'see you at 8?') }), SELF);
    expect(message).toMatchObject({ kind: 'text', chat: GROUP, from: ALICE, to: SELF_NAME, isGroup: true, isSelf: false, text: 'see you at 8?' });
  });

  it('keeps a self-sent group message whole: it has no prefix, and the chat is the group', () => {
    const content = '@5e1f0a9b:<br/>this is what I typed';
    const message = decodeRawMessage(addMsg({ FromUserName: SELF_NAME, ToUserName: GROUP, Content: content }), SELF);
    expect(message).toMatchObject({ kind: 'text', chat: GROUP, from: SELF_NAME, isGroup: true, isSelf: true, text: '@5e1f0a9b:\nthis is what I typed' });
  });

  it('reports a member prefix equal to the own name as self-sent', () => {
    const route = routeMessage(GROUP, SELF_NAME, fromMember(SELF_NAME, 'hi'), SELF_NAME);
    expect(route).toMatchObject({ chat: GROUP, from: SELF_NAME, isSelf: true, content: 'hi' });
  });

  it('makes the group the sender of its own system texts', () => {
    const message = decodeRawMessage(addMsg({ FromUserName: GROUP, MsgType: 10000, Content: '"Alice"邀请"Bob"加入了群聊' }), SELF);
    expect(message).toMatchObject({ kind: 'system', chat: GROUP, from: GROUP, isGroup: true });
  });

  it('tolerates the itchat4j form where <br/> became LF', () => {
    expect(routeMessage(GROUP, SELF_NAME, `${BOB}:\nhello`, SELF_NAME)).toMatchObject({ from: BOB, content: 'hello' });
  });

  it('does not split text that merely looks like a prefix in a private chat', () => {
    expect(routeMessage(ALICE, SELF_NAME, '@abc:<br/>x', SELF_NAME)).toMatchObject({ chat: ALICE, from: ALICE, isGroup: false, content: '@abc:<br/>x' });
  });

  it('uses the peer as the chat of a private message, and the recipient when it is self-sent', () => {
    expect(routeMessage(ALICE, SELF_NAME, 'x', SELF_NAME).chat).toBe(ALICE);
    expect(routeMessage(SELF_NAME, ALICE, 'x', SELF_NAME)).toMatchObject({ chat: ALICE, isSelf: true });
  });
});

import { describe, expect, it } from 'vitest';
import { classifySystemText } from '../../../src/model/decode/system.js';

describe('classifySystemText', () => {
  it.each([
    ['你已添加了Alice，现在可以开始聊天了。', { type: 'friend-added', name: 'Alice', byMe: true }],
    ['Alice刚刚把你添加到通讯录，现在可以开始聊天了。', { type: 'friend-added', name: 'Alice', byMe: false }],
    ['You have added Alice as your WeChat contact. Start chatting!', { type: 'friend-added', name: 'Alice', byMe: true }],
    ['Alice just added you to his/her contacts list. Send a message to him/her now!', { type: 'friend-added', name: 'Alice', byMe: false }],
  ])('recognises friend confirmations: %s', (text, event) => {
    expect(classifySystemText(text)).toEqual(event);
  });

  it.each([
    ['你邀请"Bob"加入了群聊  ', { type: 'group-invite', inviter: '你', invitees: ['Bob'], byMe: true }],
    ['"Alice"邀请"Bob、Carol"加入了群聊', { type: 'group-invite', inviter: 'Alice', invitees: ['Bob', 'Carol'], byMe: false }],
    ['You invited Bob、Carol Wu to the group chat.   ', { type: 'group-invite', inviter: 'You', invitees: ['Bob', 'Carol Wu'], byMe: true }],
    ['Alice invited Bob to the group chat', { type: 'group-invite', inviter: 'Alice', invitees: ['Bob'], byMe: false }],
    ['"Bob"通过扫描"Alice"分享的二维码加入群聊', { type: 'group-join-qr', joiner: 'Bob', sharer: 'Alice', byMe: false }],
    ['" Bob"通过扫描你分享的二维码加入群聊', { type: 'group-join-qr', joiner: ' Bob', sharer: '你', byMe: true }],
    ['"Bob" joined the group chat via the QR Code shared by "Alice".', { type: 'group-join-qr', joiner: 'Bob', sharer: 'Alice', byMe: false }],
    ['你将"Bob"移出了群聊', { type: 'group-kick', remover: '你', removed: ['Bob'], byMe: true }],
    ['You removed "Bob" from the group chat', { type: 'group-kick', remover: 'You', removed: ['Bob'], byMe: true }],
    ['你被"Alice"移出群聊', { type: 'group-removed-self', by: 'Alice' }],
    ['You were removed from the group chat by "Alice"', { type: 'group-removed-self', by: 'Alice' }],
    ['"Alice"修改群名为“Weekend hike”', { type: 'group-topic', by: 'Alice', topic: 'Weekend hike', byMe: false }],
    ['你修改群名为“周末”', { type: 'group-topic', by: '你', topic: '周末', byMe: true }],
    ['"Alice" changed the group name to "Weekend"', { type: 'group-topic', by: 'Alice', topic: 'Weekend', byMe: false }],
  ])('recognises group events: %s', (text, event) => {
    expect(classifySystemText(text)).toEqual(event);
  });

  it('recognises red-packet placeholders and pats', () => {
    expect(classifySystemText('收到红包，请在手机上查看')).toEqual({ type: 'red-packet', direction: 'received' });
    expect(classifySystemText('发出红包，请在手机上查看')).toEqual({ type: 'red-packet', direction: 'sent' });
    expect(classifySystemText('"Alice" 拍了拍 "Bob" 的肩膀 ')).toEqual({ type: 'pat', text: '"Alice" 拍了拍 "Bob" 的肩膀' });
  });

  it('keeps names with emoji and a leading space exactly as quoted', () => {
    expect(classifySystemText('" 🌸Lily🌸"邀请"Hou$e"加入了群聊')).toEqual({
      type: 'group-invite',
      inviter: ' 🌸Lily🌸',
      invitees: ['Hou$e'],
      byMe: false,
    });
  });

  it('answers other for texts it does not know', () => {
    expect(classifySystemText('以上是打招呼的内容')).toEqual({ type: 'other' });
    expect(classifySystemText('')).toEqual({ type: 'other' });
  });
});

/**
 * What every corpus file must decode to. Keyed by file name; each entry names the parser the file goes through and
 * what the result must show. Repairs undo damage the capture's author did (documented per file in the corpus's own index), never
 * server behaviour.
 */
import type { MessageKind, SystemEvent } from '../../src/model/message.js';

export type Repair = 'append-brace' | 'append-gt' | 'unescape-backslash-quotes';

export type Expectation =
  | { parser: 'jslogin'; uuid: string }
  | { parser: 'login'; code: number; redirectHost?: string; avatar?: boolean }
  | { parser: 'synccheck'; retcode: number; selector: number }
  | { parser: 'loginpage'; wxuin: string; grayscale?: boolean; repair?: Repair }
  | { parser: 'pushlogin'; ret: number; uuid: boolean }
  | { parser: 'set-cookie'; names: readonly string[]; domainQqCom?: readonly string[] }
  | { parser: 'init'; contacts: number; user: boolean; skey: boolean }
  | { parser: 'getcontact'; members: number; seq: number }
  | { parser: 'batchgetcontact'; groups: number; encryChatRoomId: boolean }
  | { parser: 'sync'; kinds: readonly MessageKind[]; syncCheckKey: boolean; modContacts?: number }
  | { parser: 'statusnotify'; ret: number }
  | { parser: 'send'; ret: number; msgId: string }
  | { parser: 'upload'; mediaId: boolean; startPos: number }
  | { parser: 'contact'; members: number }
  | { parser: 'message'; kind: MessageKind; isGroup: boolean; id?: string; text?: string; mentions?: readonly string[]; repair?: Repair }
  | { parser: 'content'; msgType: number; group: boolean; kind: MessageKind; contains?: string; repair?: Repair; appMsgType?: number }
  | { parser: 'system-texts'; events: Readonly<Record<string, SystemEvent['type']>> };

const message = (kind: MessageKind, isGroup: boolean, extra: Partial<Extract<Expectation, { parser: 'message' }>> = {}): Expectation => ({
  parser: 'message',
  kind,
  isGroup,
  ...extra,
});

export const expectations: Readonly<Record<string, Expectation>> = {
  'appmsg-49-2000-transfer-content-mojoweixin.txt': { parser: 'content', msgType: 49, appMsgType: 2000, group: false, kind: 'transfer', repair: 'unescape-backslash-quotes' },
  'appmsg-49-3-music-content-itchat.xml': { parser: 'content', msgType: 49, appMsgType: 3, group: false, kind: 'music' },
  'appmsg-49-5-link-partial-object-2018.txt': message('link', false, { repair: 'append-brace' }),
  'appmsg-49-6-file-group-redacted.jsonc': message('file', true),
  'contact-chatroom-memberlist-puppetwechat.json': { parser: 'contact', members: 10 },
  'jslogin-200-capture2018.txt': { parser: 'jslogin', uuid: 'gbyKnbsmqQ==' },
  'jslogin-200-wechat4u.txt': { parser: 'jslogin', uuid: '4dcaWx3uBw==' },
  'login-200-redirect-capture2018.txt': { parser: 'login', code: 200, redirectHost: 'wx.qq.com' },
  'login-200-redirect-newline-2017.txt': { parser: 'login', code: 200 },
  'login-200-redirect-wechat4u.txt': { parser: 'login', code: 200, redirectHost: 'wx2.qq.com' },
  'login-201-scanned-useravatar-truncated-capture2018.txt': { parser: 'login', code: 201, avatar: true },
  'login-201-scanned-wechat4u.txt': { parser: 'login', code: 201 },
  'login-201-useravatar-elided-2017.txt': { parser: 'login', code: 201, avatar: true },
  'login-400-uuid-expired-2018b.txt': { parser: 'login', code: 400 },
  'login-408-timeout-capture2018.txt': { parser: 'login', code: 408 },
  'msg-1-group-text-emoji-span-raw-content-wechat4u-dump.txt': { parser: 'content', msgType: 1, group: true, kind: 'text', contains: '普通群聊消息😂' },
  'msg-1-private-text-bracket-emoticon-raw-content-wechat4u-dump.txt': { parser: 'content', msgType: 1, group: false, kind: 'text', contains: '[得意]' },
  'msg-1-sub48-location-redacted.jsonc': message('location', false),
  'msg-1-text-group-email-not-mention-wechaty.json': message('text', true, { mentions: [] }),
  'msg-1-text-group-emoji-strong-wechaty.json': message('text', true, { text: '[Strong]' }),
  'msg-1-text-group-mention-u2005-puppetwechat.json': message('text', true, { mentions: ['wuli舞哩客服', '小桔同学'] }),
  'msg-1-text-itchat4j-a.json': message('text', false, { id: '4407501800256700015', text: '你好' }),
  'msg-1-text-itchat4j-b.json': message('text', false, { text: '你好' }),
  'msg-1-text-private-puppetwechat.json': message('text', false, { text: 'test123' }),
  'msg-10000-friend-added-en-puppetwechat.json': message('system', false),
  'msg-10002-revoke-group-content-maweiming.txt': { parser: 'content', msgType: 10002, group: true, kind: 'recall' },
  'msg-10002-revoke-group-emoji-span-content.txt': { parser: 'content', msgType: 10002, group: true, kind: 'recall', contains: '👾' },
  'msg-10002-revoke-private-content.txt': { parser: 'content', msgType: 10002, group: false, kind: 'recall', contains: '撤回了一条消息' },
  'msg-10002-revoke-private-redacted.jsonc': message('recall', false),
  'msg-3-image-group-redacted.jsonc': message('image', true),
  'msg-3-image-itchat4j-a.json': message('image', false),
  'msg-3-image-itchat4j-b.json': message('image', false),
  'msg-3-image-raw-content-wechat4u-dump.txt': { parser: 'content', msgType: 3, group: false, kind: 'image' },
  'msg-34-voice-content-itchat.xml': { parser: 'content', msgType: 34, group: false, kind: 'voice' },
  'msg-34-voice-group-redacted.jsonc': message('voice', true),
  'msg-34-voice-itchat4j-a.json': message('voice', false),
  'msg-34-voice-itchat4j-b.json': message('voice', false),
  'msg-37-verify-content-openwechat.xml': { parser: 'content', msgType: 37, group: false, kind: 'friend-request' },
  'msg-37-verify-friend-request-puppetwechat.json': message('friend-request', false),
  'msg-37-verify-itchat4j-b.json': message('friend-request', false),
  'msg-42-card-content-mojoweixin.xml': { parser: 'content', msgType: 42, group: false, kind: 'card' },
  'msg-42-card-group-redacted.jsonc': message('card', true),
  'msg-42-card-itchat4j-a.json': message('card', false),
  'msg-42-card-itchat4j-b.json': message('card', false),
  'msg-43-video-redacted.jsonc': message('video', true),
  'msg-43-video-videomsg-itchat4j-a.json': message('video', false),
  'msg-43-video-videomsg-itchat4j-b.json': message('video', false),
  'msg-47-emoticon-content-itchat.xml': { parser: 'content', msgType: 47, group: false, kind: 'emoticon' },
  'msg-47-emoticon-group-redacted.jsonc': message('emoticon', true),
  'synccheck-0-0-wechat4u.txt': { parser: 'synccheck', retcode: 0, selector: 0 },
  'synccheck-0-2-capture2018.txt': { parser: 'synccheck', retcode: 0, selector: 2 },
  'synccheck-0-2-wechat4u.txt': { parser: 'synccheck', retcode: 0, selector: 2 },
  'synccheck-1100-0-logged-out.txt': { parser: 'synccheck', retcode: 1100, selector: 0 },
  'synccheck-1101-0-logged-out.txt': { parser: 'synccheck', retcode: 1101, selector: 0 },
  'synccheck-2-2-wechat4u.txt': { parser: 'synccheck', retcode: 2, selector: 2 },
  'sysmsg-10000-content-constants-openwechat.json': {
    parser: 'system-texts',
    events: {
      '发出红包，请在手机上查看': 'red-packet',
      '收到红包，请在手机上查看': 'red-packet',
      '"Alice"修改群名为“Weekend”': 'group-topic',
      '"Alice"邀请"Bob"加入了群聊': 'group-invite',
      '"Bob"通过扫描"Alice"分享的二维码加入群聊': 'group-join-qr',
      '"Alice" 拍了拍 "Bob"': 'pat',
    },
  },
  'sysmsg-10000-content-strings-wechaty-firer.json': {
    parser: 'system-texts',
    events: {
      parseFriendConfirm: 'friend-added',
      parseRoomTopic: 'group-topic',
    },
  },
  'sysmsg-10000-group-invite-emoji-span-content.txt': { parser: 'content', msgType: 10000, group: true, kind: 'system', contains: '🌸卷卷卷🌸' },
  'sysmsg-10002-revokemsg-unescaped-self-mojoweixin.xml': { parser: 'content', msgType: 10002, group: false, kind: 'recall', contains: '你撤回了一条消息', repair: 'unescape-backslash-quotes' },
  'webwxbatchgetcontact-chatroom-capture2018.json': { parser: 'batchgetcontact', groups: 1, encryChatRoomId: true },
  'webwxbatchgetcontact-group-wechat4u.json': { parser: 'batchgetcontact', groups: 1, encryChatRoomId: true },
  'webwxgetcontact-seq0-capture2018.json': { parser: 'getcontact', members: 1, seq: 0 },
  'webwxgetcontact-wechat4u.json': { parser: 'getcontact', members: 7, seq: 0 },
  'webwxinit-mpsubscribe-capture2018.json': { parser: 'init', contacts: 2, user: true, skey: true },
  'webwxinit-wechat4u.json': { parser: 'init', contacts: 7, user: true, skey: true },
  'webwxnewloginpage-ok-2019.xml': { parser: 'loginpage', wxuin: '*' },
  'webwxnewloginpage-ok-capture2018.xml': { parser: 'loginpage', wxuin: '176666155', grayscale: true },
  'webwxnewloginpage-ok-empty-message-pretty-maweiming.xml': { parser: 'loginpage', wxuin: '*' },
  'webwxnewloginpage-ok-no-isgrayscale-mojoweixin.xml': { parser: 'loginpage', wxuin: '*', grayscale: false, repair: 'append-gt' },
  'webwxnewloginpage-ok-pretty-2017.xml': { parser: 'loginpage', wxuin: '2450346660', grayscale: true },
  'webwxnewloginpage-ok-wechat4u.xml': { parser: 'loginpage', wxuin: '*' },
  'webwxnewloginpage-set-cookie-headers-capture2018.txt': {
    parser: 'set-cookie',
    names: ['wxuin', 'wxsid', 'wxloadtime', 'mm_lang', 'webwx_data_ticket', 'webwxuvid', 'webwx_auth_ticket'],
    domainQqCom: ['webwx_data_ticket'],
  },
  'webwxpushloginurl-resp-redacted-2018b.json': { parser: 'pushlogin', ret: 0, uuid: true },
  'webwxsendmsg-resp-capture2018.json': { parser: 'send', ret: 0, msgId: '3053194738703673101' },
  'webwxsendmsg-resp-pretty-2018b.json': { parser: 'send', ret: 0, msgId: '7650884298732299102' },
  'webwxsendmsg-resp-ret-minus1-2017.json': { parser: 'send', ret: -1, msgId: '' },
  'webwxstatusnotify-resp-capture2018.json': { parser: 'statusnotify', ret: 0 },
  'webwxstatusnotify-resp-ret1101-2017.json': { parser: 'statusnotify', ret: 1101 },
  'webwxstatusnotify-resp-wechat4u.json': { parser: 'statusnotify', ret: 0 },
  'webwxsync-47-51-43-1-annotated-capture2018.jsonc': { parser: 'sync', kinds: ['emoticon', 'status-notify', 'video', 'text'], syncCheckKey: true },
  'webwxsync-51-statusnotify4-redacted-2018b.json': { parser: 'sync', kinds: ['status-notify'], syncCheckKey: true },
  'webwxsync-group-text-native-formatting-2019.json': { parser: 'sync', kinds: ['text'], syncCheckKey: true },
  'webwxsync-group-text-synccheckkey-2017.json': { parser: 'sync', kinds: ['text'], syncCheckKey: true },
  'webwxsync-set-cookie-headers-capture2018.txt': { parser: 'set-cookie', names: ['wxloadtime', 'wxpluginkey', 'wxuin', 'wxsid'] },
  'webwxsync-statusnotify51-and-text-wechat4u.json': { parser: 'sync', kinds: ['status-notify', 'text'], syncCheckKey: false, modContacts: 1 },
  'webwxuploadmedia-resp-image-capture2018.json': { parser: 'upload', mediaId: true, startPos: 63048 },
};

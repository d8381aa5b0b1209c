/** The page's words in Chinese and English, as WeChat users would read them. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export type Lang = 'zh' | 'en';

const WORDS = {
  title: ['wechat-rx 演练场', 'wechat-rx playground'],
  switchLang: ['English', '中文'],
  switchLangLabel: ['Switch to English', '切换到中文'],
  connecting: ['正在连接模拟器…', 'Connecting to the simulator…'],
  disconnected: ['与模拟器的连接已断开，正在重连…', 'Lost the simulator, reconnecting…'],
  chats: ['聊天', 'Chats'],
  friends: ['好友', 'Friends'],
  groups: ['群聊', 'Groups'],
  officials: ['公众号', 'Official accounts'],
  others: ['其他', 'Others'],
  noChat: ['选择一个聊天', 'Pick a chat'],
  conversation: ['聊天记录', 'Conversation'],
  sender: ['发送者', 'Sender'],
  me: ['我（手机）', 'Me (phone)'],
  mention: ['@ 提及', '@ mention'],
  nobody: ['不提及', 'nobody'],
  message: ['消息', 'Message'],
  send: ['发送', 'Send'],
  sendImage: ['发送图片', 'Send a picture'],
  sendFile: ['发送文件', 'Send a file'],
  sendVoice: ['发送语音', 'Send a voice message'],
  sendVideo: ['发送视频', 'Send a video'],
  recall: ['撤回', 'Recall'],
  recalled: ['撤回了一条消息', 'recalled a message'],
  sent: ['已送达', 'Delivered'],
  pending: ['发送中', 'Sending'],
  refused: ['被拒绝', 'Refused'],
  blocked: ['未送达', 'Not delivered'],
  duplicate: ['重复发送，未再投递', 'Duplicate, not delivered again'],
  failedSend: ['发送失败', 'Failed'],
  picture: ['图片', 'Picture'],
  voice: ['语音', 'Voice'],
  video: ['视频', 'Video'],
  file: ['文件', 'File'],
  card: ['名片', 'Contact card'],
  location: ['位置', 'Location'],
  link: ['链接', 'Link'],
  sticker: ['表情', 'Sticker'],
  friendRequest: ['好友请求', 'Friend request'],
  loginFirst: ['先在右侧的手机上扫码登录。', 'Log in with the phone on the right first.'],
  waitClient: ['等待客户端连接手机…', 'Waiting for the client to connect to the phone…'],
  accounts: ['手机上的微信号', 'WeChat accounts on the phone'],
  phone: ['手机', 'Phone'],
  qr: ['登录二维码', 'Login QR code'],
  noQr: ['等待客户端请求二维码…', 'Waiting for the client to ask for a QR code…'],
  waiting: ['等待扫码', 'Waiting for a scan'],
  scanned: ['已扫码，请在手机上确认', 'Scanned: confirm on the phone'],
  confirmed: ['已确认登录', 'Login confirmed'],
  expired: ['二维码已过期', 'QR code expired'],
  'verify-code': ['请在客户端输入配对码', 'Type the pair code in the client'],
  blockedLogin: ['配对码错误次数过多', 'Too many wrong pair codes'],
  bound: ['该用户已绑定机器人', 'This user already has a bot'],
  pairCode: ['要求配对码', 'Ask for a pair code'],
  code: ['配对码', 'Pair code'],
  pairCodeShown: ['手机上的配对码', 'Pair code on the phone'],
  expiresIn: ['秒后过期', 's until it expires'],
  scan: ['扫码', 'Scan'],
  confirm: ['确认登录', 'Confirm login'],
  cancel: ['取消', 'Cancel'],
  expire: ['让二维码过期', 'Expire the QR code'],
  online: ['已登录', 'Logged in'],
  ended: ['已下线', 'Logged out'],
  notLoggedIn: ['未登录', 'Not logged in'],
  network: ['网络', 'Network'],
  endpoint: ['接口', 'Endpoint'],
  allEndpoints: ['全部接口 (*)', 'every endpoint (*)'],
  faultsFor: ['故障开关', 'Fault toggles'],
  activeFaults: ['生效中的故障', 'Active faults'],
  noFaults: ['没有故障', 'No faults'],
  clear: ['清除', 'Clear'],
  clearAll: ['全部清除', 'Clear all'],
  untilCleared: ['直到清除', 'until cleared'],
  left: ['次', 'left'],
  kicks: ['下线与断线', 'Kicks and drops'],
  connection: ['整个连接', 'the whole connection'],
  kick1101: ['踢下线（1101，在别处登录）', 'Kick (1101, logged in elsewhere)'],
  kick1100: ['手机上退出（1100）', 'Log out on the phone (1100)'],
  kick1102: ['踢下线（1102）', 'Kick (1102)'],
  killToken: ['令牌失效（-14）', 'Kill the token (-14)'],
  forceOffline: ['强制下线', 'Force offline'],
  resetConnection: ['断开连接', 'Reset the connection'],
  garbageFrame: ['发送乱码帧', 'Send a garbage frame'],
  requests: ['请求记录', 'Requests'],
  status: ['状态', 'Status'],
  duration: ['耗时 ms', 'Time ms'],
  fault: ['故障', 'Fault'],
  frames: ['帧记录', 'Frames'],
  direction: ['方向', 'Direction'],
  type: ['类型', 'Type'],
  time: ['时间', 'Time'],
  fromClient: ['客户端 →', 'client →'],
  toClient: ['→ 客户端', '→ client'],
  world: ['通讯录与群', 'Contacts and groups'],
  greeting: ['验证消息', 'Greeting'],
  defaultGreeting: ['你好，我是群里的朋友', "Hi, we met in a group"],
  newFriendRequest: ['新的好友请求', 'New friend request'],
  group: ['群', 'Group'],
  member: ['成员', 'Member'],
  join: ['有人入群', 'Someone joins'],
  leave: ['退出群聊', 'Leaves the group'],
  topic: ['新群名', 'New topic'],
  changeTopic: ['修改群名', 'Change the topic'],
  contact: ['联系人', 'Contact'],
  remark: ['备注名', 'Remark name'],
  rename: ['修改备注', 'Rename'],
  failed: ['操作失败：', 'That did not work: '],
  dismiss: ['关闭', 'Dismiss'],
} as const satisfies Record<string, readonly [string, string]>;

export type WordKey = keyof typeof WORDS;

export function words(lang: Lang): (key: WordKey) => string {
  return (key) => WORDS[key][lang === 'zh' ? 0 : 1];
}

export const LangContext = createContext<Lang>('zh');

/** The words of the page's current language. */
export function useWords(): (key: WordKey) => string {
  return words(useContext(LangContext));
}

/** `?lang=en|zh`, else the browser's language. */
export function initialLang(): Lang {
  const asked = new URLSearchParams(location.search).get('lang');
  if (asked === 'zh' || asked === 'en') return asked;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

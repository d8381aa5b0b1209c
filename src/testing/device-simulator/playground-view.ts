/**
 * What the playground page shows of the device simulator: the phone's accounts and address book, the chat messages
 * it reports and the bot's tasks. Accounts are shown by id and nickname only: no IMEI, and no access token (frames
 * appear in the timeline by type alone).
 */
import { DeviceContentType } from '../../device/enums.js';
import type { PayloadInput, TalkToFriendTaskMessage, WeChatOnlineNoticeMessage } from '../../device/wire-types.js';
import type { PageFeatures, PageMessage, PageMessageKind, PageWorld } from '../playground/page-events.js';
import type { DeviceActivity } from './activity.js';
import type { DeviceContacts } from './options.js';

export type Account = PayloadInput<WeChatOnlineNoticeMessage>;

export const DEVICE_FEATURES: PageFeatures = {
  endpoints: [],
  defaultEndpoint: '*',
  toggles: [
    { label: 'silence heartbeats', kind: 'silence' },
    { label: 'split bytes', kind: 'split-bytes' },
  ],
  actions: [
    { label: 'forceOffline', path: 'kick', danger: true },
    { label: 'resetConnection', path: 'reset' },
    { label: 'garbageFrame', path: 'garbage' },
  ],
  uploads: ['image'],
  mentions: false,
  fromPhone: false,
  recall: false,
  worldChanges: false,
  timeline: 'frames',
};

export const DEFAULT_CONTACTS: DeviceContacts = {
  friends: [
    { id: 'wxid_friend', name: 'Zhang San' },
    { id: 'wxid_colleague', name: 'Li Si' },
  ],
  chatRooms: [
    {
      id: 'sim_team@chatroom',
      name: 'Team chat',
      members: [
        { id: 'wxid_friend', name: 'Zhang San' },
        { id: 'wxid_colleague', name: 'Li Si' },
        { id: 'wxid_member', name: 'Wang Wu' },
      ],
    },
  ],
};

const nickOf = (account: Account | undefined): string => account?.WeChatNick ?? account?.WeChatId ?? '';

export function pageWorld(accounts: readonly Account[], contacts: DeviceContacts): PageWorld {
  const first = accounts[0];
  return {
    self: { id: first?.WeChatId ?? '', name: nickOf(first) },
    friends: contacts.friends.map((f) => ({ id: f.id, name: f.name, nickName: f.name, remarkName: '' })),
    groups: contacts.chatRooms.map((room) => ({ id: room.id, name: room.name, members: room.members.map((m) => ({ id: m.id, name: m.name })) })),
    officials: [],
    accounts: accounts.map((a) => ({ id: a.WeChatId ?? '', name: nickOf(a) })),
  };
}

/** Names by id: friends, chat rooms, their members, the phone's accounts. */
export function nameBook(accounts: readonly Account[], contacts: DeviceContacts): (id: string) => string {
  const names = new Map<string, string>();
  for (const room of contacts.chatRooms) for (const m of room.members) names.set(m.id, m.name);
  for (const c of [...contacts.friends, ...contacts.chatRooms]) names.set(c.id, c.name);
  for (const a of accounts) names.set(a.WeChatId ?? '', nickOf(a));
  return (id) => names.get(id) ?? id;
}

const KINDS: Readonly<Record<number, PageMessageKind>> = {
  [DeviceContentType.Text]: 'text',
  [DeviceContentType.Picture]: 'image',
  [DeviceContentType.Voice]: 'voice',
  [DeviceContentType.Video]: 'video',
  [DeviceContentType.File]: 'file',
  [DeviceContentType.NameCard]: 'card',
  [DeviceContentType.Location]: 'location',
  [DeviceContentType.Link]: 'link',
  [DeviceContentType.Emoji]: 'emoticon',
  [DeviceContentType.System]: 'system',
};

const decoder = new TextDecoder();

/** A chat message the phone reports; `media` is the page's key when it is a picture the playground holds. */
export function pageChat(chat: Extract<DeviceActivity, { type: 'chat' }>, name: (id: string) => string, media: string | undefined): PageMessage {
  const { spec } = chat;
  const kind = KINDS[spec.contentType ?? DeviceContentType.Text] ?? 'other';
  const from = spec.sender ?? spec.friendId;
  return {
    msgId: chat.msgSvrId,
    chat: spec.friendId,
    chatName: name(spec.friendId),
    from,
    fromName: name(from),
    dir: 'in',
    kind,
    text: kind === 'text' || kind === 'system' ? (typeof spec.content === 'string' ? spec.content : decoder.decode(spec.content)) : '',
    ...(media === undefined ? {} : { media }),
    time: Number(chat.createTime) * 1000,
  };
}

/** The page's id of a task's message (the client picks `MsgId`). */
export const taskMessageId = (task: TalkToFriendTaskMessage): string => `task-${task.MsgId}`;

/** A `TalkToFriendTask`, waiting for the phone's result. */
export function pageTask(task: TalkToFriendTaskMessage, name: (id: string) => string, now: number): PageMessage {
  const kind = KINDS[task.ContentType] ?? 'other';
  return {
    msgId: taskMessageId(task),
    chat: task.FriendId,
    chatName: name(task.FriendId),
    from: task.WeChatId,
    fromName: name(task.WeChatId),
    dir: 'bot',
    kind,
    text: kind === 'text' ? decoder.decode(task.Content) : '',
    time: now,
    state: 'pending',
  };
}

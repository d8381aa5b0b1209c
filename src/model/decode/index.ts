export type * from '../message.js';
export { decodeMessage, decodeRawMessage } from './decode.js';
export { decodeAppMessage, type AnyAppMessage } from './app.js';
export { classifySystemText } from './system.js';
export { decodeEmojiSpans, normalizeText } from './text.js';
export { mentionsAnyOf, parseMentions } from './mentions.js';
export { routeMessage, isGroupName, type Route } from './group.js';
export { contentXml, parseContentXml, parseXml, xmlAttr, xmlChild, xmlStartTag, xmlText, type XmlNode } from './xml.js';
export {
  MESSAGE_KINDS,
  kindsOf,
  isKind,
  isText,
  isImage,
  isVoice,
  isVideo,
  isEmoticon,
  isLocation,
  isCard,
  isFriendRequest,
  isLink,
  isFile,
  isMusic,
  isChatHistory,
  isMiniProgram,
  isTransfer,
  isRedPacket,
  isQuote,
  isRealtimeLocation,
  isApp,
  isAppMessage,
  isStatusNotify,
  isSystem,
  isRecall,
  isVoip,
  isPossibleFriend,
  isSysNotice,
  isUnknown,
} from '../kinds.js';

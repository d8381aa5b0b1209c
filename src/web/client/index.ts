export { createClient, type WeChatClient } from './client.js';
export type { ClientOptions } from './options.js';
export type { WebEndpoint } from '../protocol/endpoints/index.js';
export type { ClientState, ClientStatus, LoginEvent, LogoutReason } from './types.js';
export type { SendResult, WxEvent, WxEventType } from '../../model/events.js';
export type { RateLimiterConfig } from './rate-limiter.js';
export type {
  Downloadable,
  EmoticonSource,
  FileRef,
  MediaDownloadOptions,
  MediaOperations,
  MediaSendResult,
  SendMediaOptions,
} from './media-ops.js';
export type { AccountOperations, ContactRef, FriendRequestRef } from './account-ops.js';
export type { Contact, ContactKind, GroupMember } from '../../model/contact.js';
export type { ContactDirectory } from '../contacts/directory.js';
export type { ContactCriteria, ContactQuery, NamePattern } from '../contacts/query.js';
export { ContactsSnapshot, type ContactLookups } from '../contacts/snapshot.js';
export type { ContactLimits } from '../contacts/store.js';
export type { UploadEvent, UploadOptions, UploadProgress, UploadedMedia } from '../media/upload.js';
export type { DownloadEvent, DownloadOptions, DownloadProgress, DownloadSaved, DownloadStream } from '../media/download.js';
export type { TransferTimeouts } from '../media/timeouts.js';
export { sanitizeFileName } from '../media/sanitize.js';
export type { MediaSource } from '../../model/media-source.js';

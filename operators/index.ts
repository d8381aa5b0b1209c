/**
 * RxJS operators for bots: pick the messages to handle, answer them, keep per-chat order and pace, hold
 * conversations, and survive errors. They work on any `BotClient`: the Web client, the device client or the test
 * client. The root entry `wechat-rx` exports them too.
 *
 * Each `export` below is one group, and its `@category` is the group's heading in the API documentation.
 *
 * @module wechat-rx/operators
 */

/**
 * Filters: keep the messages of one kind, from groups, friends or official accounts, mentioning you, matching a
 * text, and the recalls.
 * @category Filters
 */
export { ofKind } from './of-kind.js';
/** @category Filters */
export { fromGroup, type FromGroupConfig, type GroupMessage } from './from-group.js';
/** @category Filters */
export { fromFriend, type FromFriendConfig } from './from-friend.js';
/** @category Filters */
export { fromOfficialAccount, type FromOfficialAccountConfig, type PrivateMessage } from './from-official-account.js';
/** @category Filters */
export { notFromSelf } from './not-from-self.js';
/** @category Filters */
export { mentioningMe, type MentioningMeConfig } from './mentioning-me.js';
/** @category Filters */
export { textMatching, type Matched } from './text-matching.js';
/** @category Filters */
export { recalled, type Recalled, type RecalledConfig } from './recalled.js';
/** @category Filters */
export type { ChatMatcher, ContactFilterConfig } from './contact-match.js';

/**
 * Actions: answer, forward and mark as read.
 * @category Actions
 */
export { reply, type ReplyConfig } from './reply.js';
/** @category Actions */
export { forwardTo, type ForwardToConfig } from './forward-to.js';
/** @category Actions */
export { markRead, type MarkReadConfig } from './mark-read.js';
/** @category Actions */
export type { ReplyContent, ReplyInput } from './send-content.js';

/**
 * Flow: order per chat, concurrency, rate limits, duplicates, debouncing and multi-step conversations.
 * @category Flow
 */
export { sequentializeByChat, type SequentializeByChatConfig } from './sequentialize-by-chat.js';
/** @category Flow */
export { handleConcurrently } from './handle-concurrently.js';
/** @category Flow */
export { rateLimit, type RateLimitConfig, type RateRule } from './rate-limit.js';
/** @category Flow */
export { dedupe, type DedupeConfig } from './dedupe.js';
/** @category Flow */
export { debounceByChat, type DebounceByChatConfig } from './debounce-by-chat.js';
/** @category Flow */
export { conversation, type AskOptions, type ConversationConfig, type Dialog } from './conversation.js';

/**
 * Errors and retries: keep a pipeline alive through failures, collect the failed actions, retry with backoff.
 * @category Errors and retries
 */
export { errorBoundary, type ErrorBoundaryConfig } from './error-boundary.js';
/** @category Errors and retries */
export { actionErrors$, createErrorChannel, type ErrorChannel, type ErrorSink } from './error-channel.js';
/** @category Errors and retries */
export { backoffDelay, isRetryable, retryBackoff, type RetryBackoffConfig } from './retry-backoff.js';
/** @category Errors and retries */
export { retryOnRetcode, type Backoff, type RetryNotice, type RetryOnRetcodeConfig } from './retry-on-retcode.js';

/**
 * Bot client: the part of a client the operators use, which every client of wechat-rx implements.
 * @category Bot client
 */
export type { BotClient, ContactInfo, ContactLookup, MessageSender } from '../src/model/bot-client.js';

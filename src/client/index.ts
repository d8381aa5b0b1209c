export { createClient, type WeChatClient } from './client.js';
export type { ClientOptions } from './options.js';
export type { ClientState, ClientStatus, LoginEvent, LogoutReason, SendResult, WxEvent, WxEventType } from './types.js';
export type { RateLimiterConfig } from './rate-limiter.js';

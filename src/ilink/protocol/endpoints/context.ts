/** What every request builder reads: where to send, who is asking, and the per-request randomness. */

/** The client's fixed identity in every request (docs/ilink-protocol.md §2.1, §2.2). */
export interface ClientIdentity {
  /** `base_info.channel_version`, e.g. `2.4.3`. */
  readonly channelVersion: string;
  /** `iLink-App-ClientVersion`: the version packed into a uint32, in decimal (`packClientVersion`). */
  readonly packedVersion: string;
  /** `base_info.bot_agent`, already checked (`botAgentProblem`). */
  readonly botAgent: string;
  /** `SKRouteTag`, a routing label some deployments need. @default none */
  readonly routeTag?: string;
}

/**
 * Timeouts by endpoint name, over the descriptors' own; an explicit `undefined` removes the limit. The client's
 * option (`IlinkTimeoutOverrides`) takes the iLink names only.
 */
export type EndpointTimeouts = Readonly<Partial<Record<string, number | undefined>>>;

/**
 * One request's context. The client builds a new one per request, since `uin` must be fresh each time: builders
 * read no clock and draw no randomness themselves.
 */
export interface IlinkContext {
  /** The API base: the default host, a login's redirect host, or the bot's `baseurl`. */
  readonly base: string;
  /** The bot token, once logged in; the `Authorization` header is left out without it. */
  readonly token?: string;
  /** Four random bytes for this request's `X-WECHAT-UIN`. */
  readonly uin: Uint8Array;
  readonly identity: ClientIdentity;
  /** @default each descriptor's `timeoutMs` */
  readonly timeouts?: EndpointTimeouts;
}

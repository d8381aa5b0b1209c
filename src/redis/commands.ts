import { createHash } from 'node:crypto';

/** The arguments of a Lua script call, as node-redis's `evalSha` takes them. */
export interface ScriptCall {
  readonly keys: string[];
  readonly arguments: string[];
}

/**
 * The few commands wechat-rx sends, as node-redis (≥ 5) names them. A client from `createClient()` or
 * `createCluster()` of the `redis` package fits, whatever its modules or RESP version; so does anything else that
 * offers these methods with the same meaning.
 */
export interface RedisCommands {
  evalSha(sha1: string, options: ScriptCall): Promise<unknown>;
  /** `SCRIPT LOAD`: stores a Lua script on the server and answers its SHA-1. */
  scriptLoad(script: string): Promise<string>;
  hGetAll(key: string): Promise<Record<string, string>>;
}

/**
 * A Lua script run on the server by its SHA-1 (`EVALSHA`), loaded (`SCRIPT LOAD`) only when the server does not know
 * it yet. Nothing here runs code in this process: the script is text Redis executes.
 */
export class LuaScript {
  private readonly sha1: string;

  constructor(readonly source: string) {
    this.sha1 = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: RedisCommands, call: ScriptCall): Promise<unknown> {
    try {
      return await redis.evalSha(this.sha1, call);
    } catch (error) {
      // A restarted or failed-over server has an empty script cache.
      if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error;
      await redis.scriptLoad(this.source);
      return redis.evalSha(this.sha1, call);
    }
  }
}

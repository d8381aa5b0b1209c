import { createHash } from 'node:crypto';

/** The arguments of a Lua script call, as node-redis's `eval` takes them. */
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
  eval(script: string, options: ScriptCall): Promise<unknown>;
  evalSha(sha1: string, options: ScriptCall): Promise<unknown>;
  hGetAll(key: string): Promise<Record<string, string>>;
}

/** A Lua script run by its SHA-1 (`EVALSHA`), sent whole only when the server does not know it yet. */
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
      return redis.eval(this.source, call);
    }
  }
}

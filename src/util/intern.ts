import { flatString } from './flat-string.js';

/**
 * One process-wide copy of the short, public strings every session repeats: cookie names and domains, the URLs (query
 * aside) of the endpoints. A process of 2,500 sessions held 2,500 copies of each, about 0.9 KB per session. Never for
 * a credential or a cookie's value: the pool keeps what it holds for the life of the process.
 */
const pool = new Map<string, string>();

/** Past this many strings the pool takes no more (paths with ids in them must not grow it without end). */
const POOL_SIZE = 1024;

/** The pooled copy of `text`, else a flat copy of it (see `flatString`), pooled while the pool has room. */
export function intern(text: string): string {
  const pooled = pool.get(text);
  if (pooled !== undefined) return pooled;
  const flat = flatString(text);
  if (pool.size < POOL_SIZE) pool.set(flat, flat);
  return flat;
}

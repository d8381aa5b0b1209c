import type { WeChatError } from './wechat-error.js';

/**
 * A narrowing guard that survives two copies of the library: `instanceof` first, then the `isWeChatError` marker
 * and one of the class `names` (a subclass's name counts for its base when listed).
 */
export function guardFor<T extends WeChatError>(ctor: abstract new (...args: never[]) => T, ...names: string[]) {
  return (value: unknown): value is T =>
    value instanceof ctor ||
    (typeof value === 'object' &&
      value !== null &&
      (value as { isWeChatError?: unknown }).isWeChatError === true &&
      names.includes((value as { name?: unknown }).name as string));
}

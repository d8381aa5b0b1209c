/**
 * The base of every error wechat-rx raises. Use the guards in `guards.ts` rather than `instanceof` when two copies
 * of the library may be loaded: they also recognise the `isWeChatError` marker.
 */
export class WeChatError extends Error {
  override name = 'WeChatError';

  get isWeChatError(): true {
    return true;
  }

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

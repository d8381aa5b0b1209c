/**
 * wechat-rx as npm ships it: a module of the tsc build in dist/ (`npm run bench` builds it first), typed by its
 * source. Loading src/ through tsx would measure tsx's transform too, which wraps every function expression in a
 * naming helper (an extra call and a property store per closure created, on every message).
 */
export const built = <T>(path: string): Promise<T> => import(new URL(`../dist/src/${path}`, import.meta.url).href) as Promise<T>;

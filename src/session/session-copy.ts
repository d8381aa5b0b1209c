/**
 * How `MemorySessionStore` copies a session on every save. A copy keeps the store's session safe from what its
 * owner changes later; `structuredClone` of a whole session also copies every string of a big list (an iLink
 * session's 5,000 recent message ids: about 250 µs a save, after every batch of messages). A list the owner made for
 * this save alone and never touches again can be kept as it is: the owner hands it over.
 */
const handedOver = new WeakSet<object>();

/**
 * Marks `value` as made for one save and never changed afterwards, by anyone: `MemorySessionStore` keeps it as it is
 * instead of copying it. Returns `value`.
 */
export function handOver<T extends object>(value: T): T {
  handedOver.add(value);
  return value;
}

/**
 * A deep copy of `value` for a store to keep, sharing what was handed over (`handOver`): plain objects and arrays
 * are copied field by field, anything else (a `Date`, a `Map`) with `structuredClone`.
 */
export function copySession<T>(value: T): T {
  return copy(value) as T;
}

function copy(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || handedOver.has(value)) return value;
  if (Array.isArray(value)) return value.map(copy);
  if (Object.getPrototypeOf(value) !== Object.prototype) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const field = copy((value as Record<string, unknown>)[key]);
    // A peer id is a key too: `__proto__` must stay a field, not become the copy's prototype.
    if (key === '__proto__') Object.defineProperty(out, key, { value: field, enumerable: true, writable: true, configurable: true });
    else out[key] = field;
  }
  return out;
}

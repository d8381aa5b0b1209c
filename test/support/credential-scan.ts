/** What the credential scans share: everything the public objects show, as text, and where a secret turns up in it. */

/** JSON of anything a stream emits: errors by name, message, stack and own fields; maps, sets and bytes readable; cycles cut. */
export function serialise(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'bigint') return item.toString();
    if (typeof item !== 'object' || item === null) return item;
    if (seen.has(item)) return '[seen]';
    seen.add(item);
    if (item instanceof Error) {
      const own = Object.fromEntries(Object.getOwnPropertyNames(item).map((name) => [name, (item as unknown as Record<string, unknown>)[name]]));
      return { ...own, name: item.name, message: item.message, stack: item.stack, cause: item.cause };
    }
    if (item instanceof Map) return [...item];
    if (item instanceof Set) return [...item];
    if (ArrayBuffer.isView(item)) return `<${item.byteLength} bytes>`;
    return item;
  });
}

/** Where `secret` shows up in `text`: the 60 characters before each occurrence, the secret itself masked. */
export function leaksOf(text: string, secret: string): string[] {
  const found: string[] = [];
  for (let at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + 1)) found.push(`${text.slice(Math.max(0, at - 60), at)}<${secret.slice(0, 4)}…>`);
  return found;
}

/**
 * Pictures the page shows that the simulator keeps under names the page must not see (an iLink CDN parameter) or
 * nowhere at all (a work phone's upload): each gets a short key of its own for `/__ui/media/<key>`.
 */
import type { MediaLookup } from './routes.js';

type Found = Awaited<ReturnType<MediaLookup>>;

/** Keys kept; the oldest pictures stop showing after this many. */
const MAX_ITEMS = 200;

export class MediaShelf {
  private readonly items = new Map<string, () => Promise<Found>>();
  private next = 0;

  /** A new key for whatever `load` reads. */
  add(load: () => Promise<Found>): string {
    const key = `m${++this.next}`;
    this.items.set(key, load);
    for (const old of this.items.keys()) {
      if (this.items.size <= MAX_ITEMS) break;
      this.items.delete(old);
    }
    return key;
  }

  readonly lookup: MediaLookup = async (key) => this.items.get(key)?.();
}

/** The picture's type from its first bytes (PNG, GIF, WebP), JPEG otherwise, as the servers send pictures. */
export function imageType(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 12));
  if (head.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))) return 'image/png';
  if (head.subarray(0, 3).toString('latin1') === 'GIF') return 'image/gif';
  if (head.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return 'image/jpeg';
}

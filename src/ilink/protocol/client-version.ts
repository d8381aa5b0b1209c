/**
 * The client version the requests declare (docs/ilink-protocol.md §2.1, §2.2): `base_info.channel_version` as text and
 * `iLink-App-ClientVersion` as the version packed into a uint32.
 */

/**
 * Tencent's client version whose behaviour wechat-rx follows (the one the reference describes). A missing or ancient
 * version makes the phone refuse the scan ("please upgrade", docs/ilink-protocol.md §13), so a real one is declared.
 */
export const DEFAULT_CLIENT_VERSION = '2.4.3';

const VERSION = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * `major.minor.patch` packed as `iLink-App-ClientVersion` wants it (docs/ilink-protocol.md §2.1): one byte each, highest byte zero, written
 * in decimal (`2.4.3` → `"132099"`). `undefined` for anything that is not three numbers of 0–255.
 */
export function packClientVersion(version: string): string | undefined {
  const match = VERSION.exec(version);
  if (match === null) return undefined;
  const [major, minor, patch] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (major > 255 || minor > 255 || patch > 255) return undefined;
  return String(((major << 16) | (minor << 8) | patch) >>> 0);
}

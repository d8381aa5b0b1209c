/**
 * The command's optional peer dependencies (wechat-rx the library needs none of them), loaded on first use: a
 * missing one fails with a `MissingPackageError` that says what to install, instead of a stack trace at startup.
 */
import type { SingleBar } from 'cli-progress';
import type picocolors from 'picocolors';
import type QRCodeModule from 'qrcode';
import { requireOptional } from '../util/optional-package.js';

const FEATURE = 'the wechat-rx command';

/** Colours for the log and the errors. */
export const loadPicocolors = (): typeof picocolors => requireOptional('picocolors', FEATURE);

/** The login QR, as terminal blocks and as PNG. */
export const loadQrcode = (): typeof QRCodeModule => requireOptional('qrcode', FEATURE);

/** Progress bars of uploads and downloads. */
export const loadSingleBar = (): typeof SingleBar => requireOptional<{ SingleBar: typeof SingleBar }>('cli-progress', FEATURE).SingleBar;

/** Loads them all when the command starts, so a missing one fails before a login rather than in the middle of it. */
export function requireCliPackages(): void {
  loadPicocolors();
  loadQrcode();
  loadSingleBar();
}

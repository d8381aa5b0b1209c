/**
 * The simulator's optional peer dependencies, loaded on first use so that `wechat-rx/testing` (the test client,
 * the builders) imports without them.
 */
import type busboyModule from 'busboy';
import type QRCodeModule from 'qrcode';
import { requireOptional } from '../../util/optional-package.js';

const FEATURE = 'the simulator (startSimulator)';

/** Draws the login QR and the pictures the simulator serves. */
export const loadQrcode = (): typeof QRCodeModule => requireOptional('qrcode', FEATURE);

/** Reads the multipart bodies of uploads. */
export const loadBusboy = (): typeof busboyModule => requireOptional('busboy', FEATURE);

/** Loads both before anything starts, so a missing one fails `startSimulator()` at once instead of a request. */
export function requireSimulatorPackages(): void {
  loadQrcode();
  loadBusboy();
}

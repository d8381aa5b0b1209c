import { rm } from 'node:fs/promises';
import { hasColors, type Io, type Printer, saveQrPng, terminalQr } from './terminal.js';

/**
 * Shows a login QR code: saved as the PNG `png`, drawn on stderr (stdout stays a clean log), and announced by one
 * log line that carries the URL and the PNG's path (fields `qrUrl` and `qrPng` with `--json`).
 */
export async function showLoginQr(qrUrl: string, png: string, io: Io, print: Printer): Promise<void> {
  await saveQrPng(qrUrl, png);
  await showTerminalQr(qrUrl, io, print, `scan the QR code with WeChat on your phone (also saved as ${png})`, { qrPng: png });
}

/** Draws a QR code on stderr, then announces it with `text`, one log line carrying `qrUrl` (and `fields`). */
export async function showTerminalQr(qrUrl: string, io: Io, print: Printer, text: string, fields: Record<string, unknown> = {}): Promise<void> {
  io.stderr.write(await terminalQr(qrUrl, hasColors(io.stderr)));
  print.line('info', text, { qrUrl, ...fields });
}

/** Removes the QR code's PNG once the login no longer needs it: a stale code left in the folder only misleads. */
export async function removeLoginQr(png: string): Promise<void> {
  await rm(png, { force: true }).catch(() => undefined);
}

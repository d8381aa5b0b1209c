import { hasColors, type Io, type Printer, saveQrPng, terminalQr } from './terminal.js';

/**
 * Shows a login QR code: saved as the PNG `png`, drawn on stderr (stdout stays a clean log), and announced by one
 * log line that carries the URL and the PNG's path (fields `qrUrl` and `qrPng` with `--json`).
 */
export async function showLoginQr(qrUrl: string, png: string, io: Io, print: Printer): Promise<void> {
  await saveQrPng(qrUrl, png);
  io.stderr.write(await terminalQr(qrUrl, hasColors(io.stderr)));
  print.line('info', `scan the QR code with WeChat on your phone (also saved as ${png})`, { qrUrl, qrPng: png });
}

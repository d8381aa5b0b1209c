/**
 * The raw HTTP peer of the media benchmark in a process of its own (as the simulator is): drains POST bodies and
 * answers any GET with the file named by the one argument, from memory (as the simulator serves media). Prints
 * `{"type":"listening","origin":"…"}` once it listens and stops when its stdin closes or on SIGTERM.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const bytes = await readFile(process.argv[2] ?? '');
const server = createServer((req, res) => {
  if (req.method === 'POST') {
    req.resume();
    req.on('end', () => res.end('{}'));
    return;
  }
  res.end(bytes);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
process.stdout.write(`${JSON.stringify({ type: 'listening', origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`);

const stop = (): void => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
};
process.stdin.on('data', () => undefined).on('close', stop);
process.once('SIGTERM', stop);

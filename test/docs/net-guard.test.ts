import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { guardedEnv } from './processes.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'net-guard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Tries every way out a client has; the addresses are documentation ranges and `.invalid`, which never resolve. */
const PROBE = `
import dns from 'node:dns/promises';
import http from 'node:http';
import net from 'node:net';
const outcome = (promise) => promise.then(() => 'ok', (error) => error.code);
const local = net.createServer((socket) => socket.end('hi')).listen(0, '127.0.0.1');
await new Promise((resolve) => local.once('listening', resolve));
const reached = await new Promise((resolve, reject) => net.connect(local.address().port, '127.0.0.1').on('data', (d) => resolve(String(d))).on('error', reject));
const results = {
  fetch: await outcome(fetch('http://192.0.2.1/', { signal: AbortSignal.timeout(5000) }).catch((error) => Promise.reject(error.cause))),
  http: await outcome(new Promise((resolve, reject) => http.get('http://bot.example.invalid/', resolve).on('error', reject))),
  lookup: await outcome(dns.lookup('example.invalid')),
  localhost: await outcome(new Promise((resolve, reject) => net.connect(local.address().port, 'localhost').on('connect', resolve).on('error', reject))),
  loopback: reached,
};
local.close();
console.log(JSON.stringify(results));
`;

describe('the network guard of the docs test', () => {
  it('refuses and logs every lookup and connection but those to 127.0.0.1', async () => {
    const log = join(dir, 'attempts.log');
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', PROBE], { env: guardedEnv(log), timeout: 20_000 });
    expect(JSON.parse(stdout)).toEqual({ fetch: 'ECONNREFUSED', http: 'ECONNREFUSED', lookup: 'ECONNREFUSED', localhost: 'ECONNREFUSED', loopback: 'hi' });
    const attempts = readFileSync(log, 'utf8').trim().split('\n').map((line) => line.replace(/ \(pid \d+\)$/, ''));
    expect(attempts).toEqual(['connect 192.0.2.1', 'lookup bot.example.invalid', 'lookup example.invalid', 'connect localhost']);
  });
});

// Preloaded (`--import`) into every process the docs test starts: a DNS lookup of, or a TCP connection to, anything
// but 127.0.0.1 / ::1 fails as refused, and each attempt is appended to $NET_GUARD_LOG so the test can assert that
// none happened. Covers fetch, http(s), undici and net: they all connect through net.Socket and resolve with dns.lookup.
import dns from 'node:dns';
import { appendFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import process from 'node:process';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function refused(what) {
  if (process.env.NET_GUARD_LOG) appendFileSync(process.env.NET_GUARD_LOG, `${what} (pid ${process.pid})\n`);
  return Object.assign(new Error(`net-guard: ${what} refused, only loopback is allowed`), { code: 'ECONNREFUSED' });
}

const lookup = dns.lookup;
dns.lookup = function guardedLookup(hostname, ...rest) {
  if (LOOPBACK.has(hostname)) return lookup.call(this, hostname, ...rest);
  process.nextTick(rest.at(-1), refused(`lookup ${hostname}`));
  return {};
};

const lookupPromise = dns.promises.lookup;
dns.promises.lookup = async function guardedLookup(hostname, options) {
  if (LOOPBACK.has(hostname)) return lookupPromise.call(this, hostname, options);
  throw refused(`lookup ${hostname}`);
};

/** The host a `Socket#connect` call targets; undefined for an IPC path. `net.connect` passes its arguments normalized, as one array. */
function targetHost(args) {
  const [first, second] = Array.isArray(args[0]) ? args[0] : args;
  if (first !== null && typeof first === 'object') return first.path === undefined ? (first.host ?? 'localhost') : undefined;
  if (typeof first === 'string' && !/^\d+$/.test(first)) return undefined;
  return typeof second === 'string' ? second : 'localhost';
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const host = targetHost(args);
  if (host === undefined || LOOPBACK.has(host)) return connect.apply(this, args);
  const error = refused(`connect ${host}`);
  process.nextTick(() => this.destroy(error));
  return this;
};

syncBuiltinESMExports();

/**
 * A bot that is killed with SIGKILL by `kill-run.ts`: a wechat-rx client on a `FileSessionStore` against the
 * simulator at `origin`, printing one JSON line per delivered text (`{"type":"m","text":…}`) and per session save
 * (`{"type":"save","ms":…}`), and `{"type":"online"}` once logged in. stdout is a pipe, which Node writes
 * synchronously on Linux, so every line printed before the kill reaches the parent. SIGTERM closes the client
 * (saving the session) and exits.
 *
 * Usage: kill-child.ts <origin> <session file> <dist|src>
 */
import type { SavedSession, SessionStore } from '../src/index.js';
import { built } from './built.js';

const [origin = '', path = '', from = 'src'] = process.argv.slice(2);
const lib = from === 'dist' ? await built<typeof import('../src/index.js')>('index.js') : await import('../src/index.js');
const print = (line: Readonly<Record<string, unknown>>): void => void process.stdout.write(`${JSON.stringify(line)}\n`);

const file = new lib.FileSessionStore(path);
const store: SessionStore = {
  load: () => file.load(),
  clear: () => file.clear(),
  lock: () => file.lock(),
  save: async (session: SavedSession) => {
    const started = performance.now();
    await file.save(session);
    print({ type: 'save', ms: performance.now() - started });
  },
};
const client = lib.createClient({ server: origin, store, sendRate: false, transport: 'undici' });
client.messages$.subscribe((message) => {
  if (message.kind === 'text') print({ type: 'm', text: message.text });
});
client.login$.subscribe({
  complete: () => print({ type: 'online' }),
  error: (error: unknown) => {
    print({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  },
});
process.once('SIGTERM', () => {
  client.close().subscribe({ complete: () => process.exit(0), error: () => process.exit(1) });
});

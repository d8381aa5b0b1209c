import { describe, expect, it } from 'vitest';
import { connectFleetRedis } from '../../src/cli/fleet-redis.js';
import { Printer } from '../../src/cli/terminal.js';
import { startRedis } from '../support/redis-server.js';
import { memoryIo } from './run-cli.js';

/** Polls `done` every 20 ms; throws naming `what` when it is still false after 5 s. */
async function until(what: string, done: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 5_000; !done(); await new Promise((resolve) => setTimeout(resolve, 20))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
}

describe("the fleet commands' Redis connection", () => {
  it('prints one warning per outage, however many attempts fail in it, and one line when it is back', async () => {
    const server = await startRedis();
    const terminal = memoryIo();
    const client = await connectFleetRedis(server.url, new Printer(terminal.io, false));
    try {
      for (let outage = 1; outage <= 2; outage++) {
        await server.restart('SIGTERM', async () => {
          await until('the warning', () => terminal.stdout().includes('lost the connection'));
          // 50 + 100 + 200 ms of back-off: three attempts more fail meanwhile.
          await new Promise((resolve) => setTimeout(resolve, 400));
        });
        await until('the reconnection', () => terminal.stdout().split('connected to Redis again').length > outage);
        expect(await client.ping()).toBe('PONG');
        expect(terminal.stdout()).toMatch(new RegExp(`^(! lost the connection to Redis \\(\\w+\\); reconnecting\n• connected to Redis again\n){${outage}}$`));
      }
    } finally {
      client.destroy();
      await server.stop();
    }
  });
});

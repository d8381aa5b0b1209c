// Runs inside a staged install (stage.ts), as a user's program would: imports every entry point of wechat-rx and
// prints what it found as one JSON line. argv[2]: the optional peers, as JSON.
import { createRequire } from 'node:module';
import process from 'node:process';

const optional = JSON.parse(process.argv[2] ?? '[]');
const fromPackage = createRequire(import.meta.resolve('wechat-rx/package.json'));
const resolvable = optional.filter((name) => {
  try {
    fromPackage.resolve(name);
    return true;
  } catch {
    return false;
  }
});

const root = await import('wechat-rx');
const operators = await import('wechat-rx/operators');
const testing = await import('wechat-rx/testing');
const device = await import('wechat-rx/device');
const redis = await import('wechat-rx/redis');

/** How `run` fails: the error's name, `packageName` and message. */
async function failure(run) {
  try {
    await run();
    return 'no error';
  } catch (error) {
    return { name: error.name, packageName: error.packageName, message: error.message };
  }
}

process.stdout.write(
  `${JSON.stringify({
    resolvable,
    createClient: typeof root.createClient,
    reply: typeof operators.reply,
    testClient: typeof testing.createTestClient().receive,
    schemaText: device.schemaProtoText().includes('message TransportMessage'),
    rootHasNoDevice: !('connectDevice' in root),
    simulator: await failure(() => testing.startSimulator()),
    deviceSimulator: await failure(() => testing.startDeviceSimulator()),
    device: await failure(() => device.connectDevice({ host: '127.0.0.1', port: 9, credential: 'unused' })),
    redis: await failure(() => redis.connectRedis('redis://127.0.0.1:9')),
  })}\n`,
);

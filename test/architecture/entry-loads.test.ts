import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPackage, ROOT } from '../cli/build.js';

const LOADED_SCRIPTS = join(ROOT, 'test', 'architecture', 'fixtures', 'loaded-scripts.mjs');

/** The files a fresh Node process parses while it imports `specifier` (the built package, by its own name). */
function filesLoadedBy(specifier: string): string[] {
  const out = execFileSync(process.execPath, [LOADED_SCRIPTS, specifier], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
  return (JSON.parse(out) as string[]).filter((url) => url.startsWith('file://')).map((url) => new URL(url).pathname);
}

const under = (files: readonly string[], folder: string) => files.filter((file) => file.includes(`/${folder}/`));

/** What the root entry must not load: the other entries' code and the optional packages, and the CLI's commander. */
const NOT_FROM_ROOT = [
  'dist/src/device',
  'dist/src/ilink',
  'dist/src/redis',
  'dist/src/testing',
  'dist/src/cli',
  ...['protobufjs', 'qrcode', 'busboy', 'cli-progress', 'picocolors', 'commander', 'redis', '@redis'].map((name) => `node_modules/${name}`),
];

describe('what importing an entry loads', () => {
  beforeAll(() => buildPackage());

  it('wechat-rx loads the Web client and nothing of the device protocol, iLink, Redis, the testing kit, the CLI or their packages', () => {
    const files = filesLoadedBy('wechat-rx');
    expect(files).toContain(join(ROOT, 'dist', 'src', 'index.js'));
    expect(under(files, 'dist/src/web/client').length).toBeGreaterThan(5);
    expect(under(files, 'node_modules/rxjs').length).toBeGreaterThan(5);
    expect(Object.fromEntries(NOT_FROM_ROOT.map((folder) => [folder, under(files, folder)]))).toEqual(Object.fromEntries(NOT_FROM_ROOT.map((folder) => [folder, []])));
  });

  it('wechat-rx/device loads the device protocol (the check above sees such files when they are loaded)', () => {
    expect(under(filesLoadedBy('wechat-rx/device'), 'dist/src/device').length).toBeGreaterThan(5);
  });

  it('wechat-rx/ilink loads the iLink client and nothing of the Web client', () => {
    const files = filesLoadedBy('wechat-rx/ilink');
    expect(under(files, 'dist/src/ilink/client').length).toBeGreaterThan(5);
    expect(under(files, 'dist/src/web')).toEqual([]);
  });

  it('wechat-rx/redis loads its store but not node-redis, which connectRedis loads when called', () => {
    const files = filesLoadedBy('wechat-rx/redis');
    expect(under(files, 'dist/src/redis').length).toBeGreaterThan(3);
    expect(files.filter((file) => /\/node_modules\/(redis|@redis)\//.test(file))).toEqual([]);
  });

  it('wechat-rx/testing loads no test framework: its contract suites take the runner as a parameter', () => {
    const files = filesLoadedBy('wechat-rx/testing');
    expect(under(files, 'dist/src/testing/contracts').length).toBeGreaterThan(0);
    expect(files.filter((file) => /\/node_modules\/(vitest|@vitest|jest|mocha)\//.test(file))).toEqual([]);
  });
});

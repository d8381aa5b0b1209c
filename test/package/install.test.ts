import { execFile } from 'node:child_process';
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPackage, ROOT } from '../cli/build.js';
import { optionalPeers, packageJson, packedFiles } from './packed.js';
import { stageInstall } from './stage.js';

const run = promisify(execFile);
/** What only the simulator, the command line, the device protocol or wechat-rx/redis needs. */
const LEFT_OUT = ['busboy', 'cli-progress', 'picocolors', 'protobufjs', 'qrcode', 'redis'];

let project: string;
beforeAll(() => {
  buildPackage();
  project = stageInstall(packageJson(), packedFiles());
}, 120_000);
afterAll(() => rmSync(project, { recursive: true, force: true }));

/** Node in the staged project, seeing only its node_modules. */
const node = (args: readonly string[]) =>
  run(process.execPath, args, { cwd: project, env: { ...process.env, NODE_PATH: '', NODE_OPTIONS: '' }, timeout: 20_000 });

describe('a runtime install of wechat-rx (npm install --omit=dev)', () => {
  it('pulls none of the packages only the simulator, the command line, the device protocol or wechat-rx/redis need', () => {
    const pkg = packageJson();
    expect(optionalPeers(pkg)).toEqual(LEFT_OUT);
    expect(Object.keys(pkg.dependencies).filter((name) => LEFT_OUT.includes(name) || name === 'long')).toEqual([]);
    expect(Object.keys(pkg.devDependencies)).toEqual(expect.arrayContaining(LEFT_OUT)); // so a clone's npm start works
  });

  it('imports every entry point without them; the parts that need one name it when used', async () => {
    copyFileSync(join(ROOT, 'test/package/consumer.mjs'), join(project, 'consumer.mjs'));
    const { stdout } = await node(['consumer.mjs', JSON.stringify(LEFT_OUT)]);
    const missing = (packageName: string) => ({ name: 'MissingPackageError', packageName, message: expect.stringContaining(`npm install ${packageName}`) });
    expect(JSON.parse(stdout)).toEqual({
      resolvable: [],
      createClient: 'function',
      reply: 'function',
      testClient: 'function',
      schemaText: true,
      rootHasNoDevice: true,
      simulator: missing('qrcode'),
      deviceSimulator: missing('protobufjs'),
      device: missing('protobufjs'),
      redis: missing('redis'),
    });
  });

  it('loads from CommonJS with a dynamic import, as the README says', async () => {
    copyFileSync(join(ROOT, 'test/package/consumer.cjs'), join(project, 'consumer.cjs'));
    const { stdout } = await node(['consumer.cjs']);
    expect(stdout).toBe('function');
  });

  it('type-checks a program using every entry point, without them and without skipLibCheck', () => {
    const file = join(project, 'consumer.ts');
    writeFileSync(
      file,
      [
        "import { createClient } from 'wechat-rx';",
        "import { connectDevice } from 'wechat-rx/device';",
        "import { connectIlink } from 'wechat-rx/ilink';",
        "import { reply } from 'wechat-rx/operators';",
        "import { createTestClient, startDeviceSimulator, startSimulator } from 'wechat-rx/testing';",
        'export const used = [connectDevice, connectIlink, createClient, reply, createTestClient, startDeviceSimulator, startSimulator];',
      ].join('\n'),
    );
    const program = ts.createProgram([file], {
      strict: true,
      exactOptionalPropertyTypes: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      types: ['node'],
      typeRoots: [join(ROOT, 'node_modules/@types')],
      skipLibCheck: false,
      noEmit: true,
    });
    const errors = ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(errors).toEqual([]);
  }, 60_000);

  it('starts the command line launcher', async () => {
    const { stdout } = await node([join('node_modules', 'wechat-rx', 'bin', 'wechat-rx.js'), '--help']);
    expect(stdout).toMatch(/usage: wechat-rx/i);
  });
});

import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../cli/build.js';

const RULE = 'no-restricted-imports';
/** Only the import rules: the layer lint is what this file tests, and the other rules would only cost time. */
const eslint = new ESLint({ cwd: ROOT, ruleFilter: ({ ruleId }) => ruleId === RULE });

/** The `no-restricted-imports` errors ESLint reports for `code` as if it were the file at `filePath`. */
async function importErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}/${filePath}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === RULE && m.severity === 2).map((m) => m.message);
}

describe('the layer lint', () => {
  it('stops src/model from importing the Web client above it', async () => {
    expect(await importErrors('src/model/wrong.ts', "import { createClient } from '../web/client/client.js';\nvoid createClient;\n")).toEqual([
      expect.stringContaining('src/model may not import src/web: imports only point down.'),
    ]);
  });

  it('stops operators/ from importing the Web client', async () => {
    expect(await importErrors('operators/wrong.ts', "import type { WeChatClient } from '../src/web/client/client.js';\nexport type W = WeChatClient;\n")).toEqual([
      expect.stringContaining('operators may not import src/web: imports only point down.'),
    ]);
  });

  it('stops the root entry from loading the device protocol', async () => {
    expect(await importErrors('src/index.ts', "export { connectDevice } from './device/index.js';\n")).toEqual([
      expect.stringContaining('The root entry loads the Web client only: the device protocol is wechat-rx/device'),
    ]);
  });

  it('keeps the Web protocol core pure, from any depth below it', async () => {
    const code = "import { createClient } from '../../client/client.js';\nimport { readFile } from 'node:fs/promises';\nvoid createClient;\nvoid readFile;\n";
    expect(await importErrors('src/web/protocol/endpoints/wrong.ts', code)).toEqual([
      expect.stringContaining('src/web/protocol is the pure core: nothing of the Web client above it.'),
      expect.stringContaining('A pure core does no I/O.'),
    ]);
  });

  it('lets a pure core name requests but not send them', async () => {
    const code = "import type { WxRequest } from '../../../http/request.js';\nimport { createUndiciTransport } from '../../../http/undici-transport.js';\nexport type R = WxRequest;\nvoid createUndiciTransport;\n";
    expect(await importErrors('src/web/protocol/endpoints/wrong.ts', code)).toEqual([
      expect.stringContaining('A pure core may name requests (http/request.js), never send them.'),
    ]);
  });

  it('stops the device protocol from reaching the shared HTTP layer it does not use', async () => {
    expect(await importErrors('src/device/wrong.ts', "import type { Transport } from '../http/transport.js';\nexport type T = Transport;\n")).toEqual([
      expect.stringContaining('src/device may not import src/http: imports only point down.'),
    ]);
  });

  it('keeps src/redis off the protocols and the root entry off src/redis', async () => {
    expect(await importErrors('src/redis/wrong.ts', "import { webSessionCodec } from '../web/session/saved-session.js';\nvoid webSessionCodec;\n")).toEqual([
      expect.stringContaining('src/redis may not import src/web: imports only point down.'),
    ]);
    expect(await importErrors('src/index.ts', "export { RedisSessionStore } from './redis/index.js';\n")).toEqual([
      expect.stringContaining('Redis is wechat-rx/redis'),
    ]);
  });

  it('lets a layer import the layers below it', async () => {
    expect(await importErrors('src/web/wrong.ts', "import { MsgType } from '../model/codes.js';\nvoid MsgType;\n")).toEqual([]);
  });

  it('finds no import across the layers in the real tree', async () => {
    const results = await eslint.lintFiles(['src', 'operators']);
    const linted = results.map((r) => r.filePath);
    expect(linted).toEqual(expect.arrayContaining([`${ROOT}/src/index.ts`, `${ROOT}/src/model/message.ts`, `${ROOT}/operators/index.ts`]));
    const found = results.flatMap((r) => r.messages.filter((m) => m.ruleId === RULE).map((m) => `${r.filePath}:${m.line} ${m.message}`));
    expect(found).toEqual([]);
  });
});

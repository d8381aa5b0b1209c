import { describe, expect, it, vi } from 'vitest';
import { MissingPackageError } from '../../src/errors/missing-package-error.js';
import { main } from '../../src/cli/index.js';
import { memoryIo } from './run-cli.js';

// An install without the optional peer qrcode (npm install --omit=peer, or wechat-rx as a library only).
vi.mock('../../src/util/optional-package.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/util/optional-package.js')>();
  return {
    requireOptional: (packageName: string, feature: string) => {
      if (packageName === 'qrcode') throw new MissingPackageError(packageName, feature);
      return original.requireOptional(packageName, feature);
    },
  };
});

describe('the command without one of its optional packages', () => {
  it('still answers --help, and a command says what to install, exit code 1, before doing anything', async () => {
    const help = memoryIo();
    expect(await main(['login', '--help'], help.io)).toBe(0);
    const login = memoryIo();
    expect(await main(['login', '--server', 'http://127.0.0.1:9'], login.io)).toBe(1);
    expect(login.stderr()).toBe('error: the wechat-rx command needs the package qrcode, which is not installed: npm install qrcode\n');
    expect(login.stdout()).toBe('');
  });
});

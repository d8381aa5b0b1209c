import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MissingPackageError } from '../../src/errors/index.js';
import { requireOptional } from '../../src/util/optional-package.js';

describe('requireOptional', () => {
  it('loads an installed optional peer', () => {
    expect(typeof requireOptional<{ toBuffer: unknown }>('qrcode', 'the simulator').toBuffer).toBe('function');
  });

  it('names a package that is not installed, and what needed it', () => {
    const error = (() => {
      try {
        return requireOptional('wechat-rx-no-such-package', 'the test');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(MissingPackageError);
    expect(error).toMatchObject({
      packageName: 'wechat-rx-no-such-package',
      feature: 'the test',
      message: 'the test needs the package wechat-rx-no-such-package, which is not installed: npm install wechat-rx-no-such-package',
    });
  });

  it('passes other failures unchanged: a package that is there but misses a dependency of its own', () => {
    const dir = mkdtempSync(join(tmpdir(), 'optional-package-'));
    writeFileSync(join(dir, 'index.js'), "require('wechat-rx-no-such-dependency');\n");
    try {
      expect(() => requireOptional(dir, 'the test')).toThrow(/Cannot find module 'wechat-rx-no-such-dependency'/);
      expect(() => requireOptional(dir, 'the test')).not.toThrow(MissingPackageError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

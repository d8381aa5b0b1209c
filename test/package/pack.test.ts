import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPackage, ROOT } from '../cli/build.js';
import { entryPoints, packageJson, packedFiles } from './packed.js';

let files: string[];
beforeAll(() => {
  buildPackage();
  files = packedFiles();
}, 120_000);

/** What may ship besides the compiled library: the launcher, the texts every package carries, the playground page. */
const TEXTS = ['CHANGELOG.md', 'LICENSE', 'README.md', 'bin/wechat-rx.js', 'package.json', 'dist/playground/index.html', 'dist/playground/app.js', 'dist/playground/app.css'];
const COMPILED = /^dist\/(src|operators)\/.+\.(js|d\.ts)$/;

describe('the npm tarball', () => {
  it('holds the licence, the readme, the playground page and the file of every `exports` path and of `bin`', () => {
    const pkg = packageJson();
    expect(entryPoints(pkg)).toEqual(expect.arrayContaining(['dist/src/index.js', 'dist/src/testing/index.d.ts', 'bin/wechat-rx.js']));
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'dist/playground/index.html', 'dist/playground/app.js', 'dist/playground/app.css', ...entryPoints(pkg)]));
  });

  it('holds nothing else: no tests, benchmarks, TypeScript sources or source maps', () => {
    expect(files.filter((file) => !TEXTS.includes(file) && !COMPILED.test(file))).toEqual([]);
  });

  it('has no source map or map reference pointing at a file it does not ship', () => {
    const shipped = new Set(files);
    const dangling: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      if (file.endsWith('.map')) {
        const map = JSON.parse(text) as { sources: string[]; sourcesContent?: Array<string | null> };
        map.sources.forEach((source, i) => {
          const target = normalize(join(dirname(file), source));
          if (typeof map.sourcesContent?.[i] !== 'string' && !shipped.has(target)) dangling.push(`${file} → ${source}`);
        });
      }
      const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(text)?.[1];
      if (url !== undefined && !url.startsWith('data:') && !shipped.has(normalize(join(dirname(file), url)))) dangling.push(`${file} → ${url}`);
    }
    expect(dangling).toEqual([]);
  });

  it('says where the project lives and under which licence', () => {
    const pkg = packageJson();
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) 2026 wechat-rx contributors\n/);
    expect(pkg.repository).toEqual({ type: 'git', url: 'git+https://github.com/wechat-rx/wechat-rx.git' });
    expect(pkg.homepage).toBe('https://github.com/wechat-rx/wechat-rx#readme');
    expect(pkg.bugs?.url).toBe('https://github.com/wechat-rx/wechat-rx/issues');
    expect(pkg.keywords).toEqual(expect.arrayContaining(['wechat', 'rxjs']));
  });
});

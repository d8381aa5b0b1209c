import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT } from '../cli/build.js';
import { optionalPeers, type PackageJson } from './packed.js';

/**
 * A fresh project outside the checkout whose node_modules holds wechat-rx as `npm pack` ships it, and, linked from
 * this checkout's node_modules, only its dependencies and required peers: what `npm install wechat-rx --omit=dev`
 * gives, without the network. The optional peers are not there, so a process in it cannot resolve them.
 */
export function stageInstall(pkg: PackageJson, files: readonly string[]): string {
  const project = mkdtempSync(join(tmpdir(), 'wechat-rx-install-'));
  writeFileSync(join(project, 'package.json'), '{ "private": true, "type": "module" }\n');
  const installed = join(project, 'node_modules', pkg.name);
  for (const file of files) {
    mkdirSync(dirname(join(installed, file)), { recursive: true });
    copyFileSync(join(ROOT, file), join(installed, file));
  }
  const optional = optionalPeers(pkg);
  const required = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies).filter((name) => !optional.includes(name))];
  for (const name of required) {
    const link = join(project, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', name), link, 'dir');
  }
  return project;
}

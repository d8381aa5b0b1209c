#!/usr/bin/env node
// Thin launcher: loads the built CLI from dist/ (run `npm run build` first when working from a checkout).
import process from 'node:process';

const [command, ...args] = process.argv.slice(2);

if (command === 'sim') {
  const { runSimCommand } = await import('../dist/src/cli/sim.js');
  await runSimCommand(args);
} else {
  process.stderr.write('usage: wechat-rx sim [--port N] [options]   (wechat-rx sim --help for the options)\n');
  process.exitCode = 2;
}

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../cli/build.js';
import { startSimulator, type Simulator } from '../../src/testing/index.js';
import type { Expectation, Step } from './expectations.js';
import { guardedEnv, start, type Child } from './processes.js';

/** Short holds, so a login and each reply take milliseconds; the phone confirms by itself. */
const SIMULATOR = { autoConfirm: { delayMs: 5 }, loginHoldMs: 300, syncHoldMs: 300 } as const;
const BOUND_MS = 20_000;

/**
 * Runs the block `name` (a file in `dir`) as its expectation says, with a fresh simulator's origin in
 * `WECHAT_SERVER`, and throws when it misbehaves. Network attempts beyond loopback go to `netLog`.
 */
export async function runBlock(dir: string, name: string, expectation: Expectation, netLog: string): Promise<void> {
  const sim = await startSimulator(SIMULATOR);
  if (expectation.runs === 'until-stopped') expectation.setup?.(sim, dir);
  const env = guardedEnv(netLog, { WECHAT_SERVER: sim.origin });
  const args = expectation.runs === 'under-vitest' ? vitest(dir, name) : ['--import', 'tsx', name];
  const child = start(args, dir, env, BOUND_MS);
  try {
    if (expectation.runs === 'until-stopped') await doSteps(sim, child, expectation.steps);
    else await finishes(child, expectation);
  } finally {
    child.kill();
    await child.exited.catch(() => undefined);
    await sim.close();
  }
}

/** Vitest on one file, with its defaults: the config it would otherwise find is this checkout's, for its own tests. */
function vitest(dir: string, name: string): string[] {
  const config = join(dir, 'vitest.config.mjs');
  writeFileSync(config, 'export default {};\n');
  return [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--config', config, name];
}

async function finishes(child: Child, expectation: Exclude<Expectation, { runs: 'until-stopped' }>): Promise<void> {
  const { code, stdout, stderr } = await child.exited;
  if (code !== 0) throw new Error(`exited with ${code}:\n${stdout}${stderr}`);
  if (expectation.runs === 'to-exit' && expectation.prints !== undefined && !expectation.prints.test(stdout)) {
    throw new Error(`printed no match for ${expectation.prints}:\n${stdout}`);
  }
  if (expectation.runs === 'under-vitest' && !new RegExp(`Tests\\s+${expectation.tests} passed \\(${expectation.tests}\\)`).test(stdout)) {
    throw new Error(`expected ${expectation.tests} passing tests:\n${stdout}${stderr}`);
  }
}

async function doSteps(sim: Simulator, child: Child, steps: readonly Step[]): Promise<void> {
  await until(child, () => sim.sessions().some((session) => session.active), () => 'login');
  for (const [i, step] of steps.entries()) {
    const before = sim.outbox().length;
    if (step.send !== undefined) sim.inject(step.send(sim));
    const sent = () => sim.outbox().slice(before);
    await until(child, () => step.done(sim, sent(), child.output()), () => `step ${i + 1} done; sent: ${JSON.stringify(sent())}`);
  }
}

/** Polls `done` while the child runs, within the bound; `what` describes the failure. */
async function until(child: Child, done: () => boolean, what: () => string): Promise<void> {
  let ended = false;
  void child.exited.then(
    () => (ended = true),
    () => (ended = true),
  );
  const deadline = Date.now() + BOUND_MS;
  while (!done()) {
    if (ended || Date.now() > deadline) throw new Error(`no ${what()}; the block printed:\n${child.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

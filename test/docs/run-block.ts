import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../cli/build.js';
import { startIlinkSimulator, startSimulator, type IlinkSimulator, type Simulator } from '../../src/testing/index.js';
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
  if (expectation.runs === 'ilink-until-stopped') return runIlinkBlock(dir, name, expectation.exchanges, netLog);
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

/** An iLink block against a fresh iLink simulator (`ILINK_SERVER`) that confirms every QR scan by itself. */
async function runIlinkBlock(dir: string, name: string, exchanges: readonly (readonly [string, string])[], netLog: string): Promise<void> {
  const sim = await startIlinkSimulator({ autoConfirm: { delayMs: 5 }, qrHoldMs: 300, updatesHoldMs: 300 });
  const child = start(['--import', 'tsx', name], dir, guardedEnv(netLog, { ILINK_SERVER: sim.origin }), BOUND_MS);
  try {
    await until(child, () => polling(sim), () => 'iLink login and first poll');
    for (const [text, answer] of exchanges) {
      const before = sim.sent().length;
      const from = sim.userId(0);
      sim.inject({ kind: 'text', from, text });
      const sent = () => sim.sent().slice(before);
      await until(child, () => sent().some((m) => m.to === from && m.text === answer), () => `answer ${JSON.stringify(answer)}; sent: ${JSON.stringify(sent())}`);
    }
  } finally {
    child.kill();
    await child.exited.catch(() => undefined);
    await sim.close();
  }
}

/** Whether a bot is bound and its client has asked for updates (so an injected message reaches a running bot). */
const polling = (sim: IlinkSimulator) => sim.bot() !== undefined && sim.requests().some((r) => r.endpoint === 'getupdates');

async function finishes(child: Child, expectation: Extract<Expectation, { runs: 'to-exit' | 'under-vitest' }>): Promise<void> {
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

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPackage, ROOT } from '../cli/build.js';

beforeAll(() => buildPackage(), 120_000);

/** The outcome of each test of each suite in a TAP report: `{ suite: { test: 'ok' | 'not ok' } }`. */
function outcomes(tap: string): Record<string, Record<string, string>> {
  const suites: Record<string, Record<string, string>> = {};
  let current: Record<string, string> = {};
  for (const line of tap.split('\n')) {
    const suite = /^# Subtest: (.*)$/.exec(line);
    if (suite?.[1] !== undefined) suites[suite[1]] = current = {};
    const test = /^\s+(ok|not ok) \d+ - (.*)$/.exec(line);
    if (test?.[1] !== undefined && test[2] !== undefined) current[test[2]] = test[1];
  }
  return suites;
}

describe('the contract suites outside vitest', () => {
  it('run under node:test from the built package, and fail for a store that breaks the contract', () => {
    const run = spawnSync(process.execPath, ['--test-reporter=tap', join(ROOT, 'test', 'package', 'fixtures', 'node-test-contract.mjs')], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 20_000,
    });
    const suites = outcomes(run.stdout);
    const memory = suites['MemorySessionStore: the session store contract'] ?? {};
    expect(Object.keys(memory)).toHaveLength(9);
    expect(Object.values(memory).every((outcome) => outcome === 'ok')).toBe(true);
    expect(suites['ForgetfulStore: the session store contract']).toEqual({
      'load resolves undefined while nothing was saved': 'ok',
      'load returns what save stored, as a copy: equal, not the same object, untouched by later changes to either': 'not ok',
      'save replaces the session saved before': 'not ok',
      'clear removes the session, and clearing an empty store is fine': 'ok',
      'save after clear stores again': 'not ok',
      'saves started together end with the last one started': 'not ok',
      'has no lock() (the options say so)': 'ok',
    });
    expect(run.status).toBe(1);
  });
});

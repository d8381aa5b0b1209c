import { join } from 'node:path';
import { Application, type ProjectReflection } from 'typedoc';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../cli/build.js';

let project: ProjectReflection;
beforeAll(async () => {
  // The conversion alone (no HTML); `tsc` checks the types elsewhere, so TypeDoc need not check them again.
  const app = await Application.bootstrapWithPlugins({ options: join(ROOT, 'typedoc.json'), skipErrorChecking: true, logLevel: 'Error' });
  const converted = await app.convert();
  if (converted === undefined) throw new Error('TypeDoc converted nothing');
  project = converted;
}, 60_000);

/** Each module's headings in order, with the names under each. */
function headings(module: string): string[] {
  const reflection = project.children?.find((child) => child.name === module);
  return (reflection?.categories ?? []).map((category) => category.title);
}

describe('the API documentation', () => {
  it('names each module by its import path', () => {
    expect(project.children?.map((child) => child.name).sort()).toEqual(['wechat-rx', 'wechat-rx/device', 'wechat-rx/ilink', 'wechat-rx/operators', 'wechat-rx/redis', 'wechat-rx/testing']);
  });

  it('files every export under the heading of its group in the entry file (none lands in "Other")', () => {
    expect(headings('wechat-rx')).toEqual(['Client', 'Contacts', 'Media', 'Messages', 'Protocol', 'Operators', 'Errors', 'Session stores', 'Transports', 'Logging']);
    expect(headings('wechat-rx/operators')).toEqual(['Filters', 'Actions', 'Flow', 'Errors and retries', 'Bot client']);
    expect(headings('wechat-rx/testing')).toEqual(['Simulator', 'Simulated world', 'Test client', 'Message builders', 'Device simulator', 'iLink simulator', 'Contract suites']);
    expect(headings('wechat-rx/device')).toEqual(['Client', 'Connection', 'Errors', 'Protocol codes', 'Wire format']);
    expect(headings('wechat-rx/ilink')).toEqual(['Client', 'Messages', 'Protocol', 'Errors', 'Session stores']);
    expect(headings('wechat-rx/redis')).toEqual(['Errors', 'Fleet', 'Session stores', 'Encryption', 'Redis connection', 'Shard leases', 'Shard assignment', 'Commit sink', 'Event stream', 'Metrics']);
  });

  it('puts an item under the heading its group gives it', () => {
    const category = (module: string, name: string) =>
      project.children?.find((child) => child.name === module)?.categories?.find((c) => c.children.some((child) => child.name === name))?.title;
    expect(category('wechat-rx', 'createClient')).toBe('Client');
    expect(category('wechat-rx', 'isText')).toBe('Messages');
    expect(category('wechat-rx', 'reply')).toBe('Operators');
    expect(category('wechat-rx', 'FileSessionStore')).toBe('Session stores');
    expect(category('wechat-rx/operators', 'reply')).toBe('Actions');
    expect(category('wechat-rx/testing', 'describeSessionStoreContract')).toBe('Contract suites');
    expect(category('wechat-rx/device', 'decodeFrame')).toBe('Wire format');
    expect(category('wechat-rx/ilink', 'connectIlink')).toBe('Client');
    expect(category('wechat-rx/redis', 'RedisSessionStore')).toBe('Session stores');
    expect(category('wechat-rx/redis', 'serveMetrics')).toBe('Metrics');
    expect(category('wechat-rx/redis', 'createFleet')).toBe('Fleet');
  });
});

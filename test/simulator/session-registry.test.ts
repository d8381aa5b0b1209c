import { describe, expect, it } from 'vitest';
import { SessionRegistry } from '../../src/testing/simulator/session-registry.js';
import type { Session } from '../../src/testing/simulator/session.js';

/** The fields the registry reads of a session; the rest of a `Session` plays no part here. */
function session(uuid: string, uin: number, active = true): Session {
  return { uuid, uin, sid: `sid-${uuid}`, skey: `skey-${uuid}`, loginSkey: `login-${uuid}`, active, lastSeen: 0 } as unknown as Session;
}

describe('the simulator session registry', () => {
  it('finds a session by login uuid and by uin, as a number or as digits', () => {
    const registry = new SessionRegistry(10);
    const alice = session('uuid-a', 1001);
    registry.add(alice);
    registry.add(session('uuid-b', 1002));
    expect(registry.lookup('uuid-a')).toBe(alice);
    expect(registry.lookup(1001)).toBe(alice);
    expect(registry.lookup('1001')).toBe(alice);
    expect(registry.lookup('uuid-c')).toBeUndefined();
    expect(registry.lookup(1003)).toBeUndefined();
  });

  it('gives the latest session of an account by its uin, and the one before once the latest is gone', () => {
    const registry = new SessionRegistry(10);
    const first = session('uuid-1', 1001, false);
    const relogin = session('uuid-2', 1001);
    registry.add(first);
    registry.add(relogin);
    expect(registry.lookup(1001)).toBe(relogin);
    expect(registry.lookup('uuid-1')).toBe(first);

    registry.remove(relogin);
    expect(registry.lookup(1001)).toBe(first);
    expect(registry.lookup('uuid-2')).toBeUndefined();
    registry.remove(first);
    expect(registry.lookup(1001)).toBeUndefined();
  });

  it('forgets the sessions it evicts beyond its bound, ended ones first', () => {
    const registry = new SessionRegistry(2);
    const ended = session('uuid-1', 1001, false);
    registry.add(ended);
    registry.add(session('uuid-2', 1002));
    registry.add(session('uuid-3', 1003));
    expect(registry.lookup('uuid-1')).toBeUndefined();
    expect(registry.lookup(1001)).toBeUndefined();
    expect(registry.lookup(1002)?.uuid).toBe('uuid-2');
    expect(registry.lookup(1003)?.uuid).toBe('uuid-3');
    registry.clear();
    expect(registry.lookup(1003)).toBeUndefined();
  });
});

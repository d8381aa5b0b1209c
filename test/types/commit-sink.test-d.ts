import { describe, expectTypeOf, test } from 'vitest';
import { createClient, type SavedSession, type WxMessage } from '../../src/index.js';
import { connectDevice, type DeviceCommitState, type DeviceMessage } from '../../src/device/index.js';
import { connectIlink, type IlinkMessage, type IlinkSavedSession } from '../../src/ilink/index.js';
import type { CommitBatch, CommitSink, RedisCommitSink } from '../../src/fleet/index.js';

describe('commit sinks', () => {
  test('each client takes a sink of its own messages and saved state', () => {
    const webSink: CommitSink<WxMessage, SavedSession> = { commit: async () => undefined };
    const ilinkSink: CommitSink<IlinkMessage, IlinkSavedSession> = { commit: async () => undefined };
    createClient({ sink: webSink });
    connectIlink({ sink: ilinkSink });
    // @ts-expect-error an iLink sink does not take the Web client's saved sessions
    createClient({ sink: ilinkSink });
  });

  test('the work-phone client takes a sink of its messages (or of any WxMessage) and its commit state', () => {
    const device = { host: '127.0.0.1', port: 1, credential: 'IMEI' };
    const deviceSink: CommitSink<DeviceMessage, DeviceCommitState> = { commit: async () => undefined };
    const anyMessageSink: CommitSink<WxMessage, DeviceCommitState> = { commit: async () => undefined };
    const webSink: CommitSink<WxMessage, SavedSession> = { commit: async () => undefined };
    connectDevice({ ...device, sink: deviceSink });
    connectDevice({ ...device, sink: anyMessageSink });
    // @ts-expect-error a Web sink does not take the work phone's commit state
    connectDevice({ ...device, sink: webSink });
  });

  test('a batch names the account and carries the messages and the state to save', () => {
    expectTypeOf<CommitBatch<IlinkMessage, IlinkSavedSession>>().toHaveProperty('account').toEqualTypeOf<string>();
    expectTypeOf<CommitBatch<IlinkMessage, IlinkSavedSession>['messages']>().toExtend<readonly IlinkMessage[]>();
    expectTypeOf<CommitBatch<IlinkMessage, IlinkSavedSession>['state']>().toEqualTypeOf<IlinkSavedSession>();
    expectTypeOf<RedisCommitSink<IlinkMessage, IlinkSavedSession>>().toExtend<CommitSink<IlinkMessage, IlinkSavedSession>>();
  });
});

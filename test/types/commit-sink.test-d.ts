import { describe, expectTypeOf, test } from 'vitest';
import { createClient, type SavedSession, type WxMessage } from '../../src/index.js';
import { connectIlink, type IlinkMessage, type IlinkSavedSession } from '../../src/ilink/index.js';
import type { CommitBatch, CommitSink, RedisCommitSink } from '../../src/redis/index.js';

describe('commit sinks', () => {
  test('each client takes a sink of its own messages and saved state', () => {
    const webSink: CommitSink<WxMessage, SavedSession> = { commit: async () => undefined };
    const ilinkSink: CommitSink<IlinkMessage, IlinkSavedSession> = { commit: async () => undefined };
    createClient({ sink: webSink });
    connectIlink({ sink: ilinkSink });
    // @ts-expect-error an iLink sink does not take the Web client's saved sessions
    createClient({ sink: ilinkSink });
  });

  test('a batch names the account and carries the messages and the state to save', () => {
    expectTypeOf<CommitBatch<IlinkMessage, IlinkSavedSession>>().toHaveProperty('account').toEqualTypeOf<string>();
    expectTypeOf<CommitBatch<IlinkMessage, IlinkSavedSession>['messages']>().toExtend<readonly IlinkMessage[]>();
    expectTypeOf<CommitBatch<IlinkMessage, IlinkSavedSession>['state']>().toEqualTypeOf<IlinkSavedSession>();
    expectTypeOf<RedisCommitSink<IlinkMessage, IlinkSavedSession>>().toExtend<CommitSink<IlinkMessage, IlinkSavedSession>>();
  });
});

import { filter, firstValueFrom, timeout } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { DeviceClient } from '../../src/device/client.js';
import type { DeviceCommitState } from '../../src/device/commit.js';
import { DeviceMsgType } from '../../src/device/enums.js';
import type { DeviceMessage } from '../../src/device/messages.js';
import type { DeviceState } from '../../src/device/types.js';
import { CommitFailedError } from '../../src/errors/commit-failed-error.js';
import type { CommitBatch, CommitSink } from '../../src/session/commit-sink.js';
import type { DeviceSimulator } from '../../src/testing/device-simulator/index.js';
import { deviceFixture, until } from './helpers.js';

type Batch = CommitBatch<DeviceMessage, DeviceCommitState>;

const { simulator, client, subscriptions } = deviceFixture();

/** Subscribes to the messages for the whole test; returns the list it fills. */
function received(c: DeviceClient): DeviceMessage[] {
  const messages: DeviceMessage[] = [];
  subscriptions.push(c.messages$.subscribe((message) => messages.push(message)));
  return messages;
}

const texts = (messages: readonly DeviceMessage[]) => messages.map((message) => (message.kind === 'text' ? message.text : message.kind));
const ackedBy = (sim: DeviceSimulator, frameId: string) =>
  sim.received.some((frame) => frame.MsgType === DeviceMsgType.MsgReceivedAck && frame.RefMessageId === frameId);
const online = (c: DeviceClient) => firstValueFrom(c.state$.pipe(filter((s) => s.status === 'online' && s.accounts.length > 0), timeout(5000)));
const ended = (c: DeviceClient) =>
  firstValueFrom(c.state$.pipe(filter((s): s is Extract<DeviceState, { status: 'disconnected' }> => s.status === 'disconnected' && s.reason.type !== 'not-started'), timeout(5000)));

/** A sink that commits after `delayMs`, recording each batch once its commit resolved. */
function recordingSink(delayMs = 0): { sink: CommitSink<DeviceMessage, DeviceCommitState>; committed: Batch[] } {
  const committed: Batch[] = [];
  const sink = {
    commit: async (batch: Batch) => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      committed.push(batch);
    },
  };
  return { sink, committed };
}

/** A sink whose commits wait until the test settles them. */
function heldSink() {
  const pending: { batch: Batch; resolve: () => void }[] = [];
  const sink: CommitSink<DeviceMessage, DeviceCommitState> = {
    commit: (batch) => new Promise<void>((resolve) => pending.push({ batch, resolve })),
  };
  return { sink, pending };
}

const twoAccounts = {
  accounts: [
    { WeChatId: 'wxid_first', WeChatNo: 'first', WeChatNick: 'First', IMEI: 'IMEI0001' },
    { WeChatId: 'wxid_second', WeChatNo: 'second', WeChatNick: 'Second', IMEI: 'IMEI0001' },
  ],
};

describe('the device client with a commit sink', () => {
  it('delivers and acknowledges each message only after its commit resolved, once, in order, for its account', async () => {
    const sim = await simulator(twoAccounts);
    const { sink, committed } = recordingSink(3);
    const c = client(sim, { sink });
    const committedWhenDelivered: boolean[] = [];
    subscriptions.push(c.messages$.subscribe((message) => committedWhenDelivered.push(committed.some((batch) => batch.messages[0]?.id === message.id))));
    const messages = received(c);
    await online(c);

    for (let i = 0; i < 6; i++) {
      sim.sendMessage({ friendId: 'wxid_friend', content: `m${i}`, wechatId: i % 2 === 0 ? 'wxid_first' : 'wxid_second', msgSvrId: `710000000000000000${i}` });
    }
    sim.sendMessage({ friendId: 'wxid_friend', content: 'm0 again', wechatId: 'wxid_first', msgSvrId: '7100000000000000000' });
    sim.notify(DeviceMsgType.FriendAddReqeustNotice, { WeChatId: 'wxid_first', FriendId: 'wxid_new', FriendNick: 'New', Reason: 'hi' });
    await until(() => messages.length === 7 && sim.pendingNotices() === 0, 5000, 'every message acknowledged');
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(texts(messages)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'friend-request']);
    expect(committedWhenDelivered).toEqual(Array(7).fill(true));
    expect(committed.map((batch) => batch.messages.map((message) => message.id))).toEqual(messages.map((message) => [message.id]));
    expect(committed.map((batch) => batch.account)).toEqual(['wxid_first', 'wxid_second', 'wxid_first', 'wxid_second', 'wxid_first', 'wxid_second', 'wxid_first']);
    expect(committed.map((batch) => batch.state)).toEqual(
      messages.map((message) => ({ address: sim.address, acknowledges: [message.device.frameId] })),
    );
    const json = JSON.stringify(committed);
    expect(json).not.toContain('sim-token');
    expect(json).not.toContain('IMEI0001');
  });

  it('acknowledges nothing and delivers nothing while the commit is pending', async () => {
    const sim = await simulator();
    const { sink, pending } = heldSink();
    const c = client(sim, { sink });
    const messages = received(c);
    await online(c);

    const first = sim.sendMessage({ friendId: 'wxid_friend', content: 'slow' });
    const second = sim.sendMessage({ friendId: 'wxid_friend', content: 'behind it' });
    await until(() => pending.length === 1, 5000, 'the first commit');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(messages).toEqual([]);
    expect(ackedBy(sim, first)).toBe(false);
    expect(pending).toHaveLength(1); // the second notice waits for the first commit
    expect(sim.pendingNotices()).toBe(2);

    pending[0]!.resolve();
    await until(() => pending.length === 2, 5000, 'the second commit');
    await until(() => ackedBy(sim, first), 5000, 'the first ack');
    expect(texts(messages)).toEqual(['slow']);
    expect(ackedBy(sim, second)).toBe(false);
    pending[1]!.resolve();
    await until(() => ackedBy(sim, second) && messages.length === 2, 5000, 'the second ack');
    expect(texts(messages)).toEqual(['slow', 'behind it']);
  });

  it('keeps the heartbeats answered while a commit is pending', async () => {
    const sim = await simulator();
    const { sink, pending } = heldSink();
    const c = client(sim, { sink, heartbeatInterval: 50, heartbeatTimeout: 100 });
    received(c);
    await online(c);
    sim.sendMessage({ friendId: 'wxid_friend', content: 'slow' });
    await until(() => pending.length === 1, 5000, 'the commit');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(sim.authentications()).toBe(1);
  });

  it('ends the session with CommitFailedError on a rejected commit, unacknowledged, so the next client gets the message', async () => {
    const sim = await simulator();
    const refusal = new Error('the fleet is down');
    const c = client(sim, { sink: { commit: () => Promise.reject(refusal) } });
    const messages = received(c);
    const problems: string[] = [];
    subscriptions.push(c.events$.subscribe((event) => problems.push(event.type)));
    await online(c);
    const frameId = sim.sendMessage({ friendId: 'wxid_friend', content: 'keep me' });

    const { reason } = await ended(c);
    expect(reason.type).toBe('failed');
    const error = reason.type === 'failed' ? reason.error : undefined;
    expect(error).toBeInstanceOf(CommitFailedError);
    expect(error).toMatchObject({ account: 'wxid_sim_self', cause: refusal });
    expect(messages).toEqual([]);
    expect(problems).not.toContain('network-problem');
    expect(ackedBy(sim, frameId)).toBe(false);
    expect(sim.pendingNotices()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sim.authentications()).toBe(1); // no reconnect

    const { sink, committed } = recordingSink();
    const next = client(sim, { sink });
    const redelivered = received(next);
    await until(() => redelivered.length === 1, 5000, 'the message again');
    expect(texts(redelivered)).toEqual(['keep me']);
    expect(committed).toHaveLength(1);
    await until(() => ackedBy(sim, frameId), 5000, 'the ack');
  });

  it('commits a message again when the connection dropped during its commit, and delivers it once', async () => {
    const sim = await simulator();
    const { sink, pending } = heldSink();
    const c = client(sim, { sink });
    const messages = received(c);
    await online(c);
    const frameId = sim.sendMessage({ friendId: 'wxid_friend', content: 'in flight' });
    await until(() => pending.length === 1, 5000, 'the commit');

    sim.faults.abruptClose();
    await until(() => pending.length === 2, 5000, 'the commit on the new connection');
    pending[0]!.resolve(); // the old connection is gone: nothing of it is delivered or acknowledged
    pending[1]!.resolve();
    await until(() => ackedBy(sim, frameId) && messages.length === 1, 5000, 'the message');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(texts(messages)).toEqual(['in flight']);
    expect(pending.map((commit) => commit.batch.messages[0]?.id)).toEqual([messages[0]!.id, messages[0]!.id]);
  });
});

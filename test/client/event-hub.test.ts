import { filter, firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { perTest } from '../support/per-test.js';
import { BacklogStream } from '../../src/web/client/backlog-stream.js';
import { EventHub } from '../../src/web/client/event-hub.js';
import { text } from '../../src/testing/builders.js';
import type { WxEvent } from '../../src/model/events.js';
import { clientFor, collect, login, startFastSim, textOf } from './helpers.js';

describe('BacklogStream', () => {
  it('keeps what arrives while nobody listens and hands it to the next subscriber before live values', () => {
    const stream = new BacklogStream<number>(10);
    stream.next(1);
    stream.next(2);
    const seen: number[] = [];
    const subscription = stream.stream$.subscribe((n) => seen.push(n));
    stream.next(3);
    subscription.unsubscribe();
    stream.next(4);
    stream.stream$.subscribe((n) => seen.push(n));
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it('drops the oldest past its capacity and counts them', () => {
    const stream = new BacklogStream<number>(3);
    for (let n = 1; n <= 5; n++) stream.next(n);
    const seen: number[] = [];
    stream.stream$.subscribe((n) => seen.push(n));
    expect(seen).toEqual([3, 4, 5]);
    expect(stream.dropped).toBe(2);
  });

  it('leaves what a subscriber that stopped halfway did not take for the next one', async () => {
    const stream = new BacklogStream<number>(10);
    for (let n = 1; n <= 4; n++) stream.next(n);
    expect(await firstValueFrom(stream.stream$)).toBe(1);
    expect(await lastValueFrom(stream.stream$.pipe(take(3), toArray()))).toEqual([2, 3, 4]);
  });

  it('replays in order even when a handler causes new values during the replay', () => {
    const stream = new BacklogStream<number>(10);
    stream.next(1);
    stream.next(2);
    const seen: number[] = [];
    stream.stream$.subscribe((n) => {
      seen.push(n);
      if (n === 1) stream.next(10);
    });
    stream.next(3);
    expect(seen).toEqual([1, 2, 10, 3]);
  });

  it('release() empties the backlog of a stream nobody ever subscribed to, and it keeps nothing more until one does', () => {
    const unused = new BacklogStream<number>(10);
    const used = new BacklogStream<number>(10);
    used.stream$.subscribe().unsubscribe();
    for (const stream of [unused, used]) {
      stream.next(1);
      stream.release();
      stream.next(2);
    }
    const seen = (stream: BacklogStream<number>) => {
      const out: number[] = [];
      stream.stream$.subscribe((n) => out.push(n)).unsubscribe();
      return out;
    };
    expect(seen(unused)).toEqual([]);
    expect(seen(used)).toEqual([1, 2]);
  });
});

describe('EventHub', () => {
  const message = (content: string): WxEvent => ({ type: 'message', message: text(content) });
  const rateLimited: WxEvent = { type: 'rate-limited', endpoint: 'webwxsync', delayMs: 1000, until: 0 };

  it('keeps for a late events$ subscriber its other events and the messages no bot took, not those messages$ delivered', () => {
    const hub = new EventHub(10);
    hub.next(message('before the bot'));
    const bot: string[] = [];
    const subscription = hub.messages$.subscribe((m) => bot.push(textOf(m)));
    hub.next(message('to the bot'));
    hub.next(rateLimited);
    subscription.unsubscribe();
    hub.next(message('after the bot'));
    const logged: string[] = [];
    hub.events$.subscribe((event) => logged.push(event.type === 'message' ? textOf(event.message) : event.type));
    expect(bot).toEqual(['before the bot', 'to the bot']);
    expect(logged).toEqual(['before the bot', 'rate-limited', 'after the bot']);
  });

  it('hands every message to a live events$ subscriber, whoever else reads messages$', () => {
    const hub = new EventHub(10);
    const logged: string[] = [];
    hub.events$.subscribe((event) => logged.push(event.type === 'message' ? textOf(event.message) : event.type));
    hub.messages$.subscribe();
    hub.next(message('one'));
    hub.next(rateLimited);
    expect(logged).toEqual(['one', 'rate-limited']);
  });
});

describe('the client’s public streams keep their own backlogs', () => {
  const after = perTest();

  it('a logger on events$ does not take the first messages away from a bot that subscribes to messages$ later', async () => {
    const sim = after.closeAfter(await startFastSim(), (s) => s.close());
    const client = clientFor(sim);
    const logged: WxEvent['type'][] = [];
    after.subscriptions.add(client.events$.subscribe((e) => logged.push(e.type)));
    await login(client);
    const friend = sim.world().friends()[0]!;
    const texts = ['one', 'two', 'three'];
    for (const text of texts) sim.inject({ from: friend.id, text });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(logged.filter((t) => t === 'message').length).toBeGreaterThanOrEqual(3);

    const bot = await collect(client.messages$.pipe(filter((m) => m.kind === 'text')), 3);
    expect(bot.map(textOf)).toEqual(texts);
    await lastValueFrom(client.close(), { defaultValue: undefined });
  });

  it('a logger that subscribes to events$ late gets the messages no bot took, not those a bot on messages$ handled', async () => {
    const sim = after.closeAfter(await startFastSim(), (s) => s.close());
    const client = clientFor(sim);
    const friend = sim.world().friends()[0]!;
    await login(client);
    sim.inject({ from: friend.id, text: 'before the bot' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const bot: string[] = [];
    after.subscriptions.add(client.messages$.subscribe((m) => bot.push(textOf(m))));
    sim.inject({ from: friend.id, text: 'to the bot' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const logged: string[] = [];
    after.subscriptions.add(client.events$.subscribe((e) => void (e.type === 'message' && logged.push(textOf(e.message)))));
    sim.inject({ from: friend.id, text: 'live' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(bot.filter((t) => t !== '')).toEqual(['before the bot', 'to the bot', 'live']);
    expect(logged.filter((t) => t !== '')).toEqual(['before the bot', 'live']);
    await lastValueFrom(client.close(), { defaultValue: undefined });
  });

  it('a stream nobody subscribes to stops keeping a backlog backlogMs after login', async () => {
    const sim = after.closeAfter(await startFastSim(), (s) => s.close());
    const client = clientFor(sim, { backlogMs: 100 });
    after.subscriptions.add(client.events$.subscribe());
    await login(client);
    const friend = sim.world().friends()[0]!;
    await new Promise((resolve) => setTimeout(resolve, 200));
    sim.inject({ from: friend.id, text: 'early' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    sim.inject({ from: friend.id, text: 'live' });
    const first = await collect(client.messages$.pipe(filter((m) => m.kind === 'text')), 1);
    expect(first.map(textOf)).toEqual(['live']);
    await lastValueFrom(client.close(), { defaultValue: undefined });
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InjectSpec, OutboxEntry, Simulator } from '../../src/testing/index.js';

/** One step of a running block: what a simulated person sends (if anything), then what must have happened. */
export interface Step {
  readonly send?: (sim: Simulator) => InjectSpec;
  /** True once done: `sent` is the outbox since the step began, `printed` the block's output so far. */
  readonly done: (sim: Simulator, sent: readonly OutboxEntry[], printed: string) => boolean;
}

/** How a documentation block must behave when run, keyed by its file name (the `// name.ts` first line). */
export type Expectation =
  /** Runs to the end by itself, exit code 0, its output matching `prints`. */
  | { readonly runs: 'to-exit'; readonly prints?: RegExp }
  /**
   * Runs until stopped (a bot, a client that stays online): logs in to the test's simulator (`WECHAT_SERVER`),
   * after `setup` prepared the simulator's world and the block's folder, and gets each step done.
   */
  | { readonly runs: 'until-stopped'; readonly setup?: (sim: Simulator, dir: string) => void; readonly steps: readonly Step[] }
  /** A vitest file: every test passes, and there are `tests` of them. */
  | { readonly runs: 'under-vitest'; readonly tests: number }
  /**
   * An iLink bot that runs until stopped, against a fresh iLink simulator (`ILINK_SERVER`) whose phone scans and
   * confirms by itself: each user text is sent once the bot is online, and `answer` must come back to that user.
   */
  | { readonly runs: 'ilink-until-stopped'; readonly exchanges: readonly (readonly [text: string, answer: string])[] };

const friend = (sim: Simulator) => sim.world().friends()[0]!;
const idOf = (sim: Simulator, name: string) => sim.world().find(name)?.id;

/** A text from the first friend, and the answer the bot must send back to that friend. */
function privateText(text: string, answer: string): Step {
  return {
    send: (sim) => ({ from: friend(sim).id, text }),
    done: (sim, sent) => sent.some((entry) => entry.to === friend(sim).id && entry.content === answer),
  };
}

/** A group text @-mentioning the bot, from a member of the first group; the bot must answer in the group. */
function mentionInGroup(text: string, answer: RegExp): Step {
  const group = (sim: Simulator) => sim.world().groups()[0]!;
  return {
    send: (sim) => {
      const self = sim.world().self.id;
      const member = group(sim).members.find((m) => m.id !== self)!;
      return { group: group(sim).id, from: member.id, text, mentions: [self] };
    },
    done: (sim, sent) => sent.some((entry) => entry.to === group(sim).id && answer.test(entry.content)),
  };
}

export const README: Readonly<Record<string, Expectation>> = {
  'hello-bot.ts': { runs: 'until-stopped', steps: [mentionInGroup('are you there?', /^hi \S.*!$/)] },
  'echo-bot.ts': { runs: 'until-stopped', steps: [privateText('hello bot', 'you said: hello bot')] },
  'simulator.ts': { runs: 'to-exit', prints: /^\[\]$/m },
  'private-bot.ts': { runs: 'until-stopped', steps: [privateText('ping', 'you said: ping')] },
  'order-bot.ts': { runs: 'until-stopped', steps: [privateText('/order', 'Which size? S, M or L'), privateText('M', 'Ordered size M')] },
  'bot.ts': { runs: 'to-exit' },
  'bot.test.ts': { runs: 'under-vitest', tests: 1 },
  'resume.ts': { runs: 'to-exit' },
  'many-sessions.ts': { runs: 'to-exit', prints: /^30 sessions online$/m },
  'ilink-echo-bot.ts': { runs: 'ilink-until-stopped', exchanges: [['hello bot', 'you said: hello bot']] },
};

/** The files the media snippet sends: a few bytes each, the GIF with a real header (it decides sticker or image). */
function mediaFiles(dir: string): void {
  writeFileSync(join(dir, 'cat.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xd9]));
  writeFileSync(join(dir, 'q3.pdf'), '%PDF-1.4\n%%EOF\n');
  writeFileSync(join(dir, 'clip.mp4'), Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex'));
  writeFileSync(join(dir, 'party.gif'), Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'));
}

export const MEDIA_AND_CONTACTS: Readonly<Record<string, Expectation>> = {
  'send-media.ts': {
    runs: 'until-stopped',
    setup: (sim, dir) => {
      sim.world().addContact({ nickName: 'Alice' });
      mediaFiles(dir);
    },
    steps: [
      {
        // image 3, video 43, sticker 47 to Alice; the file (an app message) and her card (42) to filehelper
        done: (sim, sent) => {
          const kinds = sent.map((entry) => `${entry.to === idOf(sim, 'Alice') ? 'alice' : entry.toUserName}:${entry.type}`);
          return ['alice:3', 'alice:43', 'alice:47', 'filehelper:6', 'filehelper:42'].every((kind) => kinds.includes(kind));
        },
      },
    ],
  },
  'download.ts': {
    runs: 'until-stopped',
    steps: [{ send: (sim) => ({ from: friend(sim).id, kind: 'image' }), done: (_sim, _sent, printed) => /^saved \S+ \d+$/m.test(printed) }],
  },
  'contacts.ts': {
    runs: 'until-stopped',
    setup: (sim) => {
      const bob = sim.world().addContact({ nickName: 'Bob' });
      sim.world().createGroup({ topic: 'Team Rocket', memberIds: [bob.id, friend(sim).id] });
    },
    // the counts, the search for 'bo', then Bob's stable id with the team's members
    steps: [{ done: (_sim, _sent, printed) => /^\d+ friends, \d+ groups$/m.test(printed) && /'Bob'/.test(printed) && /^\S+ \[.*'Bob'.*\]$/m.test(printed) }],
  },
  'account.ts': {
    runs: 'until-stopped',
    setup: (sim) => void sim.world().addContact({ nickName: 'Carol', friend: false }),
    steps: [
      {
        done: (sim) =>
          sim.world().friends().some((person) => person.remarkName === 'Ann from work') &&
          sim.world().groups().some((group) => group.topic === 'Project X'),
      },
      {
        send: (sim) => ({ from: idOf(sim, 'Carol')!, kind: 'friend-request', text: 'Hi, I am Carol' }),
        done: (sim) => sim.world().friends().some((person) => person.nickName === 'Carol'),
      },
    ],
  },
};

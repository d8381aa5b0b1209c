/**
 * `startSimulator`: a protocol-faithful Web WeChat server on 127.0.0.1, for tests and bots that have no account.
 * Shares the protocol's code tables (`src/model`, `src/web/protocol`) and nothing else of the client.
 */
import type { AddressInfo } from 'node:net';
import type { Clock } from './clock.js';
import { Control, type ContactRef, type ContactResult, type GroupMemberChange, type SessionInfo, type Stats, type Target } from './control.js';
import type { FaultSpec } from './faults.js';
import type { InjectResult, InjectSpec } from './inject.js';
import { resolveOptions, type SimulatorOptions } from './options.js';
import type { Phone } from './phone.js';
import { requireSimulatorPackages } from './packages.js';
import { startWebPlayground } from './playground.js';
import { createSimServer, ENDPOINT_NAMES, type EndpointHandler } from './server.js';
import { PLAYGROUND_PATH } from '../playground/routes.js';
import type { OutboxEntry } from './session.js';
import { SimState } from './state.js';
import type { NewPerson, PersonPatch, World } from './world.js';

export interface Simulator {
  /** `http://127.0.0.1:<port>`: every WeChat host maps onto it (clients take it as their `server`). */
  readonly origin: string;
  /** The main host the simulated accounts live on (informational; see `SimulatorOptions.mainHost`). */
  readonly mainHost: string;
  /** The playground page (`<origin>/__ui/`) when started with `ui: true`, else `undefined`. */
  readonly playgroundUrl: string | undefined;
  readonly clock: Clock;
  /** The account owner's phone: scan, confirm, cancel, expire, refuse (1203), kick (1101), logout (1100). */
  readonly phone: Phone;
  /**
   * Queues messages from a contact or group member (or events) for a session; returns the `MsgId`s. Throws a
   * `ControlError` (404) while no client is logged in.
   */
  inject(spec: InjectSpec): InjectResult;
  /** What clients sent (all sessions, or one). */
  outbox(target?: Target): OutboxEntry[];
  /** Scripts a fault; returns its id for `clearFaults`. */
  fault(spec: FaultSpec): { readonly id: number };
  clearFaults(id?: number): { readonly cleared: number };
  stats(): Stats;
  sessions(): SessionInfo[];
  /**
   * The world of a session's account: the session `target` names, else the newest active session's, else the
   * account the last login was given. Before any login it is the world of the account the next QR login gets, so
   * `sim.world().friends()[0]` works right after `startSimulator()` and the client that logs in next sees the same
   * people (change it directly with its methods, e.g. `addContact`; `sim.contacts.*` need a logged-in client).
   */
  world(target?: Target): World;
  readonly contacts: {
    add(init?: NewPerson & Target & { readonly notify?: boolean }): ContactResult;
    remove(ref: ContactRef): ContactResult;
    modify(change: ContactRef & PersonPatch): ContactResult;
  };
  readonly groups: {
    addMember(change: GroupMemberChange): ContactResult;
    removeMember(change: GroupMemberChange): ContactResult;
    renameMember(change: GroupMemberChange): ContactResult;
  };
  /** Ends every session and forgets logins, media, faults and counters. */
  reset(): void;
  /** Stops the server, drops every connection and clears every timer. */
  close(): Promise<void>;
}

/** @internal Options for tests of the client's own code, not part of the simulator's public options. */
export interface SimulatorHooks {
  /**
   * More `/cgi-bin/mmwebwx-bin/{name}` endpoints, served like the built-in ones (counted, scripted faults applied):
   * for tests of an endpoint the client gains (test/web/made-up-endpoint.test.ts). @default none
   */
  readonly extraEndpoints?: Readonly<Record<string, EndpointHandler>>;
}

export function startSimulator(options?: SimulatorOptions): Promise<Simulator>;
/** @internal */
export function startSimulator(options: SimulatorOptions & SimulatorHooks): Promise<Simulator>;
export async function startSimulator(options: SimulatorOptions & SimulatorHooks = {}): Promise<Simulator> {
  requireSimulatorPackages();
  const resolved = resolveOptions(options);
  const sim = new SimState(resolved);
  const control = new Control(sim);
  const playground = resolved.ui ? startWebPlayground(sim, control, ENDPOINT_NAMES) : undefined;
  const server = createSimServer(sim, control, options.extraEndpoints, playground);
  await new Promise<void>((resolve, reject) => {
    // A port in use (or any listen error) leaves nothing running: the state's timers stop with it.
    const fail = (error: Error) => {
      playground?.close();
      sim.stop();
      reject(error);
    };
    server.once('error', fail);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', fail);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  sim.origin = `http://${host}:${address.port}`;
  let closed: Promise<void> | undefined;
  return {
    origin: sim.origin,
    mainHost: resolved.mainHost,
    playgroundUrl: playground === undefined ? undefined : `${sim.origin}${PLAYGROUND_PATH}`,
    clock: sim.clock,
    phone: control.phone,
    inject: (spec) => control.inject(spec),
    outbox: (target) => control.outbox(target),
    fault: (spec) => control.fault(spec),
    clearFaults: (id) => control.clearFaults(id),
    stats: () => control.stats(),
    sessions: () => control.sessions(),
    world: (target) => control.world(target),
    contacts: {
      add: (init = {}) => control.addContact(init),
      remove: (ref) => control.removeContact(ref),
      modify: (change) => control.modifyContact(change),
    },
    groups: {
      addMember: (change) => control.addGroupMember(change),
      removeMember: (change) => control.removeGroupMember(change),
      renameMember: (change) => control.renameGroupMember(change),
    },
    reset: () => control.reset(),
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        playground?.close();
        sim.stop();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

export { ManualClock, realClock, type Clock } from './clock.js';
export { ControlError } from './control-error.js';
export type { ContactRef, ContactResult, GroupMemberChange, SessionInfo, Stats, Target } from './control.js';
export { FAULT_KINDS, type FaultKind, type FaultSpec } from './faults.js';
export { INJECT_KINDS, type InjectKind, type InjectResult, type InjectSpec } from './inject.js';
export type { SimulatorOptions, WorldSizes } from './options.js';
export type {
  Contact as WorldContact,
  Entity,
  Group as WorldGroup,
  GroupMember as WorldGroupMember,
  NewGroup,
  NewPerson,
  OfficialAccount,
  Person,
  PersonPatch,
  SelfProfile,
  Sex,
  SpecialAccount,
  World,
} from './world.js';
export type { KickOptions, Phone, PhoneTarget, RefuseOptions, ScanOptions } from './phone.js';
export type { OutboxEntry } from './session.js';

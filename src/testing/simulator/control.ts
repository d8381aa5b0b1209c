/**
 * The control operations behind both `sim.*` and `/__sim/…`: one implementation, plain-data inputs and outputs,
 * `ControlError` (→ 4xx) for bad input. World changes are applied to the chosen session's account and queued for its
 * client as `ModContactList` / `DelContactList` entries plus the system texts the phone would show.
 */
import { ControlError } from './control-error.js';
import { FAULT_KINDS, type FaultSpec } from './faults.js';
import { inject, type InjectResult, type InjectSpec } from './inject.js';
import { createPhone, type Phone } from './phone.js';
import type { OutboxEntry, Session } from './session.js';
import type { SimState } from './state.js';
import type { Entity, NewPerson, PersonPatch, World } from './world.js';

export interface SessionInfo {
  readonly uuid: string;
  readonly uin: number;
  readonly active: boolean;
  readonly endCode?: number;
  readonly self: { readonly id: string; readonly userName: string; readonly nickName: string };
  readonly desktop: boolean;
  readonly pending: number;
  readonly acked: number;
  readonly dropped: number;
  readonly outbox: number;
  readonly heldSyncchecks: number;
  /** How often `BaseRequest.DeviceID` differed from the first one (a per-request DeviceID is a fingerprint). */
  readonly deviceIdChanges: number;
}

export interface Stats {
  /** Requests per endpoint name (`synccheck`, `webwxsync`, …). */
  readonly requests: Readonly<Record<string, number>>;
  readonly sessions: number;
  readonly activeSessions: number;
  readonly heldSyncchecks: number;
  readonly timers: number;
  readonly faults: number;
}

export interface Target {
  /** Login uuid or uin; default the newest active session. */
  readonly session?: string | number;
}

export interface ContactRef extends Target {
  /** Stable id or name. */
  readonly contact: string;
}

export interface GroupMemberChange extends Target {
  readonly group: string;
  /** Stable id or name; `add` creates a stranger when omitted. */
  readonly member?: string;
  readonly displayName?: string;
  /** Who added or removed (default self), for the system text. */
  readonly by?: string;
}

export interface ContactResult {
  readonly id: string;
  readonly userName: string;
}

export class Control {
  readonly phone: Phone;

  constructor(private readonly sim: SimState) {
    this.phone = createPhone(sim);
  }

  /** The session `target` names, else the newest active one; `operation` names the call in the error. */
  session(target: Target | undefined, operation: string): Session {
    const key = target?.session;
    if (key !== undefined) {
      const found = this.sim.sessions.lookup(key);
      if (found === undefined) throw new ControlError(404, `unknown session ${String(key)}`);
      return found;
    }
    const active = this.sim.sessions.latestActive();
    if (active !== undefined) return active;
    const state = this.sim.sessions.all().length === 0 ? 'no client is logged in yet' : 'no client is logged in any more (every session has ended)';
    throw new ControlError(404, `${state}: ${operation} needs a logged-in session; log a client in first`);
  }

  /**
   * The world of the session `target` names, else of the newest active session, else of the account the last login
   * was given; before any login, the world of the account the next QR login gets (so it can be looked at and
   * changed first).
   */
  world(target?: Target): World {
    if (target?.session !== undefined) return this.session(target, 'world').account.world;
    const account = this.sim.sessions.latestActive()?.account ?? this.sim.accounts.latest() ?? this.sim.accounts.next(this.sim.now());
    return account.world;
  }

  sessions(): SessionInfo[] {
    return this.sim.sessions.all().map((s) => ({
      uuid: s.uuid,
      uin: s.uin,
      active: s.active,
      ...(s.endCode === undefined ? {} : { endCode: s.endCode }),
      self: { id: s.account.world.self.id, userName: s.selfUserName, nickName: s.account.world.self.nickName },
      desktop: s.desktop,
      pending: s.queue.size,
      acked: s.queue.ackedSeq,
      dropped: s.queue.dropped,
      outbox: s.outbox.length,
      heldSyncchecks: s.queue.waiting,
      deviceIdChanges: s.deviceIdChanges,
    }));
  }

  inject(spec: InjectSpec): InjectResult {
    return inject(this.sim, this.session(spec, 'inject'), spec);
  }

  outbox(target?: Target): OutboxEntry[] {
    if (target?.session !== undefined) return [...this.session(target, 'outbox').outbox];
    return this.sim.sessions.all().flatMap((s) => s.outbox);
  }

  addContact(init: NewPerson & Target & { readonly notify?: boolean }): ContactResult {
    const session = this.session(init, 'contacts.add');
    const { session: _s, notify, ...person } = init;
    const added = session.account.world.addContact(person);
    const now = this.sim.now();
    session.pushModContact(added, now, true);
    if (added.isFriend && notify !== false) session.pushMessages([{ kind: 'system', event: { type: 'friend-added', friend: added.id, byMe: false } }], now);
    return { id: added.id, userName: session.userNames.userNameOf(added.id) };
  }

  removeContact(ref: ContactRef): ContactResult {
    const session = this.session(ref, 'contacts.remove');
    const entity = this.entity(session, ref.contact);
    if (session.account.world.removeContact(entity.id) === undefined) throw new ControlError(400, `${JSON.stringify(ref.contact)} is not a person or official account`);
    session.pushDelContact(entity.id, this.sim.now());
    return { id: entity.id, userName: session.userNames.userNameOf(entity.id) };
  }

  modifyContact(change: ContactRef & PersonPatch): ContactResult {
    const session = this.session(change, 'contacts.modify');
    const entity = this.entity(session, change.contact);
    if (entity.kind !== 'person') throw new ControlError(400, `${JSON.stringify(change.contact)} is not a person`);
    const { session: _s, contact: _c, ...patch } = change;
    session.pushModContact(session.account.world.modifyContact(entity.id, patch), this.sim.now());
    return { id: entity.id, userName: session.userNames.userNameOf(entity.id) };
  }

  addGroupMember(change: GroupMemberChange): ContactResult {
    const { session, world, group } = this.group(change, 'groups.addMember');
    const id = change.member === undefined ? world.addContact({ friend: false }).id : this.entity(session, change.member).id;
    const by = change.by === undefined ? world.self.id : this.entity(session, change.by).id;
    const updated = world.addGroupMember(group, id, change.displayName ?? '');
    const now = this.sim.now();
    session.pushModContact(updated, now);
    session.pushMessages([{ kind: 'system', group, event: { type: 'group-invite', inviter: by, invitees: [id] } }], now);
    return { id, userName: session.userNames.userNameOf(id) };
  }

  removeGroupMember(change: GroupMemberChange): ContactResult {
    const { session, world, group } = this.group(change, 'groups.removeMember');
    if (change.member === undefined) throw new ControlError(400, 'member is required');
    const id = this.entity(session, change.member).id;
    const updated = world.removeGroupMember(group, id);
    const now = this.sim.now();
    session.pushModContact(updated, now);
    const event = id === world.self.id ? { type: 'group-removed-self' as const, by: change.by === undefined ? updated.ownerId : this.entity(session, change.by).id } : { type: 'group-kick' as const, removed: [id] };
    session.pushMessages([{ kind: 'system', group, event }], now);
    return { id, userName: session.userNames.userNameOf(id) };
  }

  renameGroupMember(change: GroupMemberChange): ContactResult {
    const { session, world, group } = this.group(change, 'groups.renameMember');
    if (change.member === undefined || change.displayName === undefined) throw new ControlError(400, 'member and displayName are required');
    const id = this.entity(session, change.member).id;
    session.pushModContact(world.setDisplayName(group, id, change.displayName), this.sim.now());
    return { id, userName: session.userNames.userNameOf(id) };
  }

  fault(spec: FaultSpec): { readonly id: number } {
    if (typeof spec.endpoint !== 'string' || spec.endpoint === '') throw new ControlError(400, 'fault needs an endpoint (or "*")');
    if (!(FAULT_KINDS as readonly string[]).includes(spec.kind)) throw new ControlError(400, `unknown fault kind ${JSON.stringify(spec.kind)}; one of ${FAULT_KINDS.join(', ')}`);
    for (const key of ['value', 'times', 'forMs', 'after'] as const) {
      const v = spec[key];
      if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v))) throw new ControlError(400, `fault ${key} must be a number`);
    }
    const { id } = this.sim.faults.add(spec);
    this.sim.report({ type: 'faults' });
    return { id };
  }

  clearFaults(id?: number): { readonly cleared: number } {
    const cleared = this.sim.faults.clear(id);
    this.sim.report({ type: 'faults' });
    return { cleared };
  }

  stats(): Stats {
    const sessions = this.sim.sessions.all();
    return {
      requests: Object.fromEntries(this.sim.requests),
      sessions: sessions.length,
      activeSessions: sessions.filter((s) => s.active).length,
      heldSyncchecks: sessions.reduce((n, s) => n + s.queue.waiting, 0),
      timers: this.sim.timers.size,
      faults: this.sim.faults.list().length,
    };
  }

  reset(): void {
    this.sim.reset();
  }

  private entity(session: Session, idOrName: string): Entity {
    const world = session.account.world;
    const found = idOrName === 'self' ? world.self : world.find(idOrName);
    if (found === undefined) throw new ControlError(404, `unknown contact ${JSON.stringify(idOrName)}`);
    return found;
  }

  private group(change: GroupMemberChange, operation: string) {
    const session = this.session(change, operation);
    const world = session.account.world;
    const g = this.entity(session, change.group);
    if (g.kind !== 'group') throw new ControlError(400, `${JSON.stringify(change.group)} is not a group`);
    return { session, world, group: g.id };
  }
}

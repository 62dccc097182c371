import { applyEdit } from '../edit-party.ts';
import { erasePersonalData } from '../erasure.ts';
import type { WireProblem } from '../wire/text.ts';
import type { GuestMessage, MessageKind } from '../guest-message.ts';
import { applyAction, undoLast, UNDO_WINDOW_MS, type PartyAction } from '../lifecycle.ts';
import { applyMove } from '../move.ts';
import { isActive, isErased, type Party, type PartyStatus } from '../party.ts';
import type { ValidPartyInput } from '../party-input.ts';
import type { Mutation } from './mutation.ts';

/** The statuses of a party that has left the board. */
export type FinishedStatus = Exclude<PartyStatus, 'waiting' | 'notified'>;

/** Who made a party's last change that Undo can take back (a finish, a call, a move, a recall). */
export interface ChangeRef {
  mutation: string;
  tablet: string;
  /** What that change was: a staff action, or a move. */
  change: PartyAction | 'move';
}

/** A venue's parties as the server (or a tablet's view of it) holds them. Plain JSON. */
export interface SyncState {
  parties: Readonly<Record<string, Party>>;
  /** Every mutation id the state has taken in, applied or rejected: a re-delivery changes nothing. */
  seen: Readonly<Record<string, true>>;
  /** Per party, its last change Undo can take back. */
  lastChange: Readonly<Record<string, ChangeRef>>;
}

/** Why a mutation was refused, for the tablet that made it to say in words. */
export type SyncRejection =
  /** No tablet ever added this party (or the mutation names another party than it carries). */
  | { kind: 'unknown_party' }
  /** Another change finished the party first: `by` is how, `tablet` where. */
  | { kind: 'already_finished'; by: FinishedStatus; tablet: string | null; finishedAt: number }
  /** A Recall of a party that is already back on the board (`tablet`: the one that recalled it, when that was its last change). */
  | { kind: 'already_on_board'; tablet: string | null }
  /** A Table ready for a round already called (`tablet`: the one that called, when that was the party's last change; `calledAt`: when, absent from older servers). */
  | { kind: 'already_called'; round: number; tablet: string | null; calledAt?: number | null }
  /** An Undo of a change that never took effect (it was itself refused, or already undone). */
  | { kind: 'nothing_to_undo' }
  /** An Undo of a change that is no longer the party's last one: someone changed it since. */
  | { kind: 'changed_since'; tablet: string | null }
  /** The server's schema refused the change itself: where (`party.note`, `changes.name`…) and why, when it says. */
  | { kind: 'invalid'; at: string; problem?: WireProblem }
  /** The venue's board holds all the server takes (`bound`: its most parties waiting, or its most bytes of them, `max`): a party cannot join it. */
  | { kind: 'board_full'; bound: 'parties' | 'bytes'; max: number }
  /** The owner erased this guest's details: nothing more can be changed or sent for the party. */
  | { kind: 'erased' };

/** A check before a change applies (the server's bounds on a board): a reason refuses it, null lets it apply. */
export type Admit = (before: Party | undefined, after: Party) => SyncRejection | null;

/** What became of one mutation. */
export type MutationOutcome =
  | { id: string; outcome: 'applied' }
  /** Already taken in (same mutation id, an add of a party already there, a message record no newer than the party's): nothing changed. */
  | { id: string; outcome: 'duplicate' }
  | { id: string; outcome: 'rejected'; reason: SyncRejection };

/** The state after a run of mutations, and what became of each, in order. */
export interface MergeResult {
  state: SyncState;
  outcomes: MutationOutcome[];
}

const own = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;

const inputOf = (p: Party): ValidPartyInput => ({
  name: p.name,
  size: p.size,
  note: p.note,
  quoteMinutes: p.quoteMinutes,
  pushedId: p.pushedId,
  email: p.email,
  ...(p.phone === undefined ? {} : { phone: p.phone }),
});

type Step =
  | { party: Party; undoable: ChangeRef['change'] | 'clear' | 'keep' }
  | { reason: SyncRejection }
  /** Nothing newer than what the party already shows. */
  | { stale: true };

/**
 * A message record from a tablet, against the party's: a later round replaces an earlier one (and
 * becomes what the row shows when it was queued last); within one round a "sent" stays sent (two
 * tablets sending the same round share one key: the relay sent it once) and otherwise the record
 * that reached the server later stands; an earlier round is stale. `sent` counts keep the larger.
 */
function withMessageRecord(party: Party, kind: MessageKind, record: GuestMessage): Party | null {
  const current = party.messages[kind];
  if (current && record.round < current.round) return null;
  let next: GuestMessage = record;
  if (current && record.round === current.round) {
    const keep = current.delivery.state === 'sent' && record.delivery.state !== 'sent';
    next = { ...(keep ? current : record), sent: Math.max(current.sent, record.sent) };
    if (keep && next.sent === current.sent) return null;
  }
  const messages = { ...party.messages, [kind]: next };
  const shown = party.lastMessage ? messages[party.lastMessage] : undefined;
  const lastMessage = !shown || next.at >= shown.at ? kind : party.lastMessage;
  return { ...party, messages, lastMessage };
}

function finished(party: Party, last: ChangeRef | undefined): SyncRejection {
  return {
    kind: 'already_finished',
    by: party.status as FinishedStatus,
    tablet: last?.tablet ?? null,
    finishedAt: party.finishedAt ?? party.updatedAt,
  };
}

// The tablet that made the party's last change, if that change was `change`.
const by = (last: ChangeRef | undefined, change: ChangeRef['change']): string | null =>
  last?.change === change ? last.tablet : null;

// One mutation against the party it names, through the tablet's own rules.
function step(m: Mutation, party: Party, last: ChangeRef | undefined): Step {
  const onBoard = isActive(party.status);
  if (isErased(party)) {
    if (m.kind === 'erase') return { stale: true };
    return { reason: m.kind === 'undo' ? { kind: 'nothing_to_undo' } : { kind: 'erased' } };
  }
  switch (m.kind) {
    case 'add':
      throw new Error('an add is handled before step');
    case 'edit': {
      if (!onBoard) return { reason: finished(party, last) };
      const r = applyEdit(party, { ...inputOf(party), ...m.changes }, m.at);
      return r.ok ? { party: r.value, undoable: 'keep' } : { reason: finished(party, last) };
    }
    case 'move': {
      if (!onBoard) return { reason: finished(party, last) };
      const r = applyMove(party, m.rank, m.at);
      return r.ok ? { party: r.value, undoable: 'move' } : { reason: finished(party, last) };
    }
    case 'act': {
      if (m.action === 'recall' && onBoard) return { reason: { kind: 'already_on_board', tablet: by(last, 'recall') } };
      if (m.action !== 'recall' && !onBoard) return { reason: finished(party, last) };
      if (m.action === 'notify' && m.round !== undefined && party.callCount >= m.round) {
        return {
          reason: { kind: 'already_called', round: m.round, tablet: by(last, 'notify'), calledAt: party.calledAt },
        };
      }
      const r = applyAction(party, m.action, m.at);
      return r.ok ? { party: r.value, undoable: m.action } : { reason: finished(party, last) };
    }
    case 'message': {
      // A message settles whenever Pushed answers, on the board or after the party left it.
      const changed = withMessageRecord(party, m.message, m.record);
      return changed ? { party: changed, undoable: 'keep' } : { stale: true };
    }
    case 'guest': {
      if (!onBoard) return { reason: finished(party, last) };
      if (m.action === 'on_my_way') return { party: { ...party, onMyWayAt: m.at, updatedAt: m.at }, undoable: 'keep' };
      if (m.action === 'pushed_allowed')
        return {
          party: { ...party, pushedUser: { allowedAt: m.at, lostAt: null }, updatedAt: m.at },
          undoable: 'keep',
        };
      if (m.action === 'pushed_lost') {
        if (!party.pushedUser || party.pushedUser.lostAt !== null) return { stale: true };
        return {
          party: { ...party, pushedUser: { ...party.pushedUser, lostAt: m.at }, updatedAt: m.at },
          undoable: 'keep',
        };
      }
      const r = applyAction(party, 'remove', m.at);
      // Not a staff action Undo can take back: a host who wants them back recalls them.
      return r.ok
        ? { party: { ...r.value, finishReason: 'guest_cancelled', previous: null }, undoable: 'clear' }
        : { reason: finished(party, last) };
    }
    case 'erase':
      // Finished or not, whatever came before: an erasure is no change Undo can take back.
      return { party: erasePersonalData(party, m.at), undoable: 'clear' };
    case 'undo': {
      if (!last || party.previous === null) return { reason: { kind: 'nothing_to_undo' } };
      if (last.mutation !== m.undoes) return { reason: { kind: 'changed_since', tablet: last.tablet } };
      // The tablet judged the undo window on its own clock; here only "is it still the last change" counts.
      const since = party.previous.changedAt;
      const r = undoLast(party, Math.min(Math.max(m.at, since), since + UNDO_WINDOW_MS));
      return r.ok ? { party: r.value, undoable: 'clear' } : { reason: { kind: 'nothing_to_undo' } };
    }
  }
}

/**
 * Applies mutations in the order they reached the server, each through the same pure rules as the
 * tablet; deterministic (no clock, no randomness: a mutation's own `at` is its time). A mutation id
 * seen before and an add of a party already there are duplicates and change nothing; whatever breaks
 * a rule (a second finish, an edit of a finished party, an undo of a change since overtaken) is
 * rejected with its reason and changes nothing either, as is one `admit` refuses. Never mutates `state`.
 */
export function applyServerOrder(state: SyncState, mutations: readonly Mutation[], admit?: Admit): MergeResult {
  const parties: Record<string, Party> = { ...state.parties };
  const seen: Record<string, true> = { ...state.seen };
  const lastChange: Record<string, ChangeRef> = { ...state.lastChange };
  const outcomes: MutationOutcome[] = [];
  for (const m of mutations) {
    const id = m.id;
    if (own(seen, id)) {
      outcomes.push({ id, outcome: 'duplicate' });
      continue;
    }
    seen[id] = true;
    const party = own(parties, m.partyId);
    if (m.kind === 'add') {
      if (m.party.id !== m.partyId) outcomes.push({ id, outcome: 'rejected', reason: { kind: 'unknown_party' } });
      else if (party) outcomes.push({ id, outcome: 'duplicate' });
      else {
        const refused = admit?.(undefined, m.party);
        if (refused) {
          outcomes.push({ id, outcome: 'rejected', reason: refused });
          continue;
        }
        parties[m.partyId] = m.party;
        outcomes.push({ id, outcome: 'applied' });
      }
      continue;
    }
    if (!party) {
      outcomes.push({ id, outcome: 'rejected', reason: { kind: 'unknown_party' } });
      continue;
    }
    const result = step(m, party, own(lastChange, m.partyId));
    if ('stale' in result) {
      outcomes.push({ id, outcome: 'duplicate' });
      continue;
    }
    if ('reason' in result) {
      outcomes.push({ id, outcome: 'rejected', reason: result.reason });
      continue;
    }
    const refused = admit?.(party, result.party);
    if (refused) {
      outcomes.push({ id, outcome: 'rejected', reason: refused });
      continue;
    }
    parties[m.partyId] = result.party;
    if (result.undoable === 'clear') delete lastChange[m.partyId];
    else if (result.undoable !== 'keep')
      lastChange[m.partyId] = { mutation: id, tablet: m.tablet, change: result.undoable };
    outcomes.push({ id, outcome: 'applied' });
  }
  return { state: { parties, seen, lastChange }, outcomes };
}

/**
 * A tablet's view: the server's state with this tablet's still-pending mutations re-applied on top,
 * by the same rules. Those the server has already taken in are duplicates; those that no longer fit
 * (another tablet finished the party first…) are reported and left out.
 */
export const rebase = (serverState: SyncState, pending: readonly Mutation[]): MergeResult =>
  applyServerOrder(serverState, pending);

import type { Mutation } from '../../core/sync/mutation.ts';
import type { SyncNotice } from '../../state/sync-model.ts';
import { invalidIn, type PartyField } from './sync-fields.ts';

/** A Table ready another tablet beat: the guest was called, and that is what the host must read. */
export type AlreadyCalled = Extract<SyncNotice['reason'], { kind: 'already_called' }>;
/** A change the venue's full board did not take. */
export type BoardFull = Extract<SyncNotice['reason'], { kind: 'board_full' }>;

const clock = (at: number) => new Date(at).toLocaleTimeString('en', { hour: 'numeric', minute: '2-digit' });
const on = (tablet: string | null, byGuest = false) =>
  byGuest ? 'from the guest’s phone' : tablet ? `on ${tablet}` : 'on another tablet';
const finishedAs = { seated: 'seated', no_show: 'marked as a no-show', removed: 'removed' } as const;

/** What the host did, as the notice names it. */
function changeName(change: Mutation): string {
  switch (change.kind) {
    case 'add':
      return 'new party';
    case 'edit':
      return 'change';
    case 'move':
      return 'move';
    case 'message':
      return 'message to the guest';
    case 'undo':
      return 'Undo';
    case 'guest':
      return change.action === 'cancel' ? 'guest’s cancel' : 'guest’s “on my way”';
    case 'erase':
      return 'erasure';
    case 'act':
      return { notify: 'Table ready', seat: 'Seated', no_show: 'No-show', remove: 'Remove', recall: 'Recall' }[
        change.action
      ];
  }
}

/** "Maria (party of 4) was already called (call 2) by Bar tablet at 8:14 PM": the guest was called, by whom and when. */
function called({ partyName, partySize, tablet }: SyncNotice, { round, calledAt }: AlreadyCalled): string {
  const who = partySize === null ? partyName : `${partyName} (party of ${partySize})`;
  const again = round > 1 ? ` (call ${round})` : '';
  const when = typeof calledAt === 'number' ? ` at ${clock(calledAt)}` : '';
  return `${who} was already called${again} by ${tablet ?? 'another tablet'}${when}`;
}

const FIELDS: Record<PartyField, string> = {
  name: 'name',
  note: 'note',
  size: 'party size',
  quoteMinutes: 'quote',
  pushedId: 'PushedID',
  email: 'email',
};

function invalid(name: string, { at, problem }: Extract<SyncNotice['reason'], { kind: 'invalid' }>): string {
  const field = invalidIn(at);
  const whose = field ? `${name}’s ${FIELDS[field]}` : `A change to ${name}`;
  if (problem === 'control_character' || problem === 'lone_surrogate')
    return `${whose} has a character Waitbell can’t store`;
  if (problem === 'too_long') return `${whose} is too long for the venue server`;
  // A tablet whose clock fell back to 1970 (a flat battery) stamps every change so.
  if (problem === 'out_of_range')
    return `A change to ${name} carries a date the venue server can’t take: check this tablet’s date and time`;
  return field ? `The venue server did not accept ${whose}` : `The venue server could not take a change to ${name}`;
}

/** The venue's board at its bounds, as a host says it. */
const fullList = ({ bound, max }: BoardFull) =>
  bound === 'parties' ? `the venue’s list is full (${max} parties waiting)` : 'the venue’s list is full';

/** A new party the full board did not take: it stays here, and the host must know the others lack it. */
const onlyHere = (name: string, full: BoardFull) =>
  `${name} is only on this tablet: ${fullList(full)}, so the other tablets don’t see ${name}. Once there is room, any change to ${name} sends it to them.`;

/** Why the server refused it, in a host's words. */
function what({ partyName: name, reason, tablet, byGuest }: SyncNotice): string {
  switch (reason.kind) {
    case 'already_finished':
      if (byGuest && reason.by === 'removed')
        return `${name} had already cancelled from their phone at ${clock(reason.finishedAt)}`;
      return `${name} was already ${finishedAs[reason.by]} ${on(tablet, byGuest)} at ${clock(reason.finishedAt)}`;
    case 'already_on_board':
      return `${name} was already back on the list (${on(tablet, byGuest)})`;
    case 'changed_since':
      return `${name} was changed ${on(tablet, byGuest)} since`;
    case 'nothing_to_undo':
      return `There was nothing left to undo for ${name}`;
    case 'unknown_party':
      return `${name} is not on the venue’s list`;
    case 'invalid':
      return invalid(name, reason);
    case 'board_full':
      return `${name} could not go back on the list: ${fullList(reason)}`;
    case 'erased':
      return 'This guest’s details were erased by the owner';
    default:
      return `The venue server could not take a change to ${name}`;
  }
}

/** Sync with the venue server in English: the history's progress, changes another tablet beat (the badge's words are en-connection's). */
export const enSync = {
  history: (done: number, total: number) => `Loading the venue’s history: ${done} of ${total}`,
  /** "Ana (party of 2) cancelled from their phone." */
  guestCancelled: (name: string, size: number) => `${name} (party of ${size}) cancelled from their phone.`,
  /** "Ana was already seated on Bar tablet at 8:14 PM — your No-show was not applied." */
  rejected: (notice: SyncNotice) =>
    notice.reason.kind === 'already_called'
      ? `${called(notice, notice.reason)}. ${notice.reachable ? 'Your Table ready was not sent again, so the guest is not called twice.' : 'Your Table ready was not needed.'}`
      : notice.reason.kind === 'board_full' && notice.change.kind === 'add'
        ? onlyHere(notice.partyName, notice.reason)
        : `${what(notice)} — your ${changeName(notice.change)} was not applied.`,
};

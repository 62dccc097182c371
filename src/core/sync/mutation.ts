import type { GuestMessage, MessageKind } from '../guest-message.ts';
import type { PartyAction } from '../lifecycle.ts';
import type { Party } from '../party.ts';
import type { FieldProblem, ValidPartyInput } from '../party-input.ts';
import type { WireProblem } from '../wire/text.ts';

/** The fields a host can correct on a party on the board. */
export type EditableField = keyof ValidPartyInput;

/** What a host did to one party: the change itself, without who or when. */
export type MutationChange =
  /** A new party, whole, as the tablet stored it. */
  | { kind: 'add'; party: Party }
  /** Only the fields the host changed, with their new values. */
  | { kind: 'edit'; changes: Partial<ValidPartyInput> }
  /** Table ready, Seated, No-show, Remove or Recall; a Table ready says which call it is (`round`: the call count after it), so two tablets calling the same round call once. */
  | { kind: 'act'; action: PartyAction; round?: number }
  /** A new place in line (one party's rank; a re-spacing of the board is one move per party). */
  | { kind: 'move'; rank: number }
  /** Undo of the change made by mutation `undoes` (a finish, or a move). */
  | { kind: 'undo'; undoes: string }
  /** Where one kind of message to the guest stands on the tablet that sent it (queued, sent, failed…), for every tablet to show. */
  | { kind: 'message'; message: MessageKind; record: GuestMessage }
  /** What the guest did from their own phone: only the venue server makes these (a tablet's push of one is refused). */
  | { kind: 'guest'; action: GuestAction }
  /** The owner erased this guest's details (`erasure`: the erasure's id): only the venue server makes these, like `guest`. */
  | { kind: 'erase'; erasure: string };

/**
 * The guest's own actions on their status page: leave the list, say they are coming after a call, or
 * let the venue's Pushed app notify them (`pushed_allowed`); and `pushed_lost` when that permission
 * stopped counting (the venue changed its Pushed app key).
 */
export type GuestAction = 'cancel' | 'on_my_way' | 'pushed_allowed' | 'pushed_lost';

/** The device id the venue server's own changes (a guest's check-in, cancel, "on my way") are made under. */
export const GUEST_PAGE_DEVICE = 'guest-page';

/**
 * One change a host made on one tablet, as it travels to the server: plain JSON. `id` is made once
 * by the tablet (random, passed in) so that a retry is recognised; `at` is the tablet's clock, kept
 * for the record and for the party's times, never to decide an order (the server's order decides).
 */
export type Mutation = {
  id: string;
  tablet: string;
  at: number;
  partyId: string;
} & MutationChange;

/** A mutation of the given change, with who, when and which party. */
export const mutation = (
  id: string,
  tablet: string,
  at: number,
  partyId: string,
  change: MutationChange,
): Mutation => ({ id, tablet, at, partyId, ...change });

/** Why a mutation that came over the wire was not taken (read by `readMutation` in wire/sync.ts): which part is wrong (never its value), or which fields a host would have been refused. */
export type MutationProblem =
  { kind: 'malformed'; at: string; problem?: WireProblem } | { kind: 'invalid_fields'; problems: FieldProblem[] };

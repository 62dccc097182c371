import type { Delivery } from '../delivery.ts';
import { MESSAGE_KINDS, type GuestMessage, type MessageKind } from '../guest-message.ts';
import type { PartyAction } from '../lifecycle.ts';
import type { Party, PartyStatus } from '../party.ts';
import { validatePartyInput, type FieldProblem, type ValidPartyInput } from '../party-input.ts';
import { err, ok, type Result } from '../result.ts';

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
  | { kind: 'message'; message: MessageKind; record: GuestMessage };

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

/** Why a mutation that came over the wire was not taken: which part is wrong (never its value), or which fields a host would have been refused. */
export type MutationProblem = { kind: 'malformed'; at: string } | { kind: 'invalid_fields'; problems: FieldProblem[] };

const ACTIONS: readonly PartyAction[] = ['notify', 'seat', 'no_show', 'remove', 'recall'];
const STATUSES: readonly PartyStatus[] = ['waiting', 'notified', 'seated', 'no_show', 'removed'];
const EDITABLE: readonly EditableField[] = ['name', 'size', 'note', 'quoteMinutes', 'pushedId', 'email'];
const DELIVERY_STATES: readonly Delivery['state'][] = ['queued', 'sending', 'sent', 'failed', 'unknown', 'not_sent'];
const ID_MAX_LENGTH = 100;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
// `__proto__` is no id: as a key of the merge's records it would set their prototype, not add a party.
const isId = (v: unknown): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= ID_MAX_LENGTH && v !== '__proto__';
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isNullable = (v: unknown, type: 'string' | 'number'): boolean => v === null || typeof v === type;

// The fields the merge relies on; a party is otherwise stored as the tablet made it.
function partyProblem(p: unknown, partyId: string): string | null {
  if (!isObject(p)) return 'party';
  if (p['id'] !== partyId) return 'party.id';
  if (!STATUSES.includes(p['status'] as PartyStatus)) return 'party.status';
  for (const k of ['joinedAt', 'updatedAt', 'rank', 'callCount', 'size'] as const)
    if (!isTime(p[k])) return `party.${k}`;
  if (typeof p['name'] !== 'string' || typeof p['note'] !== 'string') return 'party.name';
  // What the host typed, by the Add party form's own rules: no tablet ever shows a party of -5 or a 10 MB name.
  const typed = editProblem({
    name: p['name'],
    size: p['size'],
    note: p['note'],
    quoteMinutes: p['quoteMinutes'] ?? null,
    pushedId: p['pushedId'] ?? null,
    email: p['email'] ?? null,
  });
  if (typed)
    return typed.kind === 'malformed'
      ? `party.${typed.at.slice('changes.'.length)}`
      : `party.${typed.problems[0]?.field ?? 'name'}`;
  if (!Number.isSafeInteger(p['callCount']) || (p['callCount'] as number) < 0) return 'party.callCount';
  const messages = p['messages'];
  if (!isObject(messages)) return 'party.messages';
  // Every record as a message mutation's: the merge reads each one when another tablet's record arrives.
  for (const [kind, record] of Object.entries(messages))
    if (!MESSAGE_KINDS.includes(kind as MessageKind) || recordProblem(record)) return 'party.messages';
  const last = p['lastMessage'];
  if (last !== undefined && last !== null && !MESSAGE_KINDS.includes(last as MessageKind)) return 'party.lastMessage';
  const previous = p['previous'];
  if (
    previous !== undefined &&
    previous !== null &&
    !(
      isObject(previous) &&
      STATUSES.includes(previous['status'] as PartyStatus) &&
      isTime(previous['rank']) &&
      isTime(previous['changedAt']) &&
      (previous['finishedAt'] === null || isTime(previous['finishedAt']))
    )
  )
    return 'party.previous';
  const active = p['status'] === 'waiting' || p['status'] === 'notified';
  if (active ? p['finishedAt'] !== null : !isTime(p['finishedAt'])) return 'party.finishedAt';
  return null;
}

// The changed fields, checked as the Add party form checks them (the rest of the form filled with what passes).
function editProblem(changes: unknown): MutationProblem | null {
  if (!isObject(changes)) return { kind: 'malformed', at: 'changes' };
  const keys = Object.keys(changes);
  const unknown = keys.find((k) => !EDITABLE.includes(k as EditableField));
  if (unknown !== undefined) return { kind: 'malformed', at: 'changes' };
  const c = changes as Partial<Record<EditableField, unknown>>;
  for (const k of ['name', 'note'] as const)
    if (k in c && typeof c[k] !== 'string') return { kind: 'malformed', at: `changes.${k}` };
  if ('size' in c && typeof c.size !== 'number') return { kind: 'malformed', at: 'changes.size' };
  if ('quoteMinutes' in c && !isNullable(c.quoteMinutes, 'number'))
    return { kind: 'malformed', at: 'changes.quoteMinutes' };
  for (const k of ['pushedId', 'email'] as const)
    if (k in c && !isNullable(c[k], 'string')) return { kind: 'malformed', at: `changes.${k}` };
  const checked = validatePartyInput({
    name: (c.name as string | undefined) ?? 'Guest',
    size: (c.size as number | undefined) ?? 1,
    note: (c.note as string | undefined) ?? '',
    quoteMinutes: (c.quoteMinutes as number | null | undefined) ?? '',
    pushedId: (c.pushedId as string | null | undefined) ?? '',
    email: (c.email as string | null | undefined) ?? '',
  });
  return checked.ok ? null : { kind: 'invalid_fields', problems: checked.error };
}

// A message record: the fields the merge and the row rely on (the delivery's own details are shown as sent).
function recordProblem(r: unknown): string | null {
  if (!isObject(r)) return 'record';
  if (!Number.isSafeInteger(r['round']) || (r['round'] as number) < 1) return 'record.round';
  if (!isTime(r['at'])) return 'record.at';
  if (!Number.isSafeInteger(r['sent']) || (r['sent'] as number) < 0) return 'record.sent';
  const delivery = r['delivery'];
  if (!isObject(delivery) || !DELIVERY_STATES.includes(delivery['state'] as Delivery['state']))
    return 'record.delivery';
  const time = delivery['state'] === 'queued' || delivery['state'] === 'sending' ? delivery['since'] : delivery['at'];
  return isTime(time) ? null : 'record.delivery';
}

/** Reads a mutation that came over the wire (parsed JSON): the mutation, or what is wrong with it. */
export function readMutation(value: unknown): Result<Mutation, MutationProblem> {
  const malformed = (at: string) => err<MutationProblem>({ kind: 'malformed', at });
  if (!isObject(value)) return malformed('mutation');
  const { id, tablet, at, partyId, kind } = value;
  if (!isId(id)) return malformed('id');
  if (!isId(tablet)) return malformed('tablet');
  if (!isTime(at)) return malformed('at');
  if (!isId(partyId)) return malformed('partyId');
  const base = { id, tablet, at, partyId };
  switch (kind) {
    case 'add': {
      const problem = partyProblem(value['party'], partyId);
      return problem ? malformed(problem) : ok({ ...base, kind, party: value['party'] as Party });
    }
    case 'edit': {
      const problem = editProblem(value['changes']);
      return problem ? err(problem) : ok({ ...base, kind, changes: value['changes'] as Partial<ValidPartyInput> });
    }
    case 'act': {
      const action = value['action'] as PartyAction;
      if (!ACTIONS.includes(action)) return malformed('action');
      const round = value['round'];
      if (round === undefined) return ok({ ...base, kind, action });
      if (action !== 'notify' || !Number.isSafeInteger(round) || (round as number) < 1) return malformed('round');
      return ok({ ...base, kind, action, round: round as number });
    }
    case 'move':
      return isTime(value['rank']) ? ok({ ...base, kind, rank: value['rank'] }) : malformed('rank');
    case 'undo':
      return isId(value['undoes']) ? ok({ ...base, kind, undoes: value['undoes'] }) : malformed('undoes');
    case 'message': {
      const message = value['message'] as MessageKind;
      if (!MESSAGE_KINDS.includes(message)) return malformed('message');
      const problem = recordProblem(value['record']);
      return problem ? malformed(problem) : ok({ ...base, kind, message, record: value['record'] as GuestMessage });
    }
    default:
      return malformed('kind');
  }
}

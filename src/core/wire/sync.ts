import * as v from 'valibot';
import { MESSAGE_KINDS } from '../guest-message.ts';
import { MAX_ROUNDS, type Party } from '../party.ts';
import { validatePartyInput, type FieldProblem, type ValidPartyInput } from '../party-input.ts';
import { err, ok, type Result } from '../result.ts';
import type { Mutation, MutationProblem } from '../sync/mutation.ts';
import { firstProblem, id, moment, rawText, text, whole } from './text.ts';

const STATUSES = ['waiting', 'notified', 'seated', 'no_show', 'removed'] as const;
const ACTIONS = ['notify', 'seat', 'no_show', 'remove', 'recall'] as const;
const FINISH_REASONS = ['late', 'guest_cancelled', 'erased'] as const;
const nullable = <S extends v.GenericSchema>(schema: S) => v.optional(v.nullable(schema), null);
const time = moment();
/** Ten hours: no suggestion of Waitbell's is longer, so a longer one is not one it made. */
const MAX_SUGGESTED_MINUTES = 600;

/** Where a message to the guest stands, each state with exactly its own fields. */
export const deliverySchema = v.variant('state', [
  v.strictObject({
    state: v.literal('queued'),
    since: time,
    retryAt: nullable(time),
    unanswered: v.optional(v.picklist(['relay', 'pushed'])),
    held: v.optional(v.picklist(['device_revoked', 'venue_not_configured'])),
  }),
  v.strictObject({ state: v.literal('sending'), since: time }),
  v.strictObject({ state: v.literal('sent'), at: time, shipmentId: nullable(text({ max: 64 })) }),
  v.strictObject({
    state: v.literal('failed'),
    at: time,
    errorType: text({ max: 100 }),
    message: text({ max: 1_000, lines: true }),
  }),
  v.strictObject({
    state: v.literal('unknown'),
    at: time,
    cause: v.picklist(['timeout', 'network', 'unreadable', 'interrupted', 'relay_lost']),
  }),
  v.strictObject({ state: v.literal('not_sent'), at: time, why: v.picklist(['no_contact', 'stale', 'left_board']) }),
]);

/** A count of calls or sends: a whole number up to MAX_ROUNDS. */
const counted = (min: number) => v.pipe(whole(min), v.maxValue(MAX_ROUNDS, 'out_of_range'));

/** One kind of message's record on a party: the merge reads each one when another tablet's arrives. */
export const messageRecordSchema = v.strictObject({
  round: counted(1),
  at: time,
  delivery: deliverySchema,
  sent: counted(0),
});

const snapshotSchema = v.strictObject({
  status: v.picklist(STATUSES),
  finishedAt: v.nullable(time),
  finishReason: nullable(v.picklist(FINISH_REASONS)),
  rank: time,
  changedAt: time,
});

/** A path item of an issue a rule of the core found, for `firstProblem`. */
const at = (input: Record<string, unknown>, key: string) =>
  [{ type: 'object', origin: 'value', input, key, value: input[key] }] as [v.ObjectPathItem];

// What the host typed, as the Add party form's own rules read it: no tablet shows a party of -5 or a 10 MB name.
const typedOf = (p: Pick<Party, 'name' | 'size' | 'note' | 'quoteMinutes' | 'pushedId' | 'email' | 'phone'>) =>
  validatePartyInput({
    name: p.name,
    size: p.size,
    note: p.note,
    quoteMinutes: p.quoteMinutes ?? '',
    pushedId: p.pushedId ?? '',
    email: p.email ?? '',
    // Left out when the party has no such field (one stored before phones), so none is added.
    ...(p.phone === undefined ? {} : { phone: p.phone ?? '' }),
  });

/** A whole party as a tablet stored it: every field checked, none more; the typed fields stored as the form's rules left them. */
export const partySchema = v.pipe(
  v.strictObject({
    id: id(),
    name: rawText(),
    size: v.number(),
    note: rawText(),
    quoteMinutes: nullable(v.number()),
    pushedId: nullable(rawText()),
    email: nullable(rawText()),
    status: v.picklist(STATUSES),
    joinedAt: time,
    updatedAt: time,
    finishedAt: v.nullable(time),
    previous: nullable(snapshotSchema),
    messages: v.strictObject({
      on_list: v.optional(messageRecordSchema),
      getting_close: v.optional(messageRecordSchema),
      table_ready: v.optional(messageRecordSchema),
    }),
    lastMessage: nullable(v.picklist(MESSAGE_KINDS)),
    joinedPosition: nullable(whole(1)),
    rank: time,
    calledAt: nullable(time),
    callCount: counted(0),
    finishReason: nullable(v.picklist(FINISH_REASONS)),
    excusedAt: nullable(time),
    joinedVia: v.optional(v.literal('online')),
    phone: v.optional(v.nullable(rawText())),
    onMyWayAt: v.optional(v.nullable(time)),
    pushedUser: v.optional(v.nullable(v.strictObject({ allowedAt: time, lostAt: v.nullable(time) }))),
    erasedAt: v.optional(v.nullable(time)),
    suggestedMinutes: v.optional(v.nullable(v.pipe(whole(0), v.maxValue(MAX_SUGGESTED_MINUTES, 'out_of_range')))),
  }),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const p = dataset.value;
    const typed = typedOf(p);
    if (!typed.ok) {
      const first = typed.error[0]!;
      addIssue({ message: first.problem, path: at(p, first.field) });
      return NEVER;
    }
    const active = p.status === 'waiting' || p.status === 'notified';
    if (active !== (p.finishedAt === null)) {
      addIssue({ message: 'not_allowed', path: at(p, 'finishedAt') });
      return NEVER;
    }
    // Undefined optional records are not kept: the stored party is exactly what was checked.
    const messages = Object.fromEntries(Object.entries(p.messages).filter(([, r]) => r !== undefined));
    return { ...p, ...typed.value, messages };
  }),
);

/** The fields of an edit, checked by the form's rules with the rest filled with what passes; only the given ones kept. */
export const editSchema = v.pipe(
  v.strictObject({
    name: v.optional(rawText()),
    size: v.optional(v.number()),
    note: v.optional(rawText()),
    quoteMinutes: v.optional(v.nullable(v.number())),
    pushedId: v.optional(v.nullable(rawText())),
    email: v.optional(v.nullable(rawText())),
    phone: v.optional(v.nullable(rawText())),
  }),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const c = dataset.value;
    const typed = typedOf({
      name: c.name ?? 'Guest',
      size: c.size ?? 1,
      note: c.note ?? '',
      quoteMinutes: c.quoteMinutes ?? null,
      pushedId: c.pushedId ?? null,
      email: c.email ?? null,
      phone: c.phone ?? null,
    });
    if (!typed.ok) {
      addIssue({ message: 'invalid_fields', input: typed.error });
      return NEVER;
    }
    const given = Object.keys(c).filter((k) => c[k as keyof typeof c] !== undefined) as (keyof ValidPartyInput)[];
    return Object.fromEntries(given.map((k) => [k, typed.value[k]]));
  }),
);

const base = { id: id(), tablet: id(), at: time, partyId: id() };

/** One mutation as it travels from a tablet to the server. */
export const mutationSchema = v.pipe(
  v.variant('kind', [
    v.strictObject({ ...base, kind: v.literal('add'), party: partySchema }),
    v.strictObject({ ...base, kind: v.literal('edit'), changes: editSchema }),
    v.strictObject({ ...base, kind: v.literal('act'), action: v.picklist(ACTIONS), round: v.optional(counted(1)) }),
    v.strictObject({ ...base, kind: v.literal('move'), rank: time }),
    v.strictObject({ ...base, kind: v.literal('undo'), undoes: id() }),
    v.strictObject({
      ...base,
      kind: v.literal('message'),
      message: v.picklist(MESSAGE_KINDS),
      record: messageRecordSchema,
    }),
  ]),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const m = dataset.value;
    if (m.kind === 'add' && m.party.id !== m.partyId)
      addIssue({ message: 'not_allowed', path: [...at(m, 'party'), ...at(m.party, 'id')] as never });
    if (m.kind === 'act' && m.round !== undefined && m.action !== 'notify')
      addIssue({ message: 'not_allowed', path: at(m, 'round') });
  }),
);

// Deeper than these, a path names a part of a record, said as the record.
const COARSE = new Set(['messages', 'delivery', 'previous']);

/** Reads a mutation that came over the wire (parsed JSON): exactly what was checked, or what is wrong with it (never a value). */
export function readMutation(value: unknown): Result<Mutation, MutationProblem> {
  const read = v.safeParse(mutationSchema, value, { abortEarly: true });
  if (read.success) {
    const m = read.output;
    // No `round` key on an act without one: the mutation reads back as it was made.
    if (m.kind === 'act' && m.round === undefined) delete (m as { round?: number }).round;
    return ok(m);
  }
  const issue = read.issues[0];
  if (issue.message === 'invalid_fields')
    return err({ kind: 'invalid_fields', problems: issue.input as FieldProblem[] });
  const { path, problem } = firstProblem(read.issues);
  const cut = path.findIndex((key) => COARSE.has(key));
  const kept = cut >= 0 ? path.slice(0, cut + 1) : path;
  return err({ kind: 'malformed', at: kept.length === 0 ? 'mutation' : kept.join('.'), problem });
}

// ---- The server's answers, as a tablet reads them: unknown fields dropped, the shapes it relies on checked.

const tabletsSchema = v.optional(v.record(v.string(), v.string()), {});

/** What became of one pushed mutation; a rejection's reason is worded by its kind. */
const outcomeSchema = v.variant('outcome', [
  v.object({ id: id(), outcome: v.literal('applied') }),
  v.object({ id: id(), outcome: v.literal('duplicate') }),
  v.object({ id: id(), outcome: v.literal('rejected'), reason: v.looseObject({ kind: v.string() }) }),
]);

/** POST /1/sync/push's answer: the version it made, one outcome per mutation, the tablets' labels. */
export const pushAnswerSchema = v.object({
  version: whole(0),
  outcomes: v.array(outcomeSchema),
  tablets: tabletsSchema,
});

/** One row of GET /1/sync/changes. The party is the one the server took in (by this schema or an older one's). */
const rowSchema = v.object({
  // Only its id: a row stored under older rules must still page, or a tablet would never catch up.
  party: v.looseObject({ id: v.string() }),
  lastChange: v.nullable(v.object({ mutation: v.string(), tablet: v.string(), change: v.string() })),
  version: whole(0),
});

/** GET /1/sync/changes' answer: a page of rows in version order. */
export const changesAnswerSchema = v.object({
  version: whole(0),
  current: v.optional(whole(0)),
  parties: v.array(rowSchema),
  more: v.optional(v.boolean(), false),
  remaining: v.optional(whole(0), 0),
  tablets: tabletsSchema,
});

/** The data of an `event: version` of GET /1/sync/events. */
export const versionEventSchema = v.object({ version: whole(0) });

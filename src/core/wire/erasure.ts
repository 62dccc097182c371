import * as v from 'valibot';
import { ERASURE_FIELDS } from '../erasure.ts';
import { PARTY_STATUSES } from '../party.ts';
import { id, text, whole } from './text.ts';

/** The most parties one erasure confirms, and the most a preview lists (newest first). */
export const ERASURE_MAX_PARTIES = 50;
/** The longest value the owner searches by (a name, a phone, an email, a PushedID). */
export const ERASURE_VALUE_MAX = 200;

const search = {
  field: v.picklist(ERASURE_FIELDS),
  value: v.pipe(
    text({ max: ERASURE_VALUE_MAX }),
    v.check((s) => s !== '', 'missing'),
  ),
};

/** POST /1/erasures/preview: which field to search by, and what the owner typed. */
export const erasurePreviewSchema = v.strictObject(search);

/** POST /1/erasures: the erasure's id (made once by the tablet: a retry names it again), the search, and the parties the owner confirmed. */
export const erasureRequestSchema = v.strictObject({
  id: id(100),
  ...search,
  partyIds: v.pipe(v.array(id()), v.minLength(1, 'missing'), v.maxLength(ERASURE_MAX_PARTIES, 'too_long')),
});

// ---- What a tablet reads: unknown fields dropped (a newer server may add some).

/** One erasure as the server lists it: never the value searched for, never a name. */
export const erasureRecordSchema = v.object({
  id: v.string(),
  at: whole(0),
  field: v.picklist(ERASURE_FIELDS),
  parties: whole(0),
  /** The label of the tablet it was made on; null once that tablet is gone. */
  tablet: v.nullable(v.string()),
});

/** POST /1/erasures/preview's answer: the guests found, newest first; the name shown so two of the same name can be told apart. */
export const erasurePreviewAnswerSchema = v.object({
  matches: v.array(
    v.object({
      partyId: v.string(),
      joinedAt: whole(0),
      size: whole(0),
      status: v.picklist(PARTY_STATUSES),
      name: v.string(),
    }),
  ),
});

/** POST /1/erasures' answer (201). */
export const erasureAnswerSchema = v.object({ erasure: erasureRecordSchema });

/** GET /1/erasures' answer, newest first. */
export const erasureListSchema = v.object({ erasures: v.array(erasureRecordSchema) });

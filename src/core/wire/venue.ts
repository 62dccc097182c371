import * as v from 'valibot';
import { SHARED_SETTINGS_KINDS, type SharedSettingsField } from '../shared-settings.ts';
import { DEFAULT_QUOTE_FIELDS } from '../settings.ts';
import { firstProblem, id, text, whole, type WireProblem } from './text.ts';

// Generous size bounds only: the form's own rules (src/core/settings.ts) judge the lengths after, in their words.
const field = (lines = false) => text({ max: 2_000, lines });
/** An instant as the venue server writes it (ISO 8601), read as milliseconds since the epoch. */
const instant = v.pipe(
  v.string(),
  v.check((s) => !Number.isNaN(Date.parse(s)), 'not_allowed'),
  v.transform((s) => Date.parse(s)),
);

// ---- What a tablet sends: strict, every unknown field refused, every text safe.

/** PUT /1/venue: the owner's changes to the venue (each left out, or empty for the secret, keeps what is saved). */
export const venueChangesSchema = v.strictObject({
  name: v.optional(field()),
  appKey: v.optional(field()),
  appSecret: v.optional(field()),
  channelAlias: v.optional(field()),
  subscriptionLink: v.optional(field()),
});

/** POST /1/pair: the code as typed (its shape is the pairing store's to judge) and the tablet's name there. */
export const pairRequestSchema = v.strictObject({
  code: v.optional(text({ max: 100 }), ''),
  label: v.optional(text({ max: 2_000 })), // cut to the store's length, as before
});

/** POST /1/devices/:id/revoke (its body optional): the tablets it paired that stay connected. */
export const revokeRequestSchema = v.strictObject({
  keep: v.optional(v.pipe(v.array(id(40)), v.maxLength(200)), []),
});

/** A PIN hash as it travels: salt and hash in base64, the iteration count within what a tablet computes. */
const slowHashShape = {
  salt: v.pipe(v.string(), v.regex(/^[A-Za-z0-9+/]{8,200}={0,2}$/, 'not_allowed')),
  hash: v.pipe(v.string(), v.regex(/^[A-Za-z0-9+/]{8,200}={0,2}$/, 'not_allowed')),
  iterations: v.pipe(whole(1_000), v.maxValue(10_000_000)),
};

const kindSchema = {
  string: field(true),
  number: v.number(),
  boolean: v.boolean(),
  quotes: v.pipe(v.array(v.number()), v.length(DEFAULT_QUOTE_FIELDS.length)),
  // Absent from a tablet of an older build: the defaults (online joins off). The rules are checkOnlineJoins' after.
  onlineJoins: v.optional(
    v.strictObject({
      enabled: v.boolean(),
      maxWaiting: v.number(),
      maxSize: v.number(),
      hours: v.nullable(
        v.strictObject({ from: v.pipe(v.string(), v.maxLength(5)), to: v.pipe(v.string(), v.maxLength(5)) }),
      ),
      timeZone: text({ max: 64 }),
    }),
  ),
  // Absent from a tablet or server of before: the defaults. The bounds are checkRetention's after.
  retention: v.optional(v.strictObject({ personalDataDays: v.number(), historyMonths: v.number() })),
} as const;

/**
 * The venue's shared settings as they travel, each field of its kind (SHARED_SETTINGS_KINDS) with safe text
 * (a template may hold line breaks, never another control character); the form's rules are checked after.
 */
export const sharedSettingsSchema = v.strictObject(
  Object.fromEntries(Object.entries(SHARED_SETTINGS_KINDS).map(([name, kind]) => [name, kindSchema[kind]])) as {
    [F in SharedSettingsField]: (typeof kindSchema)[(typeof SHARED_SETTINGS_KINDS)[F]];
  },
);

/** PUT /1/venue/settings: the revision the changes were made over, the settings, and the PIN's hash (absent: kept). */
export const sharedUploadSchema = v.strictObject({
  revision: whole(0),
  settings: sharedSettingsSchema,
  // Judged by readPinHash, so a bad one is named with the form's other refusals.
  pinHash: v.optional(v.nullable(v.unknown()), null),
});

/** Where the first issue of a request is and what it is, the field named only when it is one of ours. */
export function requestProblem(issues: readonly v.BaseIssue<unknown>[]): { at: string; problem: WireProblem } {
  const { path, problem } = firstProblem(issues);
  return { at: path.join('.') || 'body', problem };
}

// ---- What a tablet reads: our own server's answers, unknown fields dropped (a newer server may add some).

const publicVenueShape = { id: id(), name: v.string(), channelAlias: v.string(), subscriptionLink: v.string() };
/** The venue as GET/PUT /1/venue answer it: never the secret, only whether one is saved. */
export const venueInfoSchema = v.object({ ...publicVenueShape, appKey: v.string(), hasAppSecret: v.boolean() });
export const venueAnswerSchema = v.object({ venue: venueInfoSchema });

const deviceRef = v.object({ id: id(), label: v.string() });
/** POST /1/pair's answer: this tablet's token (a secret), its name there, and the venue. */
export const pairAnswerSchema = v.object({
  deviceToken: v.pipe(v.string(), v.minLength(1)),
  device: deviceRef,
  venue: v.object(publicVenueShape),
});

/** What a tablet's last owner action did (an action a newer server adds reads as none). */
const ownerActionSchema = v.fallback(
  v.nullable(v.object({ action: v.picklist(['venue', 'settings', 'pairing_code', 'revoke', 'pin']), at: instant })),
  null,
);

/** One of the venue's tablets, as Settings lists it: who paired and disconnected it (null: the command line). */
export const deviceSchema = v.object({
  ...deviceRef.entries,
  pairedAt: instant,
  lastSeenAt: v.nullable(instant),
  revokedAt: v.nullable(instant),
  current: v.boolean(),
  pairedBy: v.optional(v.nullable(id()), null),
  revokedBy: v.optional(v.nullable(id()), null),
  lastOwnerAction: v.optional(ownerActionSchema, null),
});
export const devicesAnswerSchema = v.object({ devices: v.array(deviceSchema) });
/** POST /1/devices/:id/revoke's answer: the tablet named, and every tablet revoked with it (it first). */
export const deviceAnswerSchema = v.object({ device: deviceSchema, revoked: v.optional(v.array(deviceSchema)) });

/** POST /1/pairing-codes' answer: a one-time code, the link for its QR, when it expires. */
export const pairingOfferSchema = v.object({
  code: v.pipe(v.string(), v.minLength(1)),
  url: v.pipe(v.string(), v.regex(/^https?:\/\//i)),
  expiresAt: instant,
});

/** GET/PUT /1/venue/settings' answer (and a 409's): the settings are checked by the form's rules where they are used. */
export const sharedAnswerSchema = v.object({
  settings: v.nullable(v.record(v.string(), v.unknown())),
  // A PIN hash of another shape is none: this tablet keeps its own PIN rather than the whole answer being lost.
  pinHash: v.fallback(v.nullable(v.object({ ...slowHashShape, recovery: v.optional(v.object(slowHashShape)) })), null),
  revision: whole(0),
  updatedAt: v.nullable(instant),
});

/** An error answer of the venue server: its type (absent: none) and, for refused fields, which. */
export const errorAnswerSchema = v.object({
  error: v.object({
    type: v.optional(v.string(), ''),
    fields: v.optional(v.array(v.looseObject({ field: v.string(), problem: v.optional(v.string()) }))),
  }),
});

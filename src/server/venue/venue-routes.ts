import type * as v from 'valibot';
import {
  requestProblem,
  type revokeRequestSchema,
  type pairRequestSchema,
  type sharedUploadSchema,
  type venueChangesSchema,
} from '../../core/wire/venue.ts';
import { errorType, requestUrl, sendJson } from '../http/http-util.ts';
import { BodyError } from '../http/request-body.ts';
import { readRouteBody, type Call } from '../http/route.ts';
import {
  checkUpload,
  ON_VENUE_ROW,
  sharedSettingsStore,
  type SharedSettingsStore,
  type SharedSnapshot,
} from './shared-settings-store.ts';
import { VenueInputError, type Device, type Venue, type VenueStore } from './venue-store.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../log/logger.ts';
import type { requestGate } from './request-gate.ts';
import { changesPin, ownerPin, type OwnerPinCheck } from './owner-pin.ts';
import { dayNumber, isReportPeriod, venueReports } from './report.ts';
import { quoteStats } from './quote-stats.ts';
import type { historyExport } from './history-export.ts';
import type { OwnerAction } from './device-store.ts';
import { STAFF_PIN_HEADER } from '../../core/wire/protocol.ts';
import { ONLINE_JOINS_DEFAULTS } from '../../core/online-joins.ts';
import {
  ERASURE_MAX_PARTIES,
  ERASURE_VALUE_MAX,
  type erasurePreviewSchema,
  type erasureRequestSchema,
} from '../../core/wire/erasure.ts';
import { type ErasureField, type ErasureMatch, type ErasureRecord } from '../../core/erasure.ts';
import { DEFAULT_RETENTION } from '../../core/retention.ts';
import { sameValue, SHARED_SETTINGS_FIELDS, type SharedPinHash } from '../../core/shared-settings.ts';

const PAIRING_REFUSALS = {
  invalid: [
    400,
    'invalid_pairing_code',
    'That is not a pairing code: it has 12 letters and digits, like K7QM-3XDP-9RTA.',
  ],
  unknown: [404, 'pairing_code_unknown', 'This pairing code is not known: check it, or ask for a new one.'],
  used: [410, 'pairing_code_used', 'This pairing code was already used: ask for a new one.'],
  expired: [410, 'pairing_code_expired', 'This pairing code has expired (codes last 10 minutes): ask for a new one.'],
} as const;

const deviceJson = (device: Device, current: string) => ({
  id: device.id,
  label: device.label,
  pairedAt: device.pairedAt.toISOString(),
  lastSeenAt: device.lastSeenAt?.toISOString() ?? null,
  revokedAt: device.revokedAt?.toISOString() ?? null,
  current: device.id === current,
  pairedBy: device.pairedBy,
  revokedBy: device.revokedBy,
  lastOwnerAction: device.ownerAction && {
    action: device.ownerAction.action,
    at: device.ownerAction.at.toISOString(),
  },
});

/** An owner action's refusal for its staff PIN: status, type and words (never the PIN). */
const PIN_REFUSALS = {
  required: [403, 'staff_pin_required', 'This needs the staff PIN: open Settings with it and try again.'],
  wrong: [
    403,
    'staff_pin_wrong',
    "The venue server doesn't know this PIN: it may have been changed on another tablet.",
  ],
  locked: [429, 'staff_pin_locked', 'Too many wrong staff PINs for this venue: wait, then try again.'],
} as const;

/**
 * The venue API: pairing a tablet with a one-time code, and, for a paired tablet, its venue's
 * settings (the secret write-only), its tablets (revoke), and codes for the next tablet.
 */
export function venueApi(options: {
  venues: VenueStore;
  gate: ReturnType<typeof requestGate>;
  log: Logger;
  maxBodyBytes: number;
  /** The server's public origin, for the pairing link; else the kiosk's own (allowed) origin. */
  publicUrl?: string;
  /** The venues' shared settings; made over `db` when not given. */
  settings?: SharedSettingsStore;
  db?: Database;
  /** The demo's server: `GET /1/venue` says `demoSync: true`, and the demo tablet shares this venue's board. */
  demoSync?: boolean;
  /** The venue's Pushed app key changed: its guests' Pushed permissions no longer count. */
  appKeyChanged?: (venueId: string, appKey: string) => Promise<void>;
  /** Writes the venue's history as CSV (GET /1/history.csv), once the owner's PIN let the tablet through. */
  history?: ReturnType<typeof historyExport>;
  /** The owner's erasures of guests' details (POST /1/erasures…), made over the sync store (`sync/erasures.ts`). */
  erasures?: ErasureStore;
}) {
  const { venues, gate, log } = options;
  const shared = options.settings ?? (options.db ? sharedSettingsStore(options.db) : null);
  const pins = options.db ? ownerPin(options.db) : null;
  const reports = options.db ? venueReports(options.db) : null;
  const quotes = options.db ? quoteStats(options.db) : null;

  /**
   * Lets an owner action through with the venue's staff PIN (or while the venue has none), noting it
   * on the tablet (not a read: `action` null); else answers the refusal, logged with the device. Never logs or echoes the PIN.
   */
  async function owner(
    call: Call,
    device: Device,
    answer: ReturnType<typeof answering>,
    action: OwnerAction | null,
    pinHash?: SharedPinHash | null,
  ): Promise<boolean> {
    const given = call.req.headers[STAFF_PIN_HEADER.toLowerCase()];
    const typed = typeof given === 'string' ? given.trim() : undefined;
    // Without the database's settings no PIN is kept anywhere: nothing to check it against.
    const checked: OwnerPinCheck = pins
      ? await pins.check(device.venueId, typed, pinHash)
      : { ok: true, pinSet: false };
    if (checked.ok) {
      if (action) await venues.noteOwnerAction(device.id, action);
      return true;
    }
    const [status, type, message] = PIN_REFUSALS[checked.refused];
    const fields = { venue: device.venueId, device: device.id, action: action ?? 'report' };
    if (checked.refused === 'locked') {
      const seconds = String(Math.max(1, Math.ceil(checked.retryAfterMs / 1000)));
      answer.refuse(status, type, message, undefined, {}, { 'Retry-After': seconds }, fields);
    } else if (checked.refused === 'wrong')
      answer.refuse(status, type, message, undefined, { triesLeft: checked.triesLeft }, {}, fields);
    else answer.refuse(status, type, message, undefined, {}, {}, fields);
    return false;
  }

  const pairingUrl = (origin: string | undefined, code: string) => {
    const base = options.publicUrl ?? origin;
    return base ? `${base.replace(/\/+$/, '')}/pair?code=${code}` : null;
  };

  /** How a handler answers: JSON with the request's headers, and refusals logged once. */
  const answering = ({ req, res, headers }: Call) => {
    const send = (status: number, value: unknown, extra: Record<string, string> = {}) =>
      sendJson(res, status, value, { ...headers, ...extra });
    const refuse = (
      status: number,
      type: string,
      message: string,
      device?: string,
      extra: object = {},
      headers: Record<string, string> = {},
      logged: Record<string, string> = {},
    ) => {
      gate.refused(req, status, type, { ...(device ? { device } : {}), ...logged });
      send(status, { error: { type, message, ...extra } }, headers);
    };
    return { send, refuse };
  };
  const body = (call: Call) => readRouteBody(call, options.maxBodyBytes);

  /** A route of a paired tablet: admitted by its token and the venue API's budget, its body's refusals in words. */
  const tablet =
    (handle: (call: Call, device: Device, answer: ReturnType<typeof answering>) => Promise<void>) =>
    async (call: Call): Promise<void> => {
      const answer = answering(call);
      const admitted = await gate.admit(call.req);
      if ('status' in admitted) return answer.send(admitted.status, admitted.body, admitted.headers);
      try {
        await handle(call, admitted.device, answer);
      } catch (error) {
        if (error instanceof VenueInputError)
          return answer.refuse(400, 'invalid_venue_settings', 'Some venue settings were refused.', undefined, {
            fields: error.problems,
          });
        if (error instanceof BodyError) return answer.refuse(error.status, errorType(error.status), error.message);
        throw error;
      }
    };

  const venueAnswer = async ({ send }: ReturnType<typeof answering>, device: Device, venue?: Venue | null) => {
    const shown = venue === undefined ? await venues.venue(device.venueId) : venue;
    const code = await venues.code(device.venueId);
    // The check-in page's address, shown as a QR on the tablet: only with a public address guests' phones can reach.
    const checkIn = code && { code, url: options.publicUrl ? `${options.publicUrl}/v/${code}` : null };
    return send(200, {
      venue: shown && venueJson(shown),
      device: { id: device.id, label: device.label },
      checkIn,
      ...(options.demoSync ? { demoSync: true } : {}),
    });
  };

  return {
    async pair(call: Call): Promise<void> {
      const { req } = call;
      const { send, refuse } = answering(call);
      // An address out of failed attempts is refused before any code is looked up: a guesser learns nothing more.
      const held = await gate.blockedNow(req);
      if (held) return send(held.status, held.body, held.headers);
      let read: v.SafeParseResult<typeof pairRequestSchema>;
      try {
        read = (await body(call)) as typeof read; // the route's schema is pairRequestSchema
      } catch (error) {
        if (error instanceof BodyError) return refuse(error.status, errorType(error.status), error.message);
        throw error;
      }
      if (!read.success) return refuse(400, 'invalid_request', inWords(requestProblem(read.issues), 'pairing'));
      const { code, label } = read.output;
      const paired = await venues.pair(code, label);
      if ('refused' in paired) {
        // A wrong code spends the address's failed attempts, as a wrong token does: 60 bits are not guessed.
        const attempt = await gate.failedAttempt(req);
        if (attempt.refusal) return send(attempt.refusal.status, attempt.refusal.body, attempt.refusal.headers);
        const [status, type, message] = PAIRING_REFUSALS[paired.refused];
        gate.refused(req, status, type, attempt.blocked ? { blocked: true } : {}); // the line that says it is now blocked
        return send(status, { error: { type, message } });
      }
      log.info('tablet paired', { venue: paired.venue.id, device: paired.device.id, client: gate.client(req) });
      return send(200, {
        deviceToken: paired.token,
        device: { id: paired.device.id, label: paired.device.label },
        venue: publicVenue(paired.venue),
      });
    },

    getVenue: tablet(async (_call, device, answer) => venueAnswer(answer, device)),

    putVenue: tablet(async (call, device, answer) => {
      const read = (await body(call)) as v.SafeParseResult<typeof venueChangesSchema>; // the route's schema
      if (!read.success) {
        const { at, problem } = requestProblem(read.issues);
        if (problem === 'unknown_field' || !(at in VENUE_FIELD_NAMES))
          return answer.refuse(400, 'invalid_request', inWords({ at, problem }, 'venue'), device.id);
        const refused = problem === 'too_long' ? 'too_long' : 'bad_characters';
        return answer.refuse(400, 'invalid_venue_settings', 'Some venue settings were refused.', device.id, {
          fields: [{ field: at, problem: refused }],
        });
      }
      const changes = read.output;
      if (!(await owner(call, device, answer, 'venue'))) return;
      const before = changes.appKey ? (await venues.venue(device.venueId))?.appKey : undefined;
      const venue = await venues.updateVenue(device.venueId, changes);
      if (before !== undefined && venue.appKey !== before) await options.appKeyChanged?.(device.venueId, venue.appKey);
      // Which fields were given, never what they say.
      const given = Object.entries(changes).filter(([, value]) => value !== undefined && value !== '');
      log.info('venue changed', { venue: device.venueId, device: device.id, fields: given.map(([k]) => k).join(',') });
      return venueAnswer(answer, device, venue);
    }),

    getSettings: tablet(async (_call, device, { send, refuse }) => {
      if (!shared) return refuse(404, 'not_found', 'No such route.');
      return send(200, snapshotJson((await shared.read(device.venueId))!)); // the device's venue exists
    }),

    putSettings: tablet(async (call, device, answer) => {
      const { send, refuse } = answer;
      if (!shared) return refuse(404, 'not_found', 'No such route.');
      const read = (await body(call)) as v.SafeParseResult<typeof sharedUploadSchema>; // the route's schema
      if (!read.success) {
        const { at, problem } = requestProblem(read.issues);
        if (at === 'revision' || (at === 'body' && problem !== 'unknown_field'))
          return refuse(
            400,
            'invalid_request',
            'Say which revision of the settings these changes were made over.',
            device.id,
          );
        const [part = '', name] = at.split('.');
        // A setting of ours with text no screen or store takes: refused in the form's words, nothing changed.
        if (part === 'settings' && name && problem !== 'unknown_field' && name in FIELD_WORDS)
          return refuse(400, 'invalid_settings', refusedInWords([{ field: name }]), device.id, {
            fields: [{ field: name, problem: problem === 'too_long' ? 'too_long' : 'bad_characters' }],
          });
        return refuse(400, 'invalid_request', inWords({ at, problem }, 'settings'), device.id);
      }
      const { revision, pinHash } = read.output;
      // A tablet of a build before online check-in sends none: the venue's own stands, never switched off by it.
      // Nor does one of a build before retention: the venue's own stands, never reset to the defaults by it.
      const given = read.output.settings;
      const stored =
        given.onlineJoins === undefined || given.retention === undefined
          ? (await shared.read(device.venueId))?.settings
          : undefined;
      const settings = {
        ...given,
        onlineJoins: given.onlineJoins ?? stored?.onlineJoins ?? ONLINE_JOINS_DEFAULTS,
        retention: given.retention ?? stored?.retention ?? DEFAULT_RETENTION,
      };
      // A new PIN needs the current one: a tablet that only holds a token cannot lock the owner out.
      const saved = pins ? await pins.pinHashOf(device.venueId) : null;
      // Refused settings are answered first: a PIN try is spent only on an upload that would be saved.
      const checked = checkUpload(settings, pinHash);
      const newPin = checked.ok && changesPin(saved, pinHash);
      // What guests read (templates, the name), where they subscribe and the rules of the evening are the
      // owner's, as PUT /1/venue guards the Pushed account: any change to them needs the PIN, once there is one.
      const current = checked.ok && !newPin ? (await shared.read(device.venueId))?.settings : null;
      const changed =
        checked.ok && current
          ? SHARED_SETTINGS_FIELDS.filter((f) => !sameValue(current[f], checked.settings[f])) // the database may reorder keys
          : [];
      const action: OwnerAction = newPin
        ? 'pin'
        : changed.some((f) => (ON_VENUE_ROW as readonly string[]).includes(f))
          ? 'venue'
          : 'settings';
      if ((newPin || changed.length > 0) && !(await owner(call, device, answer, action, saved))) return;
      const outcome = await shared.save(device.venueId, device.id, revision, { settings, pinHash });
      if ('refused' in outcome)
        return refuse(400, 'invalid_settings', refusedInWords(outcome.refused), device.id, {
          fields: outcome.refused,
        });
      if ('conflict' in outcome) {
        gate.refused(call.req, 409, 'settings_changed', { device: device.id });
        return send(409, {
          error: { type: 'settings_changed', message: 'Settings were changed on another tablet: here they are.' },
          ...snapshotJson(outcome.conflict),
        });
      }
      // Never a value, nor the PIN's hash: which venue, which tablet, which revision.
      log.info('venue settings changed', {
        venue: device.venueId,
        device: device.id,
        revision: outcome.saved.revision,
        ...(newPin ? { pin: 'changed' } : {}),
      });
      return send(200, snapshotJson(outcome.saved));
    }),

    devices: tablet(async (_call, device, { send }) =>
      send(200, { devices: (await venues.devices(device.venueId)).map((d) => deviceJson(d, device.id)) }),
    ),

    revoke: tablet(async (call, device, answer) => {
      const { send, refuse } = answer;
      // The body is optional: a revocation without one keeps none of the tablets it paired.
      const hasBody = Number(call.req.headers['content-length'] ?? 0) > 0 || !!call.req.headers['transfer-encoding'];
      let keep: string[] = [];
      if (hasBody) {
        const read = (await body(call)) as v.SafeParseResult<typeof revokeRequestSchema>; // the route's schema
        if (!read.success)
          return refuse(400, 'invalid_request', inWords(requestProblem(read.issues), 'revoke'), device.id);
        keep = read.output.keep;
      } else call.req.resume();
      if (!(await owner(call, device, answer, 'revoke'))) return;
      const revoked = await venues.revokeDevice(device.venueId, call.id ?? '', { by: device.id, keep });
      if (!revoked) return refuse(404, 'not_found', 'This venue has no such tablet.', device.id);
      log.info('tablet revoked', {
        venue: device.venueId,
        device: device.id,
        revoked: revoked.map((d) => d.id).join(','),
        ...(keep.length ? { kept: keep.join(',') } : {}),
      });
      return send(200, {
        device: deviceJson(revoked[0]!, device.id),
        revoked: revoked.map((d) => deviceJson(d, device.id)),
      });
    }),

    historyCsv: tablet(async (call, device, answer) => {
      const { history } = options;
      if (!history) return answer.refuse(404, 'not_found', 'No such route.');
      if (!(await owner(call, device, answer, null))) return;
      await history(call, device, (status, type, message) => answer.refuse(status, type, message, device.id));
    }),

    pairingCodes: tablet(async (call, device, answer) => {
      const { send } = answer;
      if (!(await owner(call, device, answer, 'pairing_code'))) return;
      const { code, expiresAt } = await venues.createPairingCode(device.venueId, device.id);
      log.info('pairing code made', { venue: device.venueId, device: device.id }); // never the code
      return send(200, { code, url: pairingUrl(call.req.headers.origin, code), expiresAt: expiresAt.toISOString() });
    }),

    report: tablet(async (call, device, answer) => {
      const query = requestUrl(call.req)?.searchParams;
      const period = query?.get('period');
      const date = query?.get('date') ?? '';
      const day = dayNumber(date);
      if (!isReportPeriod(period) || day === null)
        return answer.refuse(
          400,
          'invalid_report_request',
          'The report needs a period (night, week or month) and a date like 2026-03-14.',
        );
      if (!(await owner(call, device, answer, null))) return;
      if (!reports) return answer.refuse(503, 'report_unavailable', "The report needs the venue server's database.");
      return answer.send(200, await reports.of(device.venueId, period, date, day), { 'Cache-Control': 'no-store' });
    }),

    erasurePreview: tablet(async (call, device, answer) => {
      const read = (await body(call)) as v.SafeParseResult<typeof erasurePreviewSchema>; // the route's schema
      if (!read.success) return refuseErasure(answer, read.issues, device.id);
      if (!(await owner(call, device, answer, null))) return;
      if (!options.erasures) return answer.refuse(503, 'erasure_unavailable', ERASURE_UNAVAILABLE);
      const matches = await options.erasures.preview(device.venueId, read.output.field, read.output.value);
      return answer.send(200, { matches }, { 'Cache-Control': 'no-store' });
    }),

    erase: tablet(async (call, device, answer) => {
      const read = (await body(call)) as v.SafeParseResult<typeof erasureRequestSchema>; // the route's schema
      if (!read.success) return refuseErasure(answer, read.issues, device.id);
      if (!(await owner(call, device, answer, null))) return;
      if (!options.erasures) return answer.refuse(503, 'erasure_unavailable', ERASURE_UNAVAILABLE);
      const { record, again } = await options.erasures.erase(device.venueId, device.id, read.output);
      // Never the value searched for, nor a name: which venue, which tablet, by what, how many.
      if (!again)
        log.info('guest data erased', {
          venue: device.venueId,
          device: device.id,
          field: record.field,
          parties: record.parties,
        });
      return answer.send(201, { erasure: record }, { 'Cache-Control': 'no-store' });
    }),

    erasures: tablet(async (call, device, answer) => {
      if (!(await owner(call, device, answer, null))) return;
      if (!options.erasures) return answer.refuse(503, 'erasure_unavailable', ERASURE_UNAVAILABLE);
      return answer.send(
        200,
        { erasures: await options.erasures.list(device.venueId) },
        { 'Cache-Control': 'no-store' },
      );
    }),

    quoteModel: tablet(async (call, device, answer) => {
      const stored = quotes && (await quotes.read(device.venueId));
      if (!stored)
        return answer.refuse(404, 'no_quote_model', 'The venue server has not learned the quotes yet.', device.id);
      const cache = { ETag: stored.tag, 'Cache-Control': 'no-cache' };
      const asked = call.req.headers['if-none-match'];
      if (typeof asked === 'string' && asked.split(',').some((t) => t.trim() === stored.tag))
        return void call.res.writeHead(304, { ...call.headers, ...cache }).end();
      const { model, learnedFrom, computedAt, throughFinishedAt } = stored;
      return answer.send(200, { model, learnedFrom, computedAt, throughFinishedAt }, cache);
    }),
  };
}

const ERASURE_UNAVAILABLE = "Erasing a guest's details needs the venue server's database.";

/** What the owner is told of each field of an erasure, when it is wrong. */
const ERASURE_WORDS: Record<string, string> = {
  field: 'Choose what to search the guest by: name, PushedID, phone or email.',
  value: `Type the guest's name, PushedID, phone or email (up to ${ERASURE_VALUE_MAX} characters).`,
  id: 'The erasure has no id: try again.',
  partyIds: `Choose the guests to erase from the search (1 to ${ERASURE_MAX_PARTIES}).`,
};

/** An erasure the wire's schema refused: 400 `invalid_erasure`, its field named with why, in words (never a value). */
function refuseErasure(
  answer: { refuse: (status: number, type: string, message: string, device?: string, extra?: object) => void },
  issues: readonly v.BaseIssue<unknown>[],
  device: string,
) {
  const { at, problem } = requestProblem(issues);
  const field = at.split('.')[0] ?? 'body';
  const message =
    ERASURE_WORDS[field] ??
    (problem === 'unknown_field'
      ? 'The erasure has a field the venue server does not take; nothing was erased.'
      : 'Say what to search the guest by and what to search for.');
  return answer.refuse(400, 'invalid_erasure', message, device, {
    fields: [{ field: field in ERASURE_WORDS ? field : 'body', problem }],
  });
}

/** The venue's shared settings as the API gives them (README, "Venue settings on every tablet"). */
const snapshotJson = (snapshot: SharedSnapshot) => ({
  settings: snapshot.settings,
  pinHash: snapshot.pinHash,
  updatedAt: snapshot.updatedAt?.toISOString() ?? null,
  revision: snapshot.revision,
});

/** Field names as a host reads them. */
const FIELD_WORDS: Record<string, string> = {
  venueName: 'the venue name',
  channelAlias: 'the channel alias',
  subscriptionLink: 'the subscription link',
  template: 'the Table ready message',
  contentLimit: 'the message length limit',
  lateAfterMinutes: 'the minutes before a called party is late',
  autoNoShow: 'the automatic no-show switch',
  onListMessage: 'the On the list switch',
  onListTemplate: 'the On the list message',
  gettingClosePosition: 'the Getting close place in line',
  gettingCloseTemplate: 'the Getting close message',
  defaultQuotes: 'the usual quotes',
  defaultQuote0: 'the usual quote for 1–2',
  defaultQuote1: 'the usual quote for 3–4',
  defaultQuote2: 'the usual quote for 5–6',
  defaultQuote3: 'the usual quote for 7 or more',
  retention: "how long guests' data is kept",
  personalDataDays: "the days guests' details are kept (1 to 365)",
  historyMonths: 'the months the anonymous history is kept (1 to 36)',
  pinHash: "the staff PIN's record",
};

const VENUE_FIELD_NAMES = { name: 1, appKey: 1, appSecret: 1, channelAlias: 1, subscriptionLink: 1 };

/** A request the wire's schema refused, in words: where (only our own fields are named) and why, never a value. */
const inWords = (
  { at, problem }: ReturnType<typeof requestProblem>,
  what: 'pairing' | 'venue' | 'settings' | 'revoke',
) => {
  const [body, was, has] = {
    pairing: ['The pairing request', 'was', 'has'],
    revoke: ['The request to disconnect a tablet', 'was', 'has'],
    venue: ['The venue change', 'was', 'has'],
    settings: ['The settings', 'were', 'have'],
  }[what];
  if (problem === 'unknown_field')
    return `${body} ${has}${at === 'body' ? '' : ` (in ${at})`} a field the venue server does not take; nothing was changed.`;
  const why = {
    control_character: 'has a control character',
    lone_surrogate: 'has a broken character',
    too_long: 'is too long',
    missing: 'is missing',
    wrong_type: 'is not of the right kind',
    not_allowed: 'is not allowed',
    out_of_range: 'is out of range',
  }[problem];
  return `${body} ${was} refused, nothing was changed: ${at} ${why}.`;
};

/** A refusal's message: each field refused, in words (never a value). */
const refusedInWords = (problems: { field: string }[]) =>
  `These settings were refused, nothing was changed: ${[...new Set(problems.map((p) => FIELD_WORDS[p.field] ?? p.field))].join(', ')}.`;

/** What a freshly paired tablet learns of its venue. */
const publicVenue = (venue: Venue) => ({
  id: venue.id,
  name: venue.name,
  channelAlias: venue.channelAlias,
  subscriptionLink: venue.subscriptionLink,
});

/** What a paired tablet sees of its venue: never the secret, only whether one is set. */
const venueJson = (venue: Venue) => ({ ...publicVenue(venue), appKey: venue.appKey, hasAppSecret: venue.hasAppSecret });

/** The owner's erasures as these routes use them; the sync layer makes them, under each venue's lock. */
export interface ErasureStore {
  preview(venueId: string, field: ErasureField, value: string): Promise<ErasureMatch[]>;
  erase(
    venueId: string,
    deviceId: string,
    request: { id: string; field: ErasureField; value: string; partyIds: readonly string[] },
  ): Promise<{ record: ErasureRecord; again: boolean }>;
  list(venueId: string): Promise<ErasureRecord[]>;
}

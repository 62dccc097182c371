import * as v from 'valibot';
import {
  ANNOUNCEMENT_INTERVAL_MS,
  ANNOUNCEMENT_STALE_AFTER_MS,
  ANNOUNCEMENTS_KEPT,
  type AnnouncementTarget,
} from '../../core/announcement.ts';
import type { Delivery } from '../../core/delivery.ts';
import { DEFAULT_CONTENT_LIMIT, characterCount } from '../../core/message-template.ts';
import { classifyPushResponse } from '../../core/push-result.ts';
import { isSafeText } from '../../core/wire/safe-text.ts';
import type { Database, Queryable } from '../db/database.ts';
import { errorType, pushedError, sendJson } from '../http/http-util.ts';
import { BodyError } from '../http/request-body.ts';
import { readRouteBody, type Call } from '../http/route.ts';
import type { Logger } from '../log/logger.ts';
import type { requestGate } from '../venue/request-gate.ts';
import type { Credentials } from '../venue/venue-store.ts';
import { SYNC_CHANNEL } from '../sync/server-sync-store.ts';
import type { Answer } from './pushed-upstream.ts';

/** What a tablet sends: its announcement, made (and its key) once on the tablet. */
export const announcementSchema = v.strictObject({
  id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,128}$/)),
  key: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,128}$/)),
  target: v.picklist(['channel', 'app']),
  text: v.pipe(v.string(), v.maxLength(4_000)),
  createdAt: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** The tablet's channel alias; the venue's own when absent. */
  alias: v.optional(v.pipe(v.string(), v.maxLength(200))),
});
type AnnouncementBody = v.InferOutput<typeof announcementSchema>;

/** One of the venue's announcements as every tablet lists it; `tablet`: the label of the tablet that made it. */
export interface VenueAnnouncement {
  id: string;
  key: string;
  target: AnnouncementTarget;
  text: string;
  createdAt: number;
  /** When it reached the venue server: the 10-minute rule counts from here, one clock for every tablet. */
  receivedAt: number;
  tablet: string | null;
  /** Whether the tablet asking made it (its own, listed without its label). */
  mine: boolean;
  delivery: Delivery;
}

interface Row {
  id: string;
  key: string;
  target: AnnouncementTarget;
  text: string;
  created_at: Date;
  received_at: Date;
  state: 'sending' | 'sent' | 'failed' | 'unknown' | 'not_sent';
  settled_at: Date | null;
  shipment_id: string | null;
  error_type: string | null;
  error_message: string | null;
  device_id: string | null;
  label: string | null;
}

const COLUMNS = `a.id, a.key, a.target, a.text, a.created_at, a.received_at, a.state, a.settled_at, a.shipment_id,
  a.error_type, a.error_message, a.device_id, d.label`;
const FROM = 'announcements a LEFT JOIN devices d ON d.id = a.device_id';

function deliveryOf(row: Row): Delivery {
  const at = (row.settled_at ?? row.received_at).getTime();
  switch (row.state) {
    case 'sending':
      return { state: 'sending', since: row.received_at.getTime() };
    case 'sent':
      return { state: 'sent', at, shipmentId: row.shipment_id };
    case 'failed':
      return { state: 'failed', at, errorType: row.error_type ?? 'refused', message: row.error_message ?? '' };
    case 'unknown':
      return { state: 'unknown', at, cause: 'relay_lost' };
    case 'not_sent':
      return { state: 'not_sent', at, why: 'stale' };
  }
}

const toAnnouncement = (row: Row, viewer: string | null = null): VenueAnnouncement => ({
  id: row.id,
  key: row.key,
  target: row.target,
  text: row.text,
  createdAt: row.created_at.getTime(),
  receivedAt: row.received_at.getTime(),
  tablet: row.label || null,
  mine: viewer !== null && row.device_id === viewer,
  delivery: deliveryOf(row),
});

/** The one in the way of a new announcement: when it reached the server, when the next may, and which tablet made it. */
export interface TooSoon {
  target: AnnouncementTarget;
  lastAt: number;
  nextAt: number;
  tablet: string | null;
}

/** What storing an announcement found. */
export type Recorded =
  | { kind: 'new'; announcement: VenueAnnouncement }
  | { kind: 'existing'; announcement: VenueAnnouncement }
  | { kind: 'too_soon'; tooSoon: TooSoon }
  | { kind: 'reused' }
  | { kind: 'no_venue' };

/** The database side of the venue's announcements: the 10-minute rule decided under the venue's lock, on every copy. */
export function announcementStore(db: Database) {
  const byKey = async (q: Queryable, venueId: string, id: string, key: string) =>
    (
      await q.query<Row>(`SELECT ${COLUMNS} FROM ${FROM} WHERE a.venue_id = $1 AND (a.id = $2 OR a.key = $3)`, [
        venueId,
        id,
        key,
      ])
    ).rows;

  const notify = (q: Queryable, venueId: string) =>
    q.query('SELECT pg_notify($1, $2)', [SYNC_CHANNEL, `${venueId}:announcements`]);

  return {
    /**
     * Stores a new announcement once the venue's rule allows it (the venue's row locked: copies take turns), or
     * says what is in the way. Made more than 15 minutes before it arrived: stored as not sent, and never sent.
     */
    record(
      venueId: string,
      deviceId: string,
      a: { id: string; key: string; target: AnnouncementTarget; text: string; createdAt: number },
      now: number,
    ): Promise<Recorded> {
      return db.transaction(async (tx) => {
        const venue = await tx.query('SELECT 1 FROM venues WHERE id = $1 FOR UPDATE', [venueId]);
        if (venue.rows.length === 0) return { kind: 'no_venue' };
        const found = await byKey(tx, venueId, a.id, a.key);
        if (found.length > 0) {
          const same = found.length === 1 && found[0]!.id === a.id && found[0]!.key === a.key;
          return same ? { kind: 'existing', announcement: toAnnouncement(found[0]!, deviceId) } : { kind: 'reused' };
        }
        const stale = now - a.createdAt > ANNOUNCEMENT_STALE_AFTER_MS;
        if (!stale) {
          const last = await tx.query<{ received_at: Date; label: string | null }>(
            `SELECT a.received_at, d.label FROM ${FROM}
              WHERE a.venue_id = $1 AND a.target = $2 AND a.state IN ('sending', 'sent', 'unknown')
                AND a.received_at > $3
              ORDER BY a.received_at DESC LIMIT 1`,
            [venueId, a.target, new Date(now - ANNOUNCEMENT_INTERVAL_MS)],
          );
          const row = last.rows[0];
          if (row) {
            const lastAt = row.received_at.getTime();
            return {
              kind: 'too_soon',
              tooSoon: {
                target: a.target,
                lastAt,
                nextAt: lastAt + ANNOUNCEMENT_INTERVAL_MS,
                tablet: row.label || null,
              },
            };
          }
        }
        await tx.query(
          `INSERT INTO announcements (venue_id, id, key, target, text, created_at, received_at, device_id, state, settled_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            venueId,
            a.id,
            a.key,
            a.target,
            a.text,
            new Date(Math.min(a.createdAt, now)),
            new Date(now),
            deviceId,
            stale ? 'not_sent' : 'sending',
            stale ? new Date(now) : null,
          ],
        );
        // The list is the venue's newest few: older ones go, but never one the rule still counts (at most one per target).
        await tx.query(
          `DELETE FROM announcements WHERE venue_id = $1
              AND NOT (state IN ('sending', 'sent', 'unknown') AND received_at > $3)
              AND id NOT IN (SELECT id FROM announcements WHERE venue_id = $1 ORDER BY received_at DESC LIMIT $2)`,
          [venueId, ANNOUNCEMENTS_KEPT, new Date(now - ANNOUNCEMENT_INTERVAL_MS)],
        );
        await notify(tx, venueId);
        const [stored] = await byKey(tx, venueId, a.id, a.key);
        return { kind: 'new', announcement: toAnnouncement(stored!, deviceId) };
      });
    },

    /** Writes what Pushed said (a transient answer leaves it sending: the tablet's retry goes again). */
    async settle(venueId: string, id: string, answer: Answer, now: number): Promise<VenueAnnouncement | null> {
      const result = classifyPushResponse(answer.status, answer.body, null, now);
      if (result.kind !== 'transient' && result.kind !== 'held') {
        const state = result.kind === 'delivered' ? 'sent' : result.kind === 'refused' ? 'failed' : 'unknown';
        await db.transaction(async (tx) => {
          await tx.query(
            `UPDATE announcements SET state = $3, settled_at = $4, shipment_id = $5, error_type = $6, error_message = $7
              WHERE venue_id = $1 AND id = $2 AND state = 'sending'`,
            [
              venueId,
              id,
              state,
              new Date(now),
              result.kind === 'delivered' ? result.shipmentId : null,
              result.kind === 'refused' ? result.errorType : null,
              result.kind === 'refused' ? result.message.slice(0, 500) : null,
            ],
          );
          await notify(tx, venueId);
        });
      }
      const [row] = await byKey(db, venueId, id, '');
      return row ? toAnnouncement(row, row.device_id) : null;
    },

    /** The venue's newest announcements, newest first, as `viewer` (a tablet's id) sees them. */
    async list(venueId: string, viewer: string): Promise<VenueAnnouncement[]> {
      const { rows } = await db.query<Row>(
        `SELECT ${COLUMNS} FROM ${FROM} WHERE a.venue_id = $1 ORDER BY a.received_at DESC LIMIT $2`,
        [venueId, ANNOUNCEMENTS_KEPT],
      );
      return rows.map((row) => toAnnouncement(row, viewer));
    },

    /** The venue's channel alias, for an announcement whose tablet did not say it. */
    async channelAlias(venueId: string): Promise<string> {
      const { rows } = await db.query<{ channel_alias: string | null }>(
        'SELECT channel_alias FROM venues WHERE id = $1',
        [venueId],
      );
      return rows[0]?.channel_alias ?? '';
    },
  };
}
export type AnnouncementStore = ReturnType<typeof announcementStore>;

/** The 409 of an announcement another one of the venue is in the way of, in words and in figures. */
export const tooSoonBody = (t: TooSoon) => ({
  ...pushedError(
    'announcement_too_soon',
    `${t.tablet ?? 'Another tablet'} sent an announcement to ${t.target === 'channel' ? 'the channel' : 'the whole app'} less than ${ANNOUNCEMENT_INTERVAL_MS / 60_000} minutes ago; the next can go at ${new Date(t.nextAt).toISOString()}.`,
  ),
  ...t,
});

/** Sends one announcement's push with its key, at most once across copies (the same path as POST /1/push). */
export type SendKeyed = (
  venueId: string,
  key: string,
  deviceId: string,
  bodyHash: string,
  body: URLSearchParams,
) => Promise<Answer>;

/**
 * POST and GET /1/announcements: the venue's announcements, the 10-minute rule checked once per venue (the
 * database decides, not a copy's memory), and each sent through the key-deduplicated path of /1/push.
 */
export function announcementsApi(options: {
  db: Database;
  gate: ReturnType<typeof requestGate>;
  log: Logger;
  credentials(venueId: string): Promise<Credentials | null>;
  build(credentials: Credentials, target: AnnouncementTarget, alias: string, text: string): URLSearchParams | null;
  send: SendKeyed;
  bodyHash(fields: Record<string, string>): string;
  contentLimit?: number;
  maxBodyBytes: number;
  now?: () => number;
}) {
  const { gate, log } = options;
  const store = announcementStore(options.db);
  const limit = options.contentLimit ?? DEFAULT_CONTENT_LIMIT;
  const now = options.now ?? Date.now;

  async function post(call: Call): Promise<void> {
    const { req, res, headers } = call;
    const admitted = await gate.admit(req);
    if ('status' in admitted) return sendJson(res, admitted.status, admitted.body, { ...headers, ...admitted.headers });
    const { device } = admitted;
    const refuse = (status: number, type: string, message: string, extra: Record<string, unknown> = {}) => {
      gate.refused(req, status, type, { device: device.id });
      sendJson(res, status, { ...pushedError(type, message), ...extra }, headers);
    };
    let body: AnnouncementBody;
    try {
      const read = await readRouteBody(call, options.maxBodyBytes);
      if (!read.success)
        return refuse(
          400,
          'invalid_announcement',
          'The body must be {"id", "key", "target": "channel"|"app", "text", "createdAt"}.',
        );
      body = read.output as AnnouncementBody; // the route's schema
    } catch (error) {
      if (error instanceof BodyError) return refuse(error.status, errorType(error.status), error.message);
      throw error;
    }
    const text = body.text.trim();
    // Only spaces and invisible marks (zero-width, direction) would reach every subscriber as a blank push.
    if (!/[^\s\p{Cf}]/u.test(text) || !isSafeText(text, true))
      return refuse(400, 'invalid_announcement', 'The text is empty or not text.');
    if (characterCount(text) > limit)
      return refuse(400, 'content_too_long', `The announcement is longer than the venue's ${limit} characters.`);
    const venueId = device.venueId;
    const credentials = await options.credentials(venueId);
    if (!credentials)
      return refuse(
        409,
        'venue_not_configured',
        "The venue's Pushed app key and secret are not set: set them in Settings → Venue server.",
      );
    const alias = body.alias?.trim() || (await store.channelAlias(venueId));
    // Checked before it is stored: one that can never be sent must not hold the venue's 10 minutes.
    if (!options.build(credentials, body.target, alias, text))
      return refuse(400, 'invalid_target', "The venue's channel alias is not set.");
    const recorded = await store.record(venueId, device.id, { ...body, text }, now());
    if (recorded.kind === 'no_venue') return refuse(401, 'unauthorized', 'This device is not allowed to send.');
    if (recorded.kind === 'reused')
      return refuse(422, 'idempotency_key_reused', 'This id or key belongs to another announcement.');
    if (recorded.kind === 'too_soon') {
      log.info('announcement refused: too soon', { venue: venueId, device: device.id, target: body.target });
      return refuse(409, 'announcement_too_soon', tooSoonBody(recorded.tooSoon).error.message, {
        ...recorded.tooSoon,
      });
    }
    const stored = recorded.announcement;
    if (stored.delivery.state !== 'sending') return sendJson(res, 201, { announcement: stored }, headers);
    // New, or a retry of one whose answer the tablet missed: the key makes it one Pushed call, its answer replayed.
    const push = options.build(credentials, stored.target, alias, stored.text);
    if (!push) return refuse(400, 'invalid_target', "The venue's channel alias is not set.");
    const fields = { announcement: stored.id, target: stored.target, alias, content: stored.text };
    const answer = await options.send(venueId, stored.key, device.id, options.bodyHash(fields), push);
    const settled = await store.settle(venueId, stored.id, answer, now());
    if (!settled || settled.delivery.state === 'sending') {
      // Pushed did not take it (or the server could not tell): the tablet retries with the same id and key.
      res.writeHead(answer.status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-store',
        ...headers,
        ...answer.headers,
      });
      return void res.end(answer.body);
    }
    log.info('announcement', {
      venue: venueId,
      device: device.id,
      target: stored.target,
      state: settled.delivery.state,
    });
    sendJson(res, 201, { announcement: settled }, headers);
  }

  async function list({ req, res, headers }: Call): Promise<void> {
    const admitted = await gate.admit(req);
    if ('status' in admitted) return sendJson(res, admitted.status, admitted.body, { ...headers, ...admitted.headers });
    sendJson(res, 200, { announcements: await store.list(admitted.device.venueId, admitted.device.id) }, headers);
  }

  /**
   * A channel or app push through POST /1/push (a tablet of before): refused when it breaks the venue's rule, else
   * recorded as the venue's (its key as its id) and settled with Pushed's answer after the call.
   */
  async function guardPush(
    venueId: string,
    deviceId: string,
    key: string,
    target: AnnouncementTarget,
    text: string,
  ): Promise<{ tooSoon: TooSoon } | { reused: true } | { settle(answer: Answer): Promise<void> }> {
    const at = now();
    const recorded = await store.record(venueId, deviceId, { id: key, key, target, text, createdAt: at }, at);
    if (recorded.kind === 'too_soon') return { tooSoon: recorded.tooSoon };
    // Another announcement's id or key: never checked against the rule, so never sent.
    if (recorded.kind === 'reused') return { reused: true };
    const noted = recorded.kind === 'new' || recorded.kind === 'existing';
    return {
      settle: async (answer) => {
        if (!noted) return;
        await store.settle(venueId, key, answer, now()).catch((error: unknown) => {
          log.warn('announcement not settled', { name: error instanceof Error ? error.name : 'error' });
        });
      },
    };
  }

  return { post, list, guardPush };
}

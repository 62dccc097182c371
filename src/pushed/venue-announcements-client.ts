import * as v from 'valibot';
import type { Announcement, AnnouncementTarget } from '../core/announcement.ts';
import type { Delivery } from '../core/delivery.ts';
import { classifyRelayResponse, type PushResult } from '../core/push-result.ts';
import { DEFAULT_TIMEOUT_MS } from './send-push.ts';

/** The subset of `fetch` this client needs: JSON both ways. */
export type JsonFetch = (
  url: string,
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string; signal: AbortSignal },
) => Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

const at = v.pipe(v.number(), v.finite());
const deliverySchema = v.variant('state', [
  v.object({ state: v.literal('sending'), since: at }),
  v.object({ state: v.literal('sent'), at, shipmentId: v.nullable(v.string()) }),
  v.object({ state: v.literal('failed'), at, errorType: v.string(), message: v.string() }),
  v.object({
    state: v.literal('unknown'),
    at,
    cause: v.picklist(['timeout', 'network', 'unreadable', 'interrupted', 'relay_lost']),
  }),
  v.object({ state: v.literal('not_sent'), at, why: v.picklist(['no_contact', 'stale', 'left_board']) }),
]);
const announcementSchema = v.object({
  id: v.string(),
  key: v.string(),
  target: v.picklist(['channel', 'app']),
  text: v.string(),
  createdAt: at,
  receivedAt: at,
  tablet: v.nullable(v.string()),
  mine: v.optional(v.boolean(), false),
  delivery: deliverySchema,
});
const tooSoonSchema = v.object({
  error: v.object({ type: v.literal('announcement_too_soon'), message: v.string() }),
  lastAt: at,
  nextAt: at,
  tablet: v.nullable(v.string()),
});

const json = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

/** A venue announcement as this tablet lists it: the one the server has, with its tablet's label. */
const fromServer = (a: v.InferOutput<typeof announcementSchema>): Announcement => ({
  id: a.id,
  key: a.key,
  target: a.target,
  text: a.text,
  createdAt: a.receivedAt, // the venue's rule counts from when it reached the server: one clock for every tablet
  delivery: a.delivery,
  tablet: a.mine ? null : a.tablet, // this tablet's own: "You sent one", not its own name
});

/** What became of the push, as the delivery loop reads any push: sent, refused, unknown… */
function resultOf(delivery: Delivery): PushResult {
  switch (delivery.state) {
    case 'sent':
      return { kind: 'delivered', shipmentId: delivery.shipmentId };
    case 'failed':
      return { kind: 'refused', status: null, errorType: delivery.errorType, message: delivery.message };
    case 'not_sent':
      return { kind: 'refused', status: null, errorType: 'announcement_stale', message: '' };
    case 'unknown':
      return { kind: 'unknown', cause: 'relay_lost' };
    case 'sending': // the server could not settle it: its key makes the retry safe
      return { kind: 'transient', status: null, retryAfterMs: null, unanswered: 'relay' };
    case 'queued':
      return { kind: 'transient', status: null, retryAfterMs: null, unanswered: 'relay' };
  }
}

/**
 * The venue server's announcements: a paired tablet sends each one there, where the 10-minute rule is the
 * venue's (checked once, for every tablet), and reads the venue's list. No error or result quotes the token.
 */
export function createVenueAnnouncementsClient({
  baseUrl,
  fetch,
  deviceToken,
  timeoutMs = DEFAULT_TIMEOUT_MS,
  now = Date.now,
}: {
  baseUrl: string;
  fetch: JsonFetch;
  deviceToken: string;
  timeoutMs?: number;
  now?: () => number;
}) {
  const headers = { Accept: 'application/json', Authorization: `Bearer ${deviceToken}` };
  return {
    /** Sends one announcement; `null` when this venue server has no announcements route yet (send it as a push). */
    async send(
      a: { id: string; key: string; target: AnnouncementTarget; text: string; createdAt: number; alias: string },
      signal?: AbortSignal,
    ): Promise<PushResult | null> {
      const timeout = AbortSignal.timeout(timeoutMs);
      let status: number;
      let text: string;
      let retryAfter: string | null;
      try {
        const response = await fetch(`${baseUrl}/announcements`, {
          method: 'POST',
          headers: { ...headers, 'Content-Type': 'application/json' },
          body: JSON.stringify(a.alias.trim() ? a : { ...a, alias: undefined }),
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
        status = response.status;
        retryAfter = response.headers.get('retry-after');
        text = await response.text();
      } catch {
        // It may have arrived: a retry with the same id and key is answered what the first one did.
        return { kind: 'transient', status: null, retryAfterMs: null, unanswered: 'relay' };
      }
      if (status === 404) return null;
      const body = json(text);
      if (status === 201) {
        const read = v.safeParse(v.object({ announcement: announcementSchema }), body);
        return read.success ? resultOf(read.output.announcement.delivery) : { kind: 'unknown', cause: 'unreadable' };
      }
      const tooSoon = v.safeParse(tooSoonSchema, body);
      if (status === 409 && tooSoon.success) {
        const { lastAt, nextAt, tablet } = tooSoon.output;
        return {
          kind: 'refused',
          status,
          errorType: 'announcement_too_soon',
          message: tooSoon.output.error.message,
          tooSoon: { lastAt, nextAt, tablet },
        };
      }
      return classifyRelayResponse(status, text, retryAfter, now());
    },

    /** The venue's newest announcements, newest first; null when the server cannot say now. */
    async list(): Promise<Announcement[] | null> {
      try {
        const response = await fetch(`${baseUrl}/announcements`, {
          method: 'GET',
          headers,
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (response.status !== 200) return null;
        const read = v.safeParse(v.object({ announcements: v.array(announcementSchema) }), json(await response.text()));
        return read.success ? read.output.announcements.map(fromServer) : null;
      } catch {
        return null;
      }
    },
  };
}

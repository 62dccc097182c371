import { pairRequestSchema, revokeRequestSchema, sharedUploadSchema, venueChangesSchema } from '../core/wire/venue.ts';
import type { Call, RouteHandler, RouteSpec } from './http/route.ts';
import { MAX_PUSH_MUTATIONS } from './sync/server-sync-store.ts';
import { syncPushSchema, type syncApi } from './sync/sync-routes.ts';
import type { venueApi } from './venue/venue-routes.ts';
import type { GuestApi } from './guest/guest-routes.ts';
import { announcementSchema } from './push/announcements.ts';
import { GUEST_TICKET_HEADER, guestJoinSchema } from '../core/wire/guest.ts';
import {
  ERASURE_MAX_PARTIES,
  ERASURE_VALUE_MAX,
  erasurePreviewSchema,
  erasureRequestSchema,
} from '../core/wire/erasure.ts';

/** The server's handlers, made once per server over its stores; a route's handler picks its own. */
export interface Handlers {
  probe: { healthz: RouteHandler; readyz: RouteHandler };
  push: RouteHandler;
  announcements: { post: RouteHandler; list: RouteHandler };
  venue: ReturnType<typeof venueApi>;
  sync: ReturnType<typeof syncApi>;
  guest: Pick<GuestApi, 'venue' | 'join' | 'ticket' | 'cancel' | 'onMyWay' | 'pushedStart' | 'pushedCallback'> & {
    events: RouteHandler;
  };
  /** The guest's check-in and status pages. */
  guestPage: RouteHandler;
}

/** One route of the venue server with its handler, chosen from the server's handlers. */
export interface Route extends RouteSpec {
  handler: (handlers: Handlers, call: Call) => Promise<void>;
}

const TABLET = 'tablet (device token)';
const GUEST = "anyone (a guest's phone)";
const GUEST_POST = `${GUEST}, from the guest page only: \`Origin\` is \`WAITBELL_PUBLIC_URL\` or one in \`WAITBELL_ALLOWED_ORIGINS\` (the request's own host only when no public address is set), never \`Sec-Fetch-Site: cross-site\` (else 403 \`wrong_origin\`)`;
const TICKET = `the ticket's token in \`${GUEST_TICKET_HEADER}\``;
const TICKET_REFUSED =
  '404 `unknown_ticket` (never says whether it existed), 410 `ticket_expired` two hours after the party finished, 429 `too_many_requests` with `Retry-After`';
const STATUS =
  '`{"venue": {"name", "code"}, "party": {"name", "size"}, "state": "waiting"|"called"|"seated"|"left"|"cancelled", "place", "ahead", "quoteMinutes", "joinedAt", "calledAt", "onMyWayAt", "now"}`: of other guests only counts';
const PAGE =
  "the guest page (the build's `src/guest/guest.html`) with the app's Content-Security-Policy, `Cache-Control: no-cache`, `Referrer-Policy: no-referrer`; an unknown code gets the page too (it says so from the API's 404); 503 in words without the build";
const OWNER =
  'tablet (device token) with the staff PIN in `Waitbell-Staff-Pin` (an owner action: needed once the venue has a PIN)';
/** How an owner action is refused for its PIN. */
const PIN_REFUSED =
  '403 `staff_pin_required` (no PIN sent), 403 `staff_pin_wrong` with `triesLeft`, 429 `staff_pin_locked` with `Retry-After` (5 wrong PINs a venue, on every copy, lock for 1 minute, doubling to 1 hour)';

/** Every route of the venue server: the one table the server dispatches by and the README lists. */
export const ROUTES: readonly Route[] = [
  {
    method: 'GET',
    path: '/healthz',
    budget: 'none',
    who: 'anyone (also `HEAD`)',
    takes: '—',
    answers: '`200 {"ok":true}` while the process runs; never touches the database',
    handler: (h, c) => h.probe.healthz(c),
  },
  {
    method: 'GET',
    path: '/readyz',
    budget: 'none',
    who: 'anyone (also `HEAD`)',
    takes: '—',
    answers:
      '`200 {"ready":true}`, or `503 {"ready":false}` with `Retry-After` when the database does not answer within 2 s, or `503 {"ready":false, "reason":"disk_full"}` while the disk is nearly full (every write, on every route, is then `503 disk_full` with `Retry-After: 60`)',
    handler: (h, c) => h.probe.readyz(c),
  },
  {
    method: 'POST',
    path: '/1/push',
    budget: 'push',
    who: TABLET,
    takes:
      "`Idempotency-Key` header (letters, digits, `_`, `-`); form fields of a Pushed push: `target_type` (`app`, `channel`, `pushed_id`, `user`, `email`) with its fields (`target_alias`, `pushed_id`, `access_token`, `email`), `content`, optionally `content_type=url` and `content_extra`, and `party_id` (the party a guest message is for; never sent on to Pushed); never `app_key` or `app_secret` (400 `credentials_not_accepted`). `target_type=user` with `party_id` and no `access_token`: the server adds the guest's own token. With `party_id` of a guest who joined online, a public address, and no `content_type=url`: the message links to their status page (`content_type=url`, `content_extra=<WAITBELL_PUBLIC_URL>/v/<code>/status#<fresh ticket>`)",
    answers:
      "Pushed's own answer, stored under the key: a retry gets it again with `Idempotent-Replayed: true`. 409 `venue_not_configured` (no Pushed app yet), 409 `outcome_unknown` (Pushed's answer was lost: Resend), 409 `pushed_permission_missing` (the guest never allowed Pushed) / `pushed_permission_lost` (allowed for the venue's earlier app key): Pushed not called, nothing stored, 410 `guest_erased` (`party_id` of a guest the owner erased: never sent), 422 `idempotency_key_reused` (another body), 400 `invalid_target` / `content_too_long`, 413, 415, 502 `upstream_redirect` / `upstream_unreachable`, 503 (not recorded: retry). Details: `src/server/push/README.md`",
    handler: (h, c) => h.push(c),
  },
  {
    method: 'POST',
    path: '/1/announcements',
    budget: 'push',
    who: TABLET,
    takes:
      'JSON `{"id", "key", "target": "channel"|"app", "text", "createdAt"}` (ids of 8–128 letters, digits, `_`, `-`; the text within the venue\'s content limit), optionally `"alias"` (the channel; the venue\'s by default)',
    answers:
      "`201 {\"announcement\"}` with its `delivery` (`sent`, `failed` with Pushed's refusal, `unknown`, or `not_sent` when it was made more than 15 minutes before it arrived: never sent) `tablet` (its tablet's label) and `mine` (made by the tablet asking). The venue's rule, checked under its lock on every copy: one announcement per target in 10 minutes of the server's clock (refused and stale ones don't count), else **409** `announcement_too_soon` with `target`, `lastAt`, `nextAt` and `tablet` (the label of the one in the way); nothing stored. Sent with its `key` as `/1/push` sends (one Pushed call per key across copies): a retry of the same id and key answers the stored outcome. 409 `venue_not_configured`, 400 `invalid_announcement` / `content_too_long`, 422 `idempotency_key_reused` (the id or key of another announcement), 502/503 as `/1/push` (retry). Every change: `event: announcements` on the event streams. `/1/push` to a channel or the app is held to the same rule and listed too",
    body: { type: 'json', schema: announcementSchema },
    handler: (h, c) => h.announcements.post(c),
  },
  {
    method: 'GET',
    path: '/1/announcements',
    budget: 'push',
    who: TABLET,
    takes: '—',
    answers: '`{"announcements": [...]}`: the venue\'s 50 newest, newest first, each as `POST` answers it',
    handler: (h, c) => h.announcements.list(c),
  },
  {
    method: 'POST',
    path: '/1/pair',
    budget: 'none',
    who: "anyone with a pairing code; wrong codes spend the address's failed attempts",
    takes: "form or JSON: `code`, optional `label` (the tablet's name); nothing else",
    answers:
      '`200 {"deviceToken", "device": {"id", "label"}, "venue": {"id", "name", "channelAlias", "subscriptionLink"}}`; 400 `invalid_pairing_code`, 400 `invalid_request` (a field more, a control character), 404 `pairing_code_unknown`, 410 `pairing_code_used` / `pairing_code_expired`, 429',
    body: { type: 'fields', schema: pairRequestSchema },
    handler: (h, c) => h.venue.pair(c),
  },
  {
    method: 'GET',
    path: '/1/venue',
    budget: 'admin',
    who: TABLET,
    takes: '—',
    answers:
      '`{"venue": {"id", "name", "channelAlias", "subscriptionLink", "appKey", "hasAppSecret"}, "device": {"id", "label"}, "checkIn": {"code", "url"}}`: never the secret; `checkIn.url` is `<WAITBELL_PUBLIC_URL>/v/<code>`, the guests\' check-in page, or `null` without a public address; `"demoSync": true` only from the demo (`npm start`), whose board the demo tablet then shares',
    handler: (h, c) => h.venue.getVenue(c),
  },
  {
    method: 'PUT',
    path: '/1/venue',
    budget: 'admin',
    who: OWNER,
    takes:
      'form or JSON: any of `name`, `appKey`, `appSecret`, `channelAlias`, `subscriptionLink` (left out, or an empty secret: kept); nothing else',
    answers:
      'the same as `GET`; 400 `invalid_venue_settings` with `fields` (each `{field, problem}`: a control character is `bad_characters`), 400 `invalid_request` for a field more; nothing changed; ' +
      PIN_REFUSED +
      '. The log names which fields changed and the tablet, never their values',
    body: { type: 'fields', schema: venueChangesSchema },
    handler: (h, c) => h.venue.putVenue(c),
  },
  {
    method: 'GET',
    path: '/1/venue/settings',
    budget: 'admin',
    who: TABLET,
    takes: '—',
    answers:
      '`{"settings": {...} or null, "pinHash": {...} or null, "updatedAt": ISO or null, "revision": N}`; `null` settings and revision 0 while no tablet has set the venue up',
    handler: (h, c) => h.venue.getSettings(c),
  },
  {
    method: 'PUT',
    path: '/1/venue/settings',
    budget: 'admin',
    who: 'tablet (device token); once the venue has a PIN, any change needs it in `Waitbell-Staff-Pin`',
    takes:
      'JSON `{"revision": N, "settings": {...}, "pinHash"?: {...}}`: every shared setting, nothing more; text without control characters (a message may have line breaks)',
    answers:
      "200 with the new state (revision N + 1); **409** `settings_changed` (\"Settings were changed on another tablet: here they are.\") with the current state when N is not the current revision; **400** `invalid_settings` naming each refused field in words (the same rules as the tablet's Settings form), 400 `invalid_request` for a field more; nothing changed. A `pinHash` left out keeps the saved one: no tablet can remove the venue's PIN. Any change (a setting other than the venue's, or a `pinHash` other than the saved one) is an owner action once the venue has a PIN; the same settings again need nothing: " +
      PIN_REFUSED,
    body: { type: 'json', schema: sharedUploadSchema },
    handler: (h, c) => h.venue.putSettings(c),
  },
  {
    method: 'GET',
    path: '/1/devices',
    budget: 'admin',
    who: TABLET,
    takes: '—',
    answers:
      '`{"devices": [{"id", "label", "pairedAt", "lastSeenAt", "revokedAt", "current", "pairedBy", "revokedBy", "lastOwnerAction"}]}`: the venue\'s tablets, revoked ones too, oldest first; `current` is the caller; `pairedBy` / `revokedBy` the tablet that paired / disconnected it (`null`: the command line); `lastOwnerAction` `{"action", "at"}` (`venue`: changed the Pushed account, `settings`: changed the shared settings, `pairing_code`, `revoke`, `pin`) or `null`',
    handler: (h, c) => h.venue.devices(c),
  },
  {
    method: 'POST',
    path: '/1/devices/:id/revoke',
    budget: 'admin',
    who: OWNER,
    takes: 'optionally JSON `{"keep": ["dev_…"]}`: tablets it paired that stay connected',
    answers:
      '`{"device": {...}, "revoked": [...]}`: the tablet as it now is (revoking twice keeps the first time) and every tablet revoked with it: those it paired, and they paired, and so on, but those kept (and theirs); 404 `not_found` for a tablet of another venue or none; ' +
      PIN_REFUSED,
    body: { type: 'json', schema: revokeRequestSchema },
    handler: (h, c) => h.venue.revoke(c),
  },
  {
    method: 'POST',
    path: '/1/pairing-codes',
    budget: 'admin',
    who: OWNER,
    takes: '—',
    answers:
      '`{"code", "url", "expiresAt"}`: a new one-time code for the caller\'s venue, 10 minutes; `url` is `<WAITBELL_PUBLIC_URL>/pair?code=…`, or on the caller\'s own origin when that is unset. A tablet paired with it goes when the caller is disconnected (unless kept); ' +
      PIN_REFUSED,
    handler: (h, c) => h.venue.pairingCodes(c),
  },
  {
    method: 'GET',
    path: '/1/report',
    budget: 'admin',
    who: OWNER,
    takes:
      "query `period` (`night`, `week` or `month`) and `date` (`YYYY-MM-DD`): the period holding that date in the venue's time zone (online joins' setting; UTC without one), a day of service running from 05:00 to 05:00, a week from Monday",
    answers:
      '`{"period", "date", "timeZone", "current", "previous", "suggestionAccuracy", "madeAt"}`: the figures of the period and of the one before (the same weekday a week before, the week before, the month before), each `{"from", "to", "firstDay", "parties", "guests", "byHour", "waits", "quotes", "walkAways", "joins", "heatmap", "busiestHours", "suggestionAccuracy"}` (Waitbell\'s suggestion against the host\'s quotes over the seated parties with both: `{"recorded": true, "parties", "suggestion", "host"}`, else `{"recorded": false}`; the top-level one is the current period\'s) as `src/core/wire/report.ts` describes, computed by the database over the venue\'s synced parties by when they joined; 400 `invalid_report_request`; ' +
      PIN_REFUSED,
    handler: (h, c) => h.venue.report(c),
  },
  {
    method: 'GET',
    path: '/1/quotes/model',
    budget: 'admin',
    who: TABLET,
    takes: '`If-None-Match` (optional): the ETag of the model the tablet holds',
    answers:
      '`{"model", "learnedFrom", "computedAt", "throughFinishedAt"}`: the quote statistics the server learned from the venue\'s finished parties (no name or contact; `src/core/quote-estimator.ts` reads `model`), refreshed in the background; with an `ETag`, **304** when unchanged; 404 `no_quote_model` before the first is learned',
    handler: (h, c) => h.venue.quoteModel(c),
  },
  {
    method: 'GET',
    path: '/1/history.csv',
    budget: 'admin',
    who: OWNER,
    takes:
      "query `from`, `to` (optional): dates (`2026-03-06`, the venue's day, `to` included) or ISO times, bounds on when the parties joined",
    answers:
      "`text/csv; charset=utf-8`, `Content-Disposition: attachment; filename=\"<venue>-history-<date>.csv\"`: the venue's finished parties, in no set order, RFC 4180 (CRLF, quotes only where needed), every cell that a spreadsheet would run as a formula starting with `'`. Columns: the tablet's history import's (`joined_at`, `party_size`, `quoted_minutes`, `seated_at`, `left_at`, `outcome`), then `party_id`, `finish_reason`, `joined_via` (`stand`/`online`), `joined_position`, `called_at`, `call_count`, `on_my_way_at`, `finished_by` (the label of the tablet that made the last change); never a guest's name, note, phone, email, PushedID or a token; times in the venue's time zone. Streamed a page of `WAITBELL_EXPORT_PAGE_ROWS` parties at a time, as fast as the tablet reads (cut off when it takes nothing for `WAITBELL_EXPORT_STALL_MS`); a failure mid-file breaks the download rather than ending it short. 400 `invalid_request` (a date that is not one); " +
      PIN_REFUSED,
    handler: (h, c) => h.venue.historyCsv(c),
  },
  {
    method: 'POST',
    path: '/1/erasures/preview',
    budget: 'admin',
    who: OWNER,
    takes: `JSON \`{"field", "value"}\`: \`field\` one of \`name\`, \`pushedId\`, \`phone\`, \`email\`; \`value\` up to ${ERASURE_VALUE_MAX} characters`,
    answers:
      '`{"matches": [{"partyId", "joinedAt", "size", "status", "name"}]}`: the venue\'s guests not yet erased that match (a name whole, without case or accents; a phone by its last 9 or more digits; an email without case; a PushedID exactly), newest first, at most ' +
      `${ERASURE_MAX_PARTIES}; 400 \`invalid_erasure\` with \`fields\` (which one, and why) in words; ` +
      PIN_REFUSED,
    body: { type: 'json', schema: erasurePreviewSchema },
    handler: (h, c) => h.venue.erasurePreview(c),
  },
  {
    method: 'POST',
    path: '/1/erasures',
    budget: 'admin',
    who: OWNER,
    takes: `JSON \`{"id", "field", "value", "partyIds"}\`: the erasure's id (made once by the tablet), the search, and 1–${ERASURE_MAX_PARTIES} parties the owner confirmed from the preview (each must still match; others are left as they are)`,
    answers:
      '`201 {"erasure": {"id", "at", "field", "parties", "tablet"}}` once stored: each party erased keeps only what the report counts, as one server change in the venue\'s sync order (every tablet, also one offline now, receives it), and its tickets, Pushed permissions and settled sends\' answers are deleted with it; the same `id` again answers the same record, erasing nothing more. Never records the value searched for, nor a name; 400 `invalid_erasure`; ' +
      PIN_REFUSED,
    body: { type: 'json', schema: erasureRequestSchema },
    handler: (h, c) => h.venue.erase(c),
  },
  {
    method: 'GET',
    path: '/1/erasures',
    budget: 'admin',
    who: OWNER,
    takes: '—',
    answers:
      '`{"erasures": [{"id", "at", "field", "parties", "tablet"}]}`: the venue\'s erasures, newest first (`tablet`: the label of the tablet it was made on), kept as long as its anonymous history; ' +
      PIN_REFUSED,
    handler: (h, c) => h.venue.erasures(c),
  },
  {
    method: 'POST',
    path: '/1/sync/push',
    budget: 'sync',
    who: TABLET,
    takes: `\`Waitbell-Sync\`; JSON \`{"mutations": [...]}\`, 1–${MAX_PUSH_MUTATIONS}, each by the schema in src/core/wire/sync.ts, up to 2 MB`,
    answers:
      '`{"version", "outcomes", "tablets"}`: one outcome per mutation, in order (`applied`, `duplicate`, or `rejected` with a reason such as `already_finished` naming the tablet that won, whose label is in `tablets`, or `invalid` saying where and why; `board_full` for a change that would put a party on a board already at its bounds, `WAITBELL_BOARD_MAX_PARTIES` waiting or `WAITBELL_BOARD_MAX_BYTES` of them, counted under the venue’s lock); answered once stored',
    body: { type: 'json', schema: syncPushSchema },
    handler: (h, c) => h.sync.push(c),
  },
  {
    method: 'GET',
    path: '/1/sync/changes',
    budget: 'sync',
    who: TABLET,
    takes:
      '`Waitbell-Sync`; query `since`, a version (0 by default); `limit` 1–5,000 (1,000 by default); `scope=board`',
    answers:
      "the parties changed since version `since`, in version order, up to `limit` rows and `WAITBELL_SYNC_PAGE_BYTES` of JSON (never half a version), `more`, `remaining` (rows still to fetch), `version` (ask from it next) and `current` (the venue's version as read). `scope=board`: the parties on the board, paged the same way from `since`; a new tablet reads them from 0 and then its changes from the first page's `current` (`remaining` on the last page is the finished parties)",
    handler: (h, c) => h.sync.changes(c),
  },
  {
    method: 'GET',
    path: '/1/sync/events',
    budget: 'sync',
    who: TABLET,
    takes: '`Waitbell-Sync`',
    answers:
      "`text/event-stream`: `event: version` with `{\"version\": N}` at once and each time the venue's version moves, `event: settings` when the venue's shared settings change, `event: announcements` when its announcements change (tablets of before skip it), `: ping` every 15 s. Ends when the server stops and when the tablet is revoked (within 5 s on the copy that revoked it, 10 s on the others), after 7.5–10 minutes (the tablet opens another), when its tablet stops reading, and when the same tablet opens a 5th (its oldest ends with `event: replaced`, and that tab waits a minute before listening again). A venue's tablets hold 64 at most (then **429** `too_many_streams` with `Retry-After`), a server copy 400 (then **503**); settings `WAITBELL_STREAMS_*`, `WAITBELL_MAX_STREAMS`, `WAITBELL_STREAM_MAX_AGE_MS`",
    handler: (h, c) => h.sync.events(c),
  },
  {
    method: 'GET',
    path: '/v/:code',
    budget: 'none',
    who: GUEST + ' (also `HEAD`, and `/v/:code/`)',
    takes: "`:code`, the venue's check-in code (any case)",
    answers: 'the check-in page: ' + PAGE,
    handler: (h, c) => h.guestPage(c),
  },
  {
    method: 'GET',
    path: '/v/:code/',
    budget: 'none',
    who: GUEST,
    takes: '—',
    answers: 'the same as `/v/:code`',
    handler: (h, c) => h.guestPage(c),
  },
  {
    method: 'GET',
    path: '/v/:code/status',
    budget: 'none',
    who: GUEST + ' (also `HEAD`)',
    takes: "the ticket in the address's fragment (`#<token>`), which no browser sends to a server",
    answers: 'the status page: ' + PAGE,
    handler: (h, c) => h.guestPage(c),
  },
  {
    method: 'GET',
    path: '/1/guest/venues/:code',
    budget: 'guest',
    who: GUEST,
    takes: '—',
    answers:
      '`{"venue": {"name", "code"}, "joins": {"open", "why"?: "paused"|"closed_now"|"full"|"not_set_up", "maxSize", "opensAt"?}, "wait": {"waiting", "minutes": [1–2, 3–4, 5–6, 7+]}, "keptDays": 30}`: minutes by the tablets\' estimator over the venue\'s synced history (null: cannot say), worked out at most every 30 s; 404 `unknown_venue`; 429 `too_many_requests`',
    handler: (h, c) => h.guest.venue(c),
  },
  {
    method: 'POST',
    path: '/1/guest/venues/:code/join',
    budget: 'guest',
    who: GUEST_POST,
    takes: 'JSON `{"name", "size", "note"?, "phone"?, "language": "en"|"es"}`; nothing else',
    answers:
      '201 `{"ticket", "status"}` once the party and its ticket are stored (the row is on every tablet by its next pull, as "Online check-in"); 400 `invalid_fields` with `problems` (Add party\'s rules, and the phone), 400 `invalid_request`, 409 `joins_paused` / `joins_not_set_up` (no tablet saved the venue\'s settings yet) / `joins_closed_now` (with `opensAt`) / `online_full` / `party_too_large` (with `maxSize`) / `board_full`, 429 `too_many_joins` with `Retry-After` (`WAITBELL_GUEST_JOINS_PER_ADDRESS`, `WAITBELL_GUEST_JOINS_PER_VENUE` per 10 minutes, on every copy), 404 `unknown_venue`, 415',
    body: { type: 'json', schema: guestJoinSchema },
    handler: (h, c) => h.guest.join(c),
  },
  {
    method: 'GET',
    path: '/1/guest/ticket',
    budget: 'guest',
    who: GUEST,
    takes: TICKET,
    answers: `${STATUS}; ${TICKET_REFUSED}`,
    handler: (h, c) => h.guest.ticket(c),
  },
  {
    method: 'GET',
    path: '/1/guest/ticket/events',
    budget: 'guest',
    who: GUEST,
    takes: TICKET,
    answers:
      "`text/event-stream`: `event: status` with the status at once and at every change of the party or its place, `: ping` every 15 s; ends after ~10 minutes (the page opens another). Streams have their own caps, apart from the tablets': per client address (`WAITBELL_GUEST_STREAMS_PER_ADDRESS`, 429), per venue (`WAITBELL_GUEST_STREAMS_PER_VENUE`, 429) and per copy (`WAITBELL_GUEST_STREAMS`, 503), each with `Retry-After`; " +
      TICKET_REFUSED,
    handler: (h, c) => h.guest.events(c),
  },
  {
    method: 'POST',
    path: '/1/guest/ticket/cancel',
    budget: 'guest',
    who: GUEST_POST,
    takes: TICKET,
    answers:
      'the status, now `cancelled` (the row leaves the board: "Cancelled by the guest"); 409 `already_finished` with `status`; ' +
      TICKET_REFUSED,
    handler: (h, c) => h.guest.cancel(c),
  },
  {
    method: 'POST',
    path: '/1/guest/ticket/on-my-way',
    budget: 'guest',
    who: GUEST_POST,
    takes: TICKET,
    answers:
      'the status with `onMyWayAt`; 409 `not_called_yet` with `status` while the party is still waiting (not called); 409 `already_finished` with `status`; ' +
      TICKET_REFUSED,
    handler: (h, c) => h.guest.onMyWay(c),
  },
  {
    method: 'POST',
    path: '/1/guest/pushed',
    budget: 'guest',
    who: GUEST_POST,
    takes: TICKET,
    answers:
      '`200 {"url"}`: Pushed\'s authorise link for the venue\'s app, whose redirect address is `<WAITBELL_PUBLIC_URL>/oauth/pushed?state=…` (a state of 32 random bytes, stored only as its hash, bound to the party, single use, 10 minutes); 409 `pushed_not_set_up` (no app key and secret, or no public address), 409 `party_finished`, 429 `too_many_requests` (5 starts a party per 10 minutes, on every copy); ' +
      TICKET_REFUSED,
    handler: (h, c) => h.guest.pushedStart(c),
  },
  {
    method: 'GET',
    path: '/oauth/pushed',
    budget: 'none',
    who: "anyone (a guest's phone, sent back by Pushed); the address the owner registers in Pushed as the app's redirect",
    takes: 'query `state`, and `code` (or `auth_code`); `error` or no code: the guest declined. Never logged',
    answers:
      "**303** to `/v/<code>/status?pushed=allowed|declined|refused|unavailable#<a fresh ticket>` once the state is spent (the code exchanged with Pushed, the token sealed and kept on the server only, every tablet told); a page in words (English or Spanish by `Accept-Language`, `Cache-Control: no-store`): 400 for a state the venue never made, 409 already used, 410 older than 10 minutes (both link to the status page; no new ticket), 429 with the guests' read budget; 405 to a HEAD (only the guest's GET spends a state)",
    handler: (h, c) => h.guest.pushedCallback(c),
  },
];

// `:id`: a tablet's id, as the venue store makes them; `:code`: a venue's check-in code (any text of its shape: the
// handler says whether it is one).
const patternOf = (path: string) =>
  new RegExp(`^${path.replace(':id', '([A-Za-z0-9_-]{1,40})').replace(':code', '([A-Za-z0-9_-]{1,40})')}$`);
const PATTERNS = ROUTES.map((route) => ({ route, pattern: patternOf(route.path) }));

/** The routes of a path (one per method), with the id it names; null for a path the server does not have. */
export function routeOf(path: string): { routes: Route[]; methods: string[]; id?: string } | null {
  const found = PATTERNS.flatMap(({ route, pattern }) => {
    const match = pattern.exec(path);
    return match ? [{ route, id: match[1] }] : [];
  });
  const first = found[0];
  if (!first) return null;
  const routes = found.map((f) => f.route);
  return { routes, methods: routes.map((r) => r.method), ...(first.id ? { id: first.id } : {}) };
}

const cell = (text: string) => text.replaceAll('|', '\\|');

/** The README's table of routes, generated from ROUTES (a test keeps the README's copy true). */
export const routesMarkdown = (): string =>
  [
    '| method | path | who | rate budget | takes | answers |',
    '| --- | --- | --- | --- | --- | --- |',
    ...ROUTES.map(
      (r) => `| ${r.method} | \`${r.path}\` | ${cell(r.who)} | ${r.budget} | ${cell(r.takes)} | ${cell(r.answers)} |`,
    ),
  ].join('\n');

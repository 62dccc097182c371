import { parseRetryAfter } from '../core/push-result.ts';
import { err, ok, type Result } from '../core/result.ts';
import type { SharedDoc } from '../core/shared-settings.ts';
import type {
  CheckIn,
  DemoSync,
  HistoryDownload,
  PairingOffer,
  Paired,
  RemoteShared,
  SharedUploadProblem,
  TokenCheck,
  VenueApi,
  VenueChanges,
  VenueDevice,
  VenueField,
  VenueFieldProblem,
  VenueInfo,
  VenueProblem,
  VenueResult,
} from '../core/venue.ts';
import { STAFF_PIN_HEADER } from '../core/wire/protocol.ts';
import type { ReportPeriod, VenueReport } from '../core/wire/report.ts';
import { DEFAULT_TIMEOUT_MS } from './send-push.ts';

/** The subset of `fetch` the venue client needs (JSON in, JSON out), so tests can pass their own. */
export type VenueFetch = (
  url: string,
  init: { method: 'GET' | 'POST' | 'PUT'; headers: Record<string, string>; body?: string; signal: AbortSignal },
) => Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

export interface VenueClientOptions {
  /** The venue API's base, absolute (e.g. https://venue.example/relay/1), no trailing slash. */
  baseUrl: string;
  fetch: VenueFetch;
  /** This tablet's token, for every call but `pair`. */
  deviceToken?: string;
  /** The staff PIN that opened Settings, sent with owner actions only. */
  staffPin?: string;
  /** Origins this build may connect to (its CSP); the kiosk's own is always allowed. Unchecked when absent. */
  allowedOrigins?: readonly string[];
  /** The kiosk's own origin, e.g. http://127.0.0.1:4173. */
  ownOrigin?: string;
  timeoutMs?: number;
  now?: () => number;
}

// Read by the wire's schemas, loaded with the first call: they stay out of the first screen's scripts.
const wire = () => import('./venue-wire.ts');
const VENUE_FIELDS: readonly string[] = ['name', 'appKey', 'appSecret', 'channelAlias', 'subscriptionLink'];
const FIELD_PROBLEMS: readonly string[] = ['required', 'too_long', 'bad_characters', 'not_https'];

/** Each error `type` of the contract, as a problem (those with data are built below). */
const PROBLEM_OF_TYPE: Record<string, VenueProblem> = {
  invalid_pairing_code: { kind: 'bad_code' },
  pairing_code_unknown: { kind: 'unknown_code' },
  pairing_code_used: { kind: 'used_code' },
  pairing_code_expired: { kind: 'expired_code' },
  device_revoked: { kind: 'revoked' },
  unauthorized: { kind: 'unauthorized' },
  not_found: { kind: 'not_found' },
  staff_pin_required: { kind: 'staff_pin_required' },
};

/** Reads an answer's error as a problem the screens can word. */
export async function problemOf(
  status: number,
  json: unknown,
  retryAfter: string | null,
  now: number,
  ownOrigin: string | undefined,
): Promise<VenueProblem> {
  const { type, fields: given = [] } = (await wire()).errorOf(json);
  if (type === 'origin_not_allowed' && status === 403) return { kind: 'address_refused', origin: ownOrigin ?? '' };
  if (type === 'staff_pin_wrong') {
    const left = (json as { error?: { triesLeft?: unknown } } | null)?.error?.triesLeft;
    return { kind: 'staff_pin_wrong', triesLeft: typeof left === 'number' ? left : null };
  }
  if (type === 'staff_pin_locked') return { kind: 'staff_pin_locked', retryAfterMs: parseRetryAfter(retryAfter, now) };
  if (type === 'too_many_failed_attempts')
    return { kind: 'too_many_attempts', retryAfterMs: parseRetryAfter(retryAfter, now) };
  if (type === 'invalid_venue_settings') {
    const fields = given.flatMap((f) =>
      VENUE_FIELDS.includes(f.field) && FIELD_PROBLEMS.includes(f.problem ?? '')
        ? [{ field: f.field as VenueField, problem: f.problem as VenueFieldProblem }] // both checked just above
        : [],
    );
    return { kind: 'invalid_fields', fields };
  }
  const known = PROBLEM_OF_TYPE[type];
  if (known && status >= 400 && status < 500) return known;
  if (status === 401) return { kind: 'unauthorized' };
  return { kind: 'server_error', status };
}

const CHECK_IN_CODE = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/;

/**
 * The check-in page GET /venue names (beside the venue; inside it from a server that puts it there),
 * read by hand: the start-up check loads no schemas. Null when absent or not of the server's shape.
 */
function checkInOf(json: unknown): CheckIn | null {
  const answer = json as { checkIn?: unknown; venue?: { checkIn?: unknown } } | null | undefined;
  const given = (answer?.checkIn ?? answer?.venue?.checkIn) as { code?: unknown; url?: unknown } | null | undefined;
  const code = typeof given?.code === 'string' ? given.code.toUpperCase() : '';
  if (!CHECK_IN_CODE.test(code)) return null;
  const url = given?.url;
  // An address guests' phones can open, and nothing else: it becomes a QR code on the counter.
  const fine = typeof url === 'string' && url.length <= 500 && /^https?:\/\/[^\s"'<>]+$/i.test(url);
  return { code, url: fine ? url : null };
}

/** The demo's server sharing its board (`demoSync: true`, with the venue's and this tablet's ids), read by hand; null otherwise. */
function demoSyncOf(json: unknown): DemoSync | null {
  const answer = json as { demoSync?: unknown; venue?: { id?: unknown }; device?: { id?: unknown } } | null | undefined;
  const venueId = answer?.venue?.id;
  const deviceId = answer?.device?.id;
  if (answer?.demoSync !== true || typeof venueId !== 'string' || typeof deviceId !== 'string') return null;
  return venueId && deviceId ? { venueId, deviceId } : null;
}

/** A result from a body that should have had a shape: the server broke the contract if not. */
export const shaped = <T>(value: T | null, status: number): VenueResult<T> =>
  value === null ? err({ kind: 'server_error', status }) : ok(value);

/**
 * A client of the venue server's API (its routes: src/server/routes.ts): pairing this tablet, the
 * venue's settings, its tablets, and codes to pair more. Every outcome comes back as a result,
 * never a throw; no error or result ever quotes the device token or the app secret.
 */
export function createVenueClient(options: VenueClientOptions): VenueApi {
  const { baseUrl, fetch, deviceToken, staffPin, allowedOrigins, ownOrigin, now = Date.now } = options;
  const call = venueCaller(options);
  const then = async <T>(
    answer: Promise<VenueResult<{ status: number; json: unknown }>>,
    read: (schemas: Awaited<ReturnType<typeof wire>>, json: unknown) => T | null,
  ): Promise<VenueResult<T>> => {
    const a = await answer;
    return a.ok ? shaped(read(await wire(), a.value.json), a.value.status) : a;
  };

  return {
    /** Pairs this tablet with the code (as normalizePairingCode gives it); `label` names it in the venue's list. */
    pair(code: string, label?: string): Promise<VenueResult<Paired>> {
      const trimmed = label?.trim();
      return then(call('POST', '/pair', { code, ...(trimmed ? { label: trimmed } : {}) }, false), (w, json) =>
        w.paired(json),
      );
    },
    /**
     * Whether the server knows this tablet's token, from the status and the error's type alone: the
     * start-up check runs before the board shows, and must not load the wire's schemas with it.
     */
    async checkToken(): Promise<VenueResult<TokenCheck>> {
      const answer = await call('GET', '/venue', undefined, true, [401]);
      if (!answer.ok) return answer;
      const { status, json } = answer.value;
      if (status !== 401) return ok({ checkIn: checkInOf(json), demoSync: demoSyncOf(json) });
      const error = (json as { error?: { type?: unknown } } | null)?.error;
      return err(error?.type === 'device_revoked' ? { kind: 'revoked' } : { kind: 'unauthorized' });
    },
    /** The venue's settings and this tablet's name there. */
    getVenue(): Promise<VenueResult<VenueInfo>> {
      return then(call('GET', '/venue'), (w, json) => w.venue(json));
    },
    /** Saves changes to the venue's settings; an empty app secret keeps the saved one. */
    putVenue(changes: VenueChanges): Promise<VenueResult<VenueInfo>> {
      const body = Object.fromEntries(Object.entries(changes).filter(([k, v]) => k !== 'appSecret' || v));
      return then(call('PUT', '/venue', body, true, [], true), (w, json) => w.venue(json));
    },
    /** The venue's tablets, oldest first. */
    listDevices(): Promise<VenueResult<VenueDevice[]>> {
      return then(call('GET', '/devices'), (w, json) => w.devices(json));
    },
    /** Disconnects one of the venue's tablets and those it paired but `keep`: they send nothing more until paired again. */
    revokeDevice(id: string, keep: readonly string[] = []): Promise<VenueResult<VenueDevice[]>> {
      const path = `/devices/${encodeURIComponent(id)}/revoke`;
      return then(call('POST', path, keep.length ? { keep } : undefined, true, [], true), (w, json) => w.revoked(json));
    },
    /** The venue's shared settings and staff PIN hash. */
    getSharedSettings(): Promise<VenueResult<RemoteShared>> {
      return then(call('GET', '/venue/settings'), (w, json) => w.shared(json));
    },
    /** Uploads the shared settings over `revision`; the PIN only as its hash. */
    async putSharedSettings(revision: number, doc: SharedDoc): Promise<Result<RemoteShared, SharedUploadProblem>> {
      const body = { revision, settings: doc.settings, ...(doc.pinHash ? { pinHash: doc.pinHash } : {}) };
      // A new PIN needs the current one: the PIN goes with every upload, the server asks for it only then.
      const answer = await call('PUT', '/venue/settings', body, true, [400, 409], true);
      if (!answer.ok) return answer;
      const { status, json } = answer.value;
      const w = await wire();
      if (status === 400) {
        const { type, fields } = w.errorOf(json);
        if (!fields || type !== 'invalid_settings') return err({ kind: 'server_error', status });
        return err({ kind: 'settings_refused', fields: fields.map((f) => f.field) });
      }
      const shared = w.shared(json);
      if (!shared) return err({ kind: 'server_error', status });
      return status === 409 ? err({ kind: 'settings_changed', current: shared }) : ok(shared);
    },
    /** A new single-use code (and its link, for the QR) to pair another tablet. */
    newPairingCode(): Promise<VenueResult<PairingOffer>> {
      return then(call('POST', '/pairing-codes', undefined, true, [], true), (w, json) => w.pairingOffer(json));
    },
    /** The venue's history, as CSV, with the staff PIN: its code loads when asked (the first screen never needs it). */
    downloadHistory(): Promise<VenueResult<HistoryDownload>> {
      return import('./history-download.ts').then((m) =>
        m.downloadHistory({ baseUrl, fetch, deviceToken, staffPin, allowedOrigins, ownOrigin, now }),
      );
    },
    /** The owner's report of the night, week or month holding `date` (YYYY-MM-DD), and of the one before. */
    async getReport(period: ReportPeriod, date: string): Promise<VenueResult<VenueReport>> {
      const query = `period=${encodeURIComponent(period)}&date=${encodeURIComponent(date)}`;
      const answer = await call('GET', `/report?${query}`, undefined, true, [], true);
      if (!answer.ok) return answer;
      // Its reader is the report screen's alone: loaded with that screen's first call, not with Settings.
      const { report } = await import('./report-wire.ts');
      return shaped(report(answer.value.json), answer.value.status);
    },
  };
}

/**
 * The origin of `url` when the build's allowed origins leave it out (the browser would refuse it with
 * the same error as a dead network, so the caller says the real reason); null when it may be called.
 */
export function originNotAllowed(
  url: string,
  { allowedOrigins, ownOrigin }: Pick<VenueClientOptions, 'allowedOrigins' | 'ownOrigin'>,
): string | null {
  const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]+/i.exec(url)?.[0].toLowerCase();
  return allowedOrigins && origin && origin !== ownOrigin?.toLowerCase() && !allowedOrigins.includes(origin)
    ? origin
    : null;
}

/**
 * One call to the venue server, as every owner screen makes it: the build's allowed origins checked
 * first, the device token (and, for owner actions, the staff PIN) attached, and the answer read as JSON
 * or as a problem. Never throws; nothing it returns quotes the token or the PIN.
 */
export function venueCaller({
  baseUrl,
  fetch,
  deviceToken,
  staffPin,
  allowedOrigins,
  ownOrigin,
  timeoutMs = DEFAULT_TIMEOUT_MS,
  now = Date.now,
}: VenueClientOptions) {
  return async function call(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: unknown,
    auth = true,
    /** Error statuses whose body the caller reads itself. */
    readOn: readonly number[] = [],
    /** An owner action: the staff PIN goes with it. */
    owner = false,
  ): Promise<VenueResult<{ status: number; json: unknown }>> {
    const url = `${baseUrl}${path}`;
    const refused = originNotAllowed(url, { allowedOrigins, ownOrigin });
    if (refused) return err({ kind: 'not_allowed', origin: refused });
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (auth && deviceToken) headers.Authorization = `Bearer ${deviceToken}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (owner && staffPin) headers[STAFF_PIN_HEADER] = staffPin;
    const timeout = AbortSignal.timeout(timeoutMs);
    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const response = await fetch(url, {
        method,
        headers,
        signal: timeout,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      text = await response.text();
    } catch {
      // Whatever was thrown may quote the request: only its kind is kept.
      return err({ kind: 'unreachable', cause: timeout.aborted ? 'timeout' : 'network' });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (((status >= 200 && status <= 299) || readOn.includes(status)) && json !== undefined)
      return ok({ status, json });
    return err(await problemOf(status, json, retryAfter, now(), ownOrigin));
  };
}

import { err, ok } from '../core/result.ts';
import type { HistoryDownload, VenueResult } from '../core/venue.ts';
import { STAFF_PIN_HEADER } from '../core/wire/protocol.ts';
import { originNotAllowed, problemOf, type VenueClientOptions } from './venue-client.ts';

/** The history download's whole time, body included: far past a year of a busy venue on a slow network. */
const HISTORY_TIMEOUT_MS = 120_000;

/** The venue's history, as CSV, with the staff PIN: a year of a busy venue is a few megabytes. */
export async function downloadHistory({
  baseUrl,
  fetch,
  deviceToken,
  staffPin,
  allowedOrigins,
  ownOrigin,
  now = Date.now,
}: VenueClientOptions): Promise<VenueResult<HistoryDownload>> {
  const url = `${baseUrl}/history.csv`;
  const refused = originNotAllowed(url, { allowedOrigins, ownOrigin });
  if (refused) return err({ kind: 'not_allowed', origin: refused });
  const headers: Record<string, string> = { Accept: 'text/csv' };
  if (deviceToken) headers.Authorization = `Bearer ${deviceToken}`;
  if (staffPin) headers[STAFF_PIN_HEADER] = staffPin;
  const timeout = AbortSignal.timeout(HISTORY_TIMEOUT_MS);
  let status: number;
  let text: string;
  let type: string | null;
  let disposition: string | null;
  let retryAfter: string | null;
  try {
    const response = await fetch(url, { method: 'GET', headers, signal: timeout });
    status = response.status;
    type = response.headers.get('content-type');
    disposition = response.headers.get('content-disposition');
    retryAfter = response.headers.get('retry-after');
    text = await response.text();
  } catch {
    return err({ kind: 'unreachable', cause: timeout.aborted ? 'timeout' : 'network' });
  }
  if (status === 200 && type?.startsWith('text/csv')) {
    const named = /filename="([\w.-]+\.csv)"/.exec(disposition ?? '')?.[1];
    return ok({ csv: text, fileName: named ?? `history-${new Date(now()).toISOString().slice(0, 10)}.csv` });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return err(await problemOf(status === 200 ? 502 : status, json, retryAfter, now(), ownOrigin));
}

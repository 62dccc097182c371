import type { VenueFetch } from './venue-client.ts';

/** How long a tablet's start-up waits for the venue's learned quotes before it goes on without them. */
const QUOTE_MODEL_TIMEOUT_MS = 10_000;

/** What the venue server said of its learned quotes (GET /1/quotes/model). */
export type QuoteModelAnswer =
  /** A model newer than the one the tablet holds (`model` is for `readQuoteModel`), with its ETag. */
  | { kind: 'model'; model: unknown; throughFinishedAt: number; tag: string }
  /** The model the tablet holds (its ETag) is still the venue's. */
  | { kind: 'unchanged' }
  /** No answer, or none to use (none learned yet, a refusal, an answer not as the contract says). */
  | { kind: 'unavailable' };

/**
 * Asks the venue server for the quotes it learned from the venue's history, sending the ETag of the
 * model the tablet holds (if any). Never rejects; never quotes the token.
 */
export async function fetchQuoteModel(
  { baseUrl, deviceToken, fetch }: { baseUrl: string; deviceToken: string; fetch: VenueFetch },
  heldTag: string | null,
): Promise<QuoteModelAnswer> {
  const headers: Record<string, string> = { Accept: 'application/json', Authorization: `Bearer ${deviceToken}` };
  if (heldTag) headers['If-None-Match'] = heldTag;
  try {
    const response = await fetch(`${baseUrl}/quotes/model`, {
      method: 'GET',
      headers,
      signal: AbortSignal.timeout(QUOTE_MODEL_TIMEOUT_MS),
    });
    if (response.status === 304) return heldTag ? { kind: 'unchanged' } : { kind: 'unavailable' };
    const tag = response.headers.get('etag');
    if (response.status !== 200 || !tag) return { kind: 'unavailable' };
    const json = JSON.parse(await response.text()) as unknown;
    if (typeof json !== 'object' || json === null) return { kind: 'unavailable' };
    const { model, throughFinishedAt } = json as Record<string, unknown>;
    if (typeof throughFinishedAt !== 'number' || !Number.isFinite(throughFinishedAt)) return { kind: 'unavailable' };
    return { kind: 'model', model, throughFinishedAt, tag };
  } catch {
    return { kind: 'unavailable' }; // the network, a timeout or a body that is not JSON: the tablet goes on without
  }
}

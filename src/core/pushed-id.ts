import { err, ok, type Result } from './result.ts';

/** A PushedID is opaque; these bounds only keep out what cannot be one. */
export const PUSHED_ID_MIN_LENGTH = 4;
export const PUSHED_ID_MAX_LENGTH = 64;
// Longer than any plausible QR payload carrying an id; refused before any parsing work.
const MAX_PAYLOAD_LENGTH = 2_048;
const ID_PATTERN = /^[A-Za-z0-9]+$/;
const ID_PARAMS = ['pushed_id', 'pushedId', 'id'] as const;

/** Why a scanned or typed text is not a PushedID. */
export type PushedIdRefusal =
  'empty' | 'subscription_link' | 'url_without_id' | 'bad_characters' | 'too_short' | 'too_long';

/**
 * Reads a PushedID out of what a QR code or the host gave: a bare id, or a URL carrying one
 * in a `pushed_id`, `pushedId` or `id` parameter. Never throws; the id is letters and digits only.
 */
export function parsePushedIdPayload(text: string): Result<string, PushedIdRefusal> {
  if (typeof text !== 'string') return err('empty');
  const trimmed = text.trim();
  if (trimmed === '') return err('empty');
  if (trimmed.length > MAX_PAYLOAD_LENGTH) return err('too_long');
  if (ID_PATTERN.test(trimmed)) return checkId(trimmed);
  if (!/^[a-z][a-z0-9+.-]*:/i.test(trimmed) || !URL.canParse(trimmed)) return err('bad_characters');

  const url = new URL(trimmed);
  if (isSubscriptionLink(url)) return err('subscription_link');
  for (const name of ID_PARAMS) {
    const value = url.searchParams.get(name);
    if (value !== null) return ID_PATTERN.test(value.trim()) ? checkId(value.trim()) : err('bad_characters');
  }
  return err('url_without_id');
}

/** True for a Pushed app or channel subscription link (`https://pushed.co/s/…`). */
function isSubscriptionLink(url: URL): boolean {
  const host = url.hostname.toLowerCase();
  return (host === 'pushed.co' || host.endsWith('.pushed.co')) && url.pathname.startsWith('/s/');
}

function checkId(id: string): Result<string, PushedIdRefusal> {
  if (id.length < PUSHED_ID_MIN_LENGTH) return err('too_short');
  if (id.length > PUSHED_ID_MAX_LENGTH) return err('too_long');
  return ok(id);
}

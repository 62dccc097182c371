import type { OutboxEntry } from '../core/delivery.ts';
import type { PushResult } from '../core/push-result.ts';
import { targetFor } from '../core/push-target.ts';
import type { VenueSettings } from '../core/settings.ts';
import { classifyPushResponse } from '../core/push-result.ts';
import { buildMessageBody } from '../pushed/push-request.ts';
import { createPushedClient, DEFAULT_TIMEOUT_MS, describeRequestProblem, type FetchLike } from '../pushed/pushed-client.ts';

/** Sends one outbox entry with the venue's current settings. */
export type PushSender = (entry: OutboxEntry, settings: VenueSettings, signal: AbortSignal) => Promise<PushResult>;

/** A sender straight to the Pushed API (or the sandbox), credentials from the settings of the moment. */
export function directSender(fetch: FetchLike, resolveUrl: (url: string) => string, timeoutMs?: number): PushSender {
  return (entry, settings, signal) =>
    createPushedClient({ baseUrl: resolveUrl(settings.apiBaseUrl), fetch, ...(timeoutMs ? { timeoutMs } : {}) }).push({
      credentials: { appKey: settings.appKey, appSecret: settings.appSecret },
      target: targetFor(entry.recipient, settings.channelAlias),
      content: entry.content,
      options: { limit: settings.contentLimit },
      signal,
    });
}

/** A fetch that can also send headers (the relay needs Authorization and Idempotency-Key). */
export type FetchWithHeaders = (
  url: string,
  init: { method: 'POST'; body: URLSearchParams; signal: AbortSignal; headers: Record<string, string> },
) => ReturnType<FetchLike>;

/**
 * A sender through the venue's relay: no app credentials leave the tablet, only its device token,
 * and every attempt of one entry carries the entry's idempotency key, so the relay sends it once.
 */
export function relaySender(fetch: FetchWithHeaders, resolveUrl: (url: string) => string, timeoutMs = DEFAULT_TIMEOUT_MS): PushSender {
  return async (entry, settings, signal) => {
    const built = buildMessageBody(targetFor(entry.recipient, settings.channelAlias), entry.content, { limit: settings.contentLimit });
    if (!built.ok) return { kind: 'refused', status: null, errorType: 'invalid_request', message: describeRequestProblem(built.error) };
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      const response = await fetch(`${resolveUrl(settings.relayUrl)}/push`, {
        method: 'POST',
        body: built.value,
        signal: AbortSignal.any([signal, timeout]),
        headers: { Authorization: `Bearer ${settings.deviceToken}`, 'Idempotency-Key': entry.key },
      });
      return classifyPushResponse(response.status, await response.text(), response.headers.get('retry-after'), Date.now());
    } catch {
      return { kind: 'unknown', cause: timeout.aborted ? 'timeout' : 'network' };
    }
  };
}

/** Sends through the relay or straight to Pushed, as the venue's settings say at the moment of sending. */
export function routedSender(direct: PushSender, relay: PushSender): PushSender {
  return (entry, settings, signal) => (settings.route === 'relay' ? relay : direct)(entry, settings, signal);
}

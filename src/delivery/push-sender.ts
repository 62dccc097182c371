import type { OutboxEntry } from '../core/delivery.ts';
import type { PushResult } from '../core/push-result.ts';
import { targetFor } from '../core/push-target.ts';
import type { VenueSettings } from '../core/settings.ts';
import { createPushedClient, type FetchLike } from '../pushed/pushed-client.ts';

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

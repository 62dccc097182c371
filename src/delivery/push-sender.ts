import type { OutboxEntry } from '../core/delivery.ts';
import { forRecipient, heldUntilPaired, NEEDS_VENUE_SERVER, type PushResult } from '../core/push-result.ts';
import { targetFor } from '../core/push-target.ts';
import { isDemoAccount, type VenueSettings } from '../core/settings.ts';
import { createPushedClient } from '../pushed/pushed-client.ts';
import { createVenuePushClient } from '../pushed/venue-push-client.ts';
import type { FetchLike } from '../pushed/send-push.ts';
import type { JsonFetch } from '../pushed/venue-announcements-client.ts';

/** Sends one outbox entry with the venue's current settings. */
export type PushSender = (entry: OutboxEntry, settings: VenueSettings, signal: AbortSignal) => Promise<PushResult>;

/**
 * Sends each entry through the relay or straight to Pushed, as the venue's settings say at the
 * moment of sending. `resolveUrl` makes a path from Settings ("/relay/1") absolute.
 */
export function pushSender(
  fetch: FetchLike,
  resolveUrl: (url: string) => string,
  timeoutMs?: number,
  jsonFetch?: JsonFetch,
): PushSender {
  return async (entry, settings, signal) => {
    const message = {
      target: targetFor(entry.recipient, settings.channelAlias),
      content: entry.content,
      options: { limit: settings.contentLimit },
      signal,
    };
    const timing = timeoutMs ? { timeoutMs } : {};
    if (settings.route === 'relay') {
      const relay = createVenuePushClient({
        baseUrl: resolveUrl(settings.relayUrl),
        fetch,
        deviceToken: settings.deviceToken,
        ...timing,
      });
      // An announcement is the venue's: its server judges the 10-minute rule for every tablet at once.
      if (entry.kind === 'announcement' && jsonFetch) {
        // A chunk of its own: the first screen never needs it.
        const { createVenueAnnouncementsClient } = await import('../pushed/venue-announcements-client.ts');
        const venue = createVenueAnnouncementsClient({
          baseUrl: resolveUrl(settings.relayUrl),
          fetch: jsonFetch,
          deviceToken: settings.deviceToken,
          ...timing,
        });
        const result = await venue.send(
          {
            id: entry.announcementId,
            key: entry.key,
            target: entry.recipient.type,
            text: entry.content,
            createdAt: entry.createdAt,
            alias: settings.channelAlias,
          },
          signal,
        );
        if (result) return heldUntilPaired(result, isDemoAccount(settings)); // null: a server of before, sent as a push
      }
      const forParty = 'partyId' in entry ? { partyId: entry.partyId } : {};
      return relay
        .push({ ...message, options: { ...message.options, ...forParty }, idempotencyKey: entry.key })
        .then((result) => heldUntilPaired(forRecipient(result, entry.recipient), isDemoAccount(settings)));
    }
    // A guest who allowed Pushed is reached with a token only the venue server holds.
    if (entry.recipient.type === 'user') return NEEDS_VENUE_SERVER;
    const pushed = createPushedClient({ baseUrl: resolveUrl(settings.apiBaseUrl), fetch, ...timing });
    return pushed.push({ ...message, credentials: { appKey: settings.appKey, appSecret: settings.appSecret } });
  };
}

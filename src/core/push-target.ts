/** Who a Pushed notification goes to: the five target types of the API. */
export type PushTarget =
  | { type: 'app' }
  | { type: 'channel'; alias: string }
  | { type: 'pushed_id'; pushedId: string; alias: string }
  | { type: 'user'; accessToken: string; alias: string }
  | { type: 'email'; email: string; alias: string };

/**
 * Who an outbox entry is for, as stored: a guest (as a party holds them), or an announcement's
 * audience (the venue's channel, or the whole app). The channel alias is added at send time.
 */
export type Recipient =
  | { type: 'pushed_id'; pushedId: string }
  | { type: 'email'; email: string }
  /** The guest who allowed the venue's Pushed app: the venue server adds their access token, which no tablet holds. */
  | { type: 'user' }
  | { type: 'channel' }
  | { type: 'app' };

/** The full target, through the venue's channel (its alias from the settings of the moment). */
export function targetFor(recipient: Recipient, channelAlias: string): PushTarget {
  switch (recipient.type) {
    case 'pushed_id':
      return { type: 'pushed_id', pushedId: recipient.pushedId, alias: channelAlias };
    case 'email':
      return { type: 'email', email: recipient.email, alias: channelAlias };
    case 'user':
      return { type: 'user', accessToken: '', alias: channelAlias };
    case 'channel':
      return { type: 'channel', alias: channelAlias };
    case 'app':
      return { type: 'app' };
  }
}

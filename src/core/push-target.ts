/** Who a Pushed notification goes to: the five target types of the API. */
export type PushTarget =
  | { type: 'app' }
  | { type: 'channel'; alias: string }
  | { type: 'pushed_id'; pushedId: string; alias: string }
  | { type: 'user'; accessToken: string; alias: string }
  | { type: 'email'; email: string; alias: string };

/** The guest's side of a target, as a party holds it; the venue's channel alias is added at send time. */
export type Recipient = { type: 'pushed_id'; pushedId: string } | { type: 'email'; email: string };

/** The full target for a guest, through the venue's channel. */
export function targetFor(recipient: Recipient, channelAlias: string): PushTarget {
  return recipient.type === 'pushed_id'
    ? { type: 'pushed_id', pushedId: recipient.pushedId, alias: channelAlias }
    : { type: 'email', email: recipient.email, alias: channelAlias };
}

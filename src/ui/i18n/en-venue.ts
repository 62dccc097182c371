import type { HeldReason } from '../../core/push-result.ts';
import type { PairProblem } from '../../state/venue-model.ts';
import type { VenueField } from '../../core/venue.ts';

export const when = (at: number) =>
  new Date(at).toLocaleString('en', { day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' });

const REVOKED =
  'This tablet was disconnected from the venue server. Ask the owner to connect it again (Settings → Connect to the venue server). The waitlist on this tablet is kept.';

export const FIELD_LABELS: Record<VenueField, string> = {
  name: 'Venue name',
  appKey: 'Pushed app key',
  appSecret: 'Pushed app secret',
  channelAlias: 'Channel alias',
  subscriptionLink: 'Subscription link',
};

/** The venue server in English: connecting this tablet, the venue's Pushed account, its tablets. */
export const enVenue = {
  /** A party's row while the venue server holds its message back. */
  held: {
    device_revoked:
      'Queued: this tablet was disconnected from the venue server. It goes once the tablet is connected again.',
    venue_not_configured:
      'Queued: the venue’s Pushed app key and secret are not set yet (Settings → Venue server). It goes once they are.',
    not_paired: 'Queued: this tablet isn’t connected to the venue yet. It goes once it is.',
  } satisfies Record<HeldReason, string>,
  revokedBanner: REVOKED,
  revokedAct: 'Connect again',
  /** A tablet opened from the venue server before it was paired with it. */
  unpairedBanner:
    'This tablet isn’t connected to the venue yet. Messages to guests wait until it is: connect it with the pairing code the owner shows you.',
  unpairedAct: 'Connect to the venue',

  title: 'Venue server',
  connectTitle: 'Connect to the venue server',
  connectWhy:
    'Scan the pairing code the owner shows you (printed by the venue server, or on a connected tablet under Settings → Venue server → Pair another tablet), or type it.',
  scan: 'Scan the pairing code',
  scanTitle: 'Scan the pairing code',
  pointAtCode: 'Point the camera at the pairing code.',
  codeLabel: 'Pairing code',
  codeHint: '12 letters and digits, like K7QM-3XDP-9RTA.',
  tabletLabel: 'Name for this tablet (optional)',
  tabletHint: 'Shown in the venue’s list of tablets, like “Front stand”.',
  connect: 'Connect',
  connecting: 'Connecting…',
  notConnected:
    'This tablet isn’t connected to a venue server. With one, the venue’s Pushed secret stays on the server and all the venue’s tablets share one account.',
  connectOther: 'Connect to another venue server',
  cancel: 'Cancel',
  connectedNow: (venue: string, label: string) =>
    `Connected: this tablet now sends ${venue}’s messages through the venue server, as “${label}”.`,
  connectedAs: (venue: string) => `This tablet sends ${venue}’s messages through the venue server.`,
  loading: 'Reading the venue server…',
  tryAgain: 'Try again',

  pairMessage(problem: PairProblem): string {
    switch (problem.kind) {
      case 'empty':
        return 'Type the pairing code, or scan it.';
      case 'not_a_code':
      case 'bad_code':
        return 'A pairing code has 12 letters and digits, like K7QM-3XDP-9RTA. Check it and try again.';
      case 'not_a_pairing_link':
        return 'That QR code isn’t a pairing code for the venue server.';
      case 'other_origin':
      case 'not_allowed':
        return `This code is for the venue server at ${problem.origin}: open Waitbell from that address on this tablet, then connect.`;
      case 'address_refused':
        return `The venue server doesn’t take tablets opened at ${problem.origin || 'this address'}. Open Waitbell at the address the venue server was set up with, or ask whoever runs it to allow this one.`;
      case 'unknown_code':
        return 'The venue server doesn’t know that code. Check it, or ask the owner for a new one.';
      case 'used_code':
        return 'That code was already used: each code connects one tablet. Ask the owner for a new one.';
      case 'expired_code':
        return 'That code has expired: codes last 10 minutes. Ask the owner for a new one.';
      case 'too_many_attempts': {
        const minutes = Math.max(1, Math.ceil((problem.retryAfterMs ?? 60_000) / 60_000));
        return `Too many wrong codes from this network. Wait ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}, then try again.`;
      }
      case 'revoked':
        return REVOKED;
      case 'unauthorized':
        return 'The venue server doesn’t know this tablet. Connect it with a pairing code (Connect to another venue server).';
      case 'not_found':
        return 'That tablet isn’t one of this venue’s any more. The list below is up to date.';
      case 'staff_pin_required':
        return 'This needs the staff PIN: close Settings, open them again with the PIN, and try again.';
      case 'staff_pin_wrong':
        return `The venue server doesn’t know this PIN: it may have been changed on another tablet. Close Settings and open them with the venue’s current PIN.${problem.triesLeft === null ? '' : ` ${problem.triesLeft} ${problem.triesLeft === 1 ? 'try' : 'tries'} left before the venue’s owner actions lock.`}`;
      case 'staff_pin_locked': {
        const minutes = Math.max(1, Math.ceil((problem.retryAfterMs ?? 60_000) / 60_000));
        return `Too many wrong staff PINs for this venue. Wait ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}, then try again.`;
      }
      case 'invalid_fields':
        return 'The venue server refused some fields: see the messages under them.';
      case 'unreachable':
        return 'The venue server didn’t answer. Check this tablet’s internet connection, then try again.';
      case 'server_error':
        return `The venue server had a problem (error ${problem.status}). Try again in a moment.`;
      case 'storage':
        return 'This tablet couldn’t save the connection, so the code is used up. Ask the owner for a new code and try again.';
    }
  },
};

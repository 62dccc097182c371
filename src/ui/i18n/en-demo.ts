/** The demo account's words (the header's Demo badge and what it opens) and the owner's refusals settingsMessage words: the first screen's. */
import { LATE_AFTER_MINUTES_MAX, LATE_AFTER_MINUTES_MIN } from '../../core/calls.ts';
import { enMessages } from './en-messages.ts';

/** The demo account's words: the header's Demo badge and what it opens, on the first screen. */
export const enDemo = {
  badge: 'Demo',
  title: 'Demo account: not a real Pushed account',
  explain:
    'Notifications go to Waitbell’s built-in Pushed sandbox, not to guests’ phones. Try the whole flow with the pretend guest phone at /sandbox/phone.',
  howTo:
    'To connect your real Pushed account: open Settings and connect this tablet to your venue server with the pairing code its owner shows you (Settings → Venue server), or choose Straight to Pushed with your app key and secret, your channel alias and subscription link, and Save.',
  inSettings:
    'Demo account in use: notifications go to the built-in sandbox, not to guests’ phones. Connect this tablet to your venue server (Venue server, below), or enter your Pushed details and Save, to connect a real account.',
  close: 'Close',
};

/** The owner's refusals that settingsMessage words (the first screen's strings). */
export const enOwnerRefusals = {
  templateTooLong: (longest: number, limit: number) =>
    `With ${enMessages.worstCase}, this message would be ${longest} characters; the limit is ${limit}. Shorten it (or the venue name).`,
  lateAfterRefused: `A whole number of minutes from ${LATE_AFTER_MINUTES_MIN} to ${LATE_AFTER_MINUTES_MAX}.`,
};

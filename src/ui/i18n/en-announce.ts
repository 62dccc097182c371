import {
  ANNOUNCEMENT_INTERVAL_MS,
  ANNOUNCEMENT_STALE_AFTER_MS,
  type AnnouncementProblem,
  type AnnouncementTarget,
} from '../../core/announcement.ts';
import type { Delivery } from '../../core/delivery.ts';

const time = (at: number) => new Date(at).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });
const minutes = ANNOUNCEMENT_INTERVAL_MS / 60_000;
const where = (target: AnnouncementTarget) => (target === 'channel' ? 'the channel' : 'the whole app');

/** Announcements in English: staff messages to everyone subscribed to the venue's channel, or to the whole app. */
export const enAnnounce = {
  open: 'Announce',
  title: 'Announcements',
  pinWhy: 'Announcements go to every subscribed guest’s phone. Enter the staff PIN.',
  pinSetWhy: (min: number, max: number) =>
    `Announcements go to every subscribed guest’s phone, and Settings hold the venue’s Pushed secret. Choose a PIN of ${min} to ${max} digits for the staff who may use them. The waitlist and Table ready never ask for it.`,
  pinOpen: 'Open announcements',
  pinSetAndOpen: 'Save PIN and open announcements',
  pinContinue: 'Continue to announcements',
  to: 'Send to',
  targetName: (target: AnnouncementTarget): string =>
    target === 'channel' ? 'This venue’s channel' : 'The whole Pushed app',
  /** Who gets it, said plainly: the confirmation and the choice both use it. */
  audience: (target: AnnouncementTarget, venue: string) =>
    target === 'channel'
      ? `Everyone subscribed to ${venue}’s channel: the guests who scanned the join code or the poster.`
      : 'Everyone subscribed to any channel of this Pushed app, not only this venue’s guests.',
  nextAt: (at: number) => `The next is possible at ${time(at)}.`,
  ready: 'Ready-made',
  readyMade: [
    'We’re seating walk-ins now. Come to the host stand!',
    'The kitchen closes in 30 minutes.',
    'We’re running about 15 minutes behind. Thank you for your patience!',
    'We’re full for tonight. Thank you, and see you soon!',
  ],
  message: 'Message',
  count: (n: number, limit: number) => `${n} of ${limit} characters`,
  over: (n: number, limit: number) =>
    `${n} of ${limit} characters: ${n - limit} too many. Pushed refuses longer messages.`,
  review: 'Review and send',
  confirmTitle: 'Send this announcement?',
  whoGetsIt: 'Who gets it',
  whatTheyRead: 'What they read',
  confirmNote: `It can’t be taken back, and the next announcement to the same place is possible ${minutes} minutes later.`,
  send: (target: AnnouncementTarget): string =>
    target === 'channel' ? 'Send to the channel' : 'Send to the whole app',
  back: 'Back',
  /** Said once an announcement is queued: online it is already going, offline it waits. */
  queued: (target: AnnouncementTarget, online: boolean) =>
    online
      ? `Announcement to ${where(target)} is on its way; its delivery shows below.`
      : `Announcement to ${where(target)} queued: it goes as soon as the tablet is online.`,
  problem: (p: AnnouncementProblem) =>
    p.kind === 'empty'
      ? 'Write the message first, or tap a ready-made one.'
      : p.kind === 'too_long'
        ? `The message is ${p.length} characters; the limit is ${p.limit}. Shorten it: it is never cut.`
        : `${p.tablet ?? 'You'} sent one to ${where(p.target)} at ${time(p.lastAt)}. The next is possible at ${time(p.nextAt)}.`,
  past: 'Sent earlier',
  none: 'No announcements yet.',
  targetShort: (target: AnnouncementTarget): string => (target === 'channel' ? 'Channel' : 'Whole app'),
  at: (at: number) => time(at),
  /** Which of the venue's tablets sent it, by its label. */
  from: (tablet: string) => `from ${tablet}`,
  /** A delivery line that differs from a party's; null: the party's words fit. */
  delivery: (d: Delivery): string | null =>
    d.state === 'failed' && d.errorType === 'target_has_no_subscribers'
      ? 'Not sent: nobody is subscribed yet.'
      : d.state === 'failed' && d.errorType === 'announcement_too_soon'
        ? d.tooSoon
          ? `Not sent: ${d.tooSoon.tablet ?? 'another tablet'} sent one at ${time(d.tooSoon.lastAt)}; the next can go at ${time(d.tooSoon.nextAt)}.`
          : `Not sent: another tablet sent one less than ${minutes} minutes ago.`
        : d.state === 'failed' && d.errorType === 'announcement_stale'
          ? `Not sent: it reached the venue server over ${ANNOUNCEMENT_STALE_AFTER_MS / 60_000} minutes after it was written, and would have come too late.`
          : d.state === 'not_sent'
            ? `Not sent: the tablet was offline for over ${ANNOUNCEMENT_STALE_AFTER_MS / 60_000} minutes, and it would have come too late.`
            : d.state === 'unknown'
              ? 'Not sure it arrived: the answer from Pushed was lost.'
              : null,
  sendAgain: 'Send again',
  sendAgainFor: (text: string) => `Send again: ${text}`,
};

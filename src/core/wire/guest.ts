import * as v from 'valibot';
import { rawText } from './text.ts';

/** The languages a guest's page speaks. */
export const GUEST_LANGUAGES = ['en', 'es'] as const;
export type GuestLanguage = (typeof GUEST_LANGUAGES)[number];

/** The header a guest's status page sends its ticket in (the token travels in the page's fragment, never a URL). */
export const GUEST_TICKET_HEADER = 'Waitbell-Ticket';

/** A ticket's token: 32 random bytes, base64url. */
export const GUEST_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * POST /1/guest/venues/:code/join: what the guest typed. Texts are only checked safe here (no control
 * character); their lengths and the phone are the Add party form's own rules after (validatePartyInput).
 */
export const guestJoinSchema = v.strictObject({
  name: v.pipe(rawText(), v.maxLength(1_000)),
  size: v.union([v.number(), v.pipe(v.string(), v.maxLength(10))]),
  note: v.optional(v.pipe(rawText(), v.maxLength(1_000))),
  phone: v.optional(v.pipe(rawText(), v.maxLength(100))),
  language: v.picklist(GUEST_LANGUAGES),
});
export type GuestJoin = v.InferOutput<typeof guestJoinSchema>;

/** Where the guest's party stands, as their status page shows it. */
export type GuestState = 'waiting' | 'called' | 'seated' | 'left' | 'cancelled';

/**
 * GET /1/guest/ticket: the guest's own party, and of everyone else only counts. Times in ms since the
 * epoch; `now` is the server's clock, so the page counts the time waited without trusting the phone's.
 */
export interface GuestStatus {
  venue: { name: string; code: string };
  party: { name: string; size: number };
  state: GuestState;
  /** Place among the parties waiting (the board's order), 1 first; null once called or finished. */
  place: number | null;
  ahead: number | null;
  quoteMinutes: number | null;
  joinedAt: number;
  calledAt: number | null;
  onMyWayAt: number | null;
  now: number;
  /** Whether Pushed can notify this guest (OAuth, target `user`), and what to tell them about it. */
  pushed: GuestPushed;
}

/**
 * The guest's Pushed permission as their page shows it. `offered`: the venue can ask for one (its Pushed app
 * is set up and the server knows its public address). `state`: `none` before any; `allowed`; `not_subscribed`
 * when Pushed said the guest is not subscribed to the venue's app or channel; `lost` when it stopped counting
 * (the venue changed its Pushed app). `subscribeLink`: the venue's subscription link, for a guest to tap.
 */
export interface GuestPushed {
  offered: boolean;
  state: 'none' | 'allowed' | 'not_subscribed' | 'lost';
  subscribeLink: string | null;
}

/** How the venue server's OAuth callback went, as it tells the status page (`?pushed=`). */
export const PUSHED_OUTCOMES = ['allowed', 'declined', 'refused', 'unavailable'] as const;
export type PushedOutcome = (typeof PUSHED_OUTCOMES)[number];

/** POST /1/guest/pushed: Pushed's authorise link, with a state bound to this ticket's party. */
export interface GuestPushedStart {
  url: string;
}

/** GET /1/guest/venues/:code: the check-in page's venue, whether it takes joins now, and the wait per size class. */
export interface GuestVenue {
  venue: { name: string; code: string };
  joins: {
    open: boolean;
    why?: 'paused' | 'closed_now' | 'full' | 'not_set_up';
    maxSize: number;
    opensAt?: string;
  };
  /** Parties waiting now; the expected minutes for sizes 1–2, 3–4, 5–6, 7+ (null: cannot say). */
  wait: { waiting: number; minutes: (number | null)[] };
  /** Days a guest's details are kept after their visit. */
  keptDays: number;
  /** Whether "Notify me with Pushed" is offered (the venue's Pushed app is set up, the public address known). */
  pushed: boolean;
}

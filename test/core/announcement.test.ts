import { describe, expect, test } from 'vitest';
import {
  ANNOUNCEMENT_INTERVAL_MS,
  ANNOUNCEMENT_STALE_AFTER_MS,
  beyondKept,
  checkInterval,
  mergeAnnouncements,
  prepareAnnouncement,
  staleAnnouncement,
  type Announcement,
} from '../../src/core/announcement.ts';
import type { Delivery } from '../../src/core/delivery.ts';

const T = 1_700_000_000_000;
const MIN = 60_000;

const sent = (target: Announcement['target'], createdAt: number, delivery?: Delivery): Announcement => ({
  id: `a-${createdAt}`,
  target,
  text: 'Kitchen closes in 30 minutes',
  createdAt,
  key: `k-${createdAt}`,
  delivery: delivery ?? { state: 'sent', at: createdAt + 1_000, shipmentId: 'S1' },
});
const request = (target: Announcement['target'], text = 'We’re seating walk-ins now') => ({
  id: 'new',
  key: 'new-key',
  target,
  text,
});

describe('announcements: one per target every 10 minutes', () => {
  test('a second one to the same target within 10 minutes is refused, with when the last went and when the next can', () => {
    const past = [sent('channel', T)];
    expect(prepareAnnouncement(request('channel'), past, 140, T + 9 * MIN)).toEqual({
      ok: false,
      error: { kind: 'too_soon', target: 'channel', lastAt: T, nextAt: T + ANNOUNCEMENT_INTERVAL_MS },
    });
  });

  test('at exactly 10 minutes it may go; a millisecond before, not', () => {
    const past = [sent('channel', T)];
    expect(checkInterval(past, 'channel', T + ANNOUNCEMENT_INTERVAL_MS - 1).ok).toBe(false);
    expect(checkInterval(past, 'channel', T + ANNOUNCEMENT_INTERVAL_MS).ok).toBe(true);
  });

  test('each target has its own 10 minutes: the channel’s last one does not hold back the app', () => {
    const past = [sent('channel', T)];
    expect(prepareAnnouncement(request('app'), past, 140, T + MIN)).toMatchObject({
      ok: true,
      value: { target: 'app', createdAt: T + MIN, delivery: { state: 'queued' } },
    });
  });

  test('the latest that counts is named when several are within the window', () => {
    const past = [sent('app', T + 5 * MIN), sent('app', T)]; // in any order
    const refused = checkInterval(past, 'app', T + 6 * MIN);
    expect(refused).toMatchObject({ ok: false, error: { lastAt: T + 5 * MIN, nextAt: T + 15 * MIN } });
  });

  test('one Pushed refused does not count: the host can fix it and send again at once', () => {
    const failed = sent('channel', T, { state: 'failed', at: T + 1_000, errorType: 'x', message: 'no' });
    expect(checkInterval([failed], 'channel', T + MIN).ok).toBe(true);
  });

  test('one that went stale unsent does not count; one queued, being sent, or not sure it arrived does', () => {
    const stale = sent('channel', T, { state: 'not_sent', at: T + MIN, why: 'stale' });
    expect(checkInterval([stale], 'channel', T + MIN).ok).toBe(true);
    const mayHaveArrived: Delivery[] = [
      { state: 'queued', since: T, retryAt: null },
      { state: 'sending', since: T },
      { state: 'unknown', at: T, cause: 'timeout' },
    ];
    for (const delivery of mayHaveArrived)
      expect(checkInterval([sent('channel', T, delivery)], 'channel', T + MIN).ok, delivery.state).toBe(false);
  });
});

describe('announcements: the text', () => {
  test('is trimmed, and refused when empty or over the venue’s limit (never cut)', () => {
    expect(prepareAnnouncement(request('channel', '  Hi  '), [], 140, T)).toMatchObject({
      ok: true,
      value: { text: 'Hi' },
    });
    expect(prepareAnnouncement(request('channel', '   '), [], 140, T)).toEqual({ ok: false, error: { kind: 'empty' } });
    expect(prepareAnnouncement(request('channel', 'é'.repeat(21)), [], 20, T)).toEqual({
      ok: false,
      error: { kind: 'too_long', length: 21, limit: 20 },
    });
    expect(prepareAnnouncement(request('channel', '🍝'.repeat(20)), [], 20, T).ok).toBe(true); // characters, not UTF-16 units
  });

  test('a refused text is said before the interval: the host fixes what they can fix now first', () => {
    expect(prepareAnnouncement(request('channel', ''), [sent('channel', T)], 140, T + MIN)).toMatchObject({
      ok: false,
      error: { kind: 'empty' },
    });
  });
});

describe('announcements: staleness and the list', () => {
  test('queued for more than 15 minutes, it is not sent any more', () => {
    expect(staleAnnouncement(T, T + ANNOUNCEMENT_STALE_AFTER_MS)).toBeNull();
    expect(staleAnnouncement(T, T + ANNOUNCEMENT_STALE_AFTER_MS + 1)).toEqual({
      state: 'not_sent',
      at: T + ANNOUNCEMENT_STALE_AFTER_MS + 1,
      why: 'stale',
    });
  });

  test('only the newest are kept', () => {
    const list = [sent('app', 3), sent('app', 2), sent('app', 1)];
    expect(beyondKept(list, 2).map((a) => a.createdAt)).toEqual([1]);
  });
});

describe("the venue's list on a paired tablet", () => {
  test("the server's announcements (with their tablets) and this tablet's own not on it yet, by id, newest first", () => {
    const queued: Delivery = { state: 'queued', since: T + 5 * MIN, retryAt: null };
    const mineSent = sent('channel', T);
    const mineQueued = sent('app', T + 5 * MIN, queued);
    const bar = { ...sent('app', T + 2 * MIN), tablet: 'Bar tablet' };
    const mineAsListed = { ...mineSent, tablet: 'Front stand' };
    expect(mergeAnnouncements([mineSent, mineQueued], [bar, mineAsListed])).toEqual([mineQueued, bar, mineAsListed]);
    // The server's list is what counts for the rule: the Bar tablet's app announcement is in the way here too.
    expect(checkInterval(mergeAnnouncements([], [bar]), 'app', T + 3 * MIN)).toMatchObject({
      ok: false,
      error: { tablet: 'Bar tablet', nextAt: T + 12 * MIN },
    });
    // Unpaired or unreachable: this tablet's own, as before.
    expect(mergeAnnouncements([mineSent, mineQueued], null)).toEqual([mineQueued, mineSent]);
  });
});

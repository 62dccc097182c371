import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { ONLINE_JOINS_DEFAULTS } from '../../../src/core/online-joins.ts';
import type { Party } from '../../../src/core/party.ts';
import { REPORT_PLACES, type ReportFigures, type VenueReport } from '../../../src/core/wire/report.ts';
import { TOKEN } from '../server-process.ts';
import { api, useVenueServer, type VenueServer } from './venue-client.ts';

let server: VenueServer['server'];
useVenueServer((started) => ({ server } = started));

/** A moment in New York in winter (UTC−5): `day` of January 2026, or of December 2025 when `month` says so. */
const ny = (day: number, hour: number, minute = 0, month = 0, year = 2026) =>
  Date.UTC(year, month, day, hour + 5, minute);

type Seed = Partial<Party> & { joinedAt: number; size: number; status: Party['status'] };
let seeded = 0;
/** Parties as the venue's tablets synced them: only what the report reads matters. */
async function seed(parties: Seed[], venueId = server.venue.id) {
  for (const p of parties) {
    seeded += 1;
    const party = {
      id: `p${seeded}`,
      quoteMinutes: null,
      calledAt: null,
      finishedAt: null,
      finishReason: null,
      joinedPosition: null,
      ...p,
    };
    await server.store.db.query(
      'INSERT INTO sync_parties (venue_id, party_id, version, party) VALUES ($1, $2, $3, $4::jsonb)',
      [venueId, party.id, seeded, JSON.stringify(party)],
    );
  }
}
async function venueIn(timeZone: string, pinHash: object | null = null) {
  await server.store.db.query(
    `INSERT INTO venue_settings (venue_id, settings, pin_hash, revision, updated_at) VALUES ($1, $2::jsonb, $3::jsonb, 1, now())`,
    [
      server.venue.id,
      JSON.stringify({ onlineJoins: { ...ONLINE_JOINS_DEFAULTS, timeZone } }),
      pinHash && JSON.stringify(pinHash),
    ],
  );
}
const report = (query: string, headers: Record<string, string> = {}) =>
  api(server.url, `/1/report?${query}`, { token: TOKEN, headers });

/** Friday 16 January 2026 in New York, and the Friday before: every figure below worked out by hand. */
const FRIDAY: Seed[] = [
  // 18:00, 2 guests, quoted 15 (Waitbell suggested 20), seated after 20 minutes: 5 minutes longer than quoted.
  {
    size: 2,
    joinedAt: ny(16, 18),
    status: 'seated',
    finishedAt: ny(16, 18, 20),
    quoteMinutes: 15,
    suggestedMinutes: 20,
    joinedPosition: 1,
  },
  // Online, quoted 30, seated after 30: within the quote.
  {
    size: 2,
    joinedAt: ny(16, 18, 10),
    status: 'seated',
    finishedAt: ny(16, 18, 40),
    quoteMinutes: 30,
    joinedPosition: 2,
    joinedVia: 'online',
  },
  // Quoted 20 (Waitbell suggested 12), seated after 10.
  {
    size: 4,
    joinedAt: ny(16, 19, 5),
    status: 'seated',
    finishedAt: ny(16, 19, 15),
    quoteMinutes: 20,
    suggestedMinutes: 12,
    joinedPosition: 1,
  },
  // Taken off before any call: its suggestion is not compared with anything.
  {
    size: 4,
    joinedAt: ny(16, 19, 30),
    status: 'removed',
    finishedAt: ny(16, 20),
    quoteMinutes: 25,
    suggestedMinutes: 25,
    joinedPosition: 2,
  },
  // Called, never came.
  {
    size: 6,
    joinedAt: ny(16, 19, 45),
    status: 'no_show',
    calledAt: ny(16, 20, 30),
    finishedAt: ny(16, 20, 45),
    finishReason: 'late',
    joinedPosition: 3,
  },
  // Cancelled from their own phone.
  {
    size: 3,
    joinedAt: ny(16, 20),
    status: 'removed',
    finishedAt: ny(16, 20, 5),
    finishReason: 'guest_cancelled',
    joinedPosition: 4,
    joinedVia: 'online',
  },
  // Still waiting, online.
  { size: 1, joinedAt: ny(16, 21, 15), status: 'waiting', joinedPosition: 1, joinedVia: 'online' },
  // Called, then taken off by the host.
  {
    size: 2,
    joinedAt: ny(16, 21, 20),
    status: 'removed',
    calledAt: ny(16, 21, 40),
    finishedAt: ny(16, 21, 50),
    joinedPosition: 2,
  },
  // 04:59 on Saturday: still Friday's night; its place in line not known; Waitbell's 8 without the host's quote.
  { size: 2, joinedAt: ny(17, 4, 59), status: 'seated', finishedAt: ny(17, 5, 9), suggestedMinutes: 8 },
];
const EDGES: Seed[] = [
  // 05:00 on Saturday: Saturday's night.
  { size: 2, joinedAt: ny(17, 5), status: 'seated', finishedAt: ny(17, 5, 30) },
  // 04:59 on Friday: Thursday's night.
  { size: 2, joinedAt: ny(16, 4, 59), status: 'seated', finishedAt: ny(16, 5, 10) },
];
const FRIDAY_BEFORE: Seed[] = [
  {
    size: 2,
    joinedAt: ny(9, 19),
    status: 'seated',
    finishedAt: ny(9, 19, 12),
    quoteMinutes: 10,
    suggestedMinutes: 15,
    joinedPosition: 1,
  },
  { size: 5, joinedAt: ny(9, 19, 30), status: 'seated', finishedAt: ny(9, 20), joinedPosition: 2, joinedVia: 'online' },
];

const hours = (counts: Record<number, [number, number]>) =>
  Array.from({ length: 24 }, (_, hour) => ({ hour, parties: counts[hour]?.[0] ?? 0, guests: counts[hour]?.[1] ?? 0 }));
const noWaits = (sizeClass: number | null) => ({
  sizeClass,
  seated: 0,
  medianMinutes: null,
  p90Minutes: null,
  longestMinutes: null,
});
const places = (counts: [number, number][], unknown: [number, number] = [0, 0]) => ({
  byPlace: REPORT_PLACES.map(([from, to], i) => ({
    from,
    to,
    joined: counts[i]?.[0] ?? 0,
    walkedAway: counts[i]?.[1] ?? 0,
  })),
  placeUnknown: { joined: unknown[0], walkedAway: unknown[1] },
});
const EMPTY = (from: number, to: number, firstDay: string): ReportFigures => ({
  from,
  to,
  firstDay,
  parties: 0,
  guests: 0,
  byHour: hours({}),
  waits: [null, 0, 1, 2, 3].map(noWaits),
  quotes: { quoted: 0, meanErrorMinutes: null, meanAbsoluteErrorMinutes: null, withinQuote: null },
  walkAways: { removedBeforeCall: 0, noShowAfterCall: 0, cancelledByGuest: 0, ...places([]) },
  joins: { online: 0, atStand: 0 },
  heatmap: [],
  busiestHours: [],
  suggestionAccuracy: { recorded: false },
});

describe("the owner's report", () => {
  test("a night's figures, and the same night a week before, in the venue's time zone", async () => {
    await venueIn('America/New_York');
    await seed([...FRIDAY, ...EDGES, ...FRIDAY_BEFORE]);

    const answer = await report('period=night&date=2026-01-16');
    expect(answer.status).toBe(200);
    const r = answer.json as VenueReport;
    expect(r).toMatchObject({ period: 'night', date: '2026-01-16', timeZone: 'America/New_York' });
    // The two seated parties with both: waited 20 and 10; Waitbell said 20 and 12, the host 15 and 20.
    const friday = {
      recorded: true,
      parties: 2,
      suggestion: { meanErrorMinutes: -1, meanAbsoluteErrorMinutes: 1, seatedWithinShare: 1 },
      host: { meanErrorMinutes: -2.5, meanAbsoluteErrorMinutes: 7.5, seatedWithinShare: 0.5 },
    };
    expect(r.suggestionAccuracy).toEqual(friday);
    expect(r.current).toEqual({
      from: ny(16, 5),
      to: ny(17, 5),
      firstDay: '2026-01-16',
      parties: 9,
      guests: 26,
      byHour: hours({ 4: [1, 2], 18: [2, 4], 19: [3, 14], 20: [1, 3], 21: [2, 3] }),
      waits: [
        // 10, 10, 20, 30: p90 is 20 + 0.7 × 10
        { sizeClass: null, seated: 4, medianMinutes: 15, p90Minutes: 27, longestMinutes: 30 },
        { sizeClass: 0, seated: 3, medianMinutes: 20, p90Minutes: 28, longestMinutes: 30 },
        { sizeClass: 1, seated: 1, medianMinutes: 10, p90Minutes: 10, longestMinutes: 10 },
        noWaits(2),
        noWaits(3),
      ],
      // +5, 0, −10 minutes against the quote; two of three seated within it.
      quotes: { quoted: 3, meanErrorMinutes: -1.7, meanAbsoluteErrorMinutes: 5, withinQuote: 0.667 },
      walkAways: {
        removedBeforeCall: 1,
        noShowAfterCall: 2,
        cancelledByGuest: 1,
        ...places(
          [
            [3, 0],
            [3, 2],
            [1, 1],
            [1, 1],
          ],
          [1, 0],
        ),
      },
      joins: { online: 3, atStand: 6 },
      heatmap: [
        { weekday: 5, hour: 18, parties: 2 },
        { weekday: 5, hour: 19, parties: 3 },
        { weekday: 5, hour: 20, parties: 1 },
        { weekday: 5, hour: 21, parties: 2 },
        { weekday: 6, hour: 4, parties: 1 },
      ],
      busiestHours: [
        { weekday: 5, hour: 19, parties: 3 },
        { weekday: 5, hour: 18, parties: 2 },
        { weekday: 5, hour: 21, parties: 2 },
      ],
      suggestionAccuracy: friday,
    });
    expect(r.previous).toEqual({
      ...EMPTY(ny(9, 5), ny(10, 5), '2026-01-09'),
      parties: 2,
      guests: 7,
      byHour: hours({ 19: [2, 7] }),
      waits: [
        // 12 and 30: p90 is 12 + 0.9 × 18
        { sizeClass: null, seated: 2, medianMinutes: 21, p90Minutes: 28.2, longestMinutes: 30 },
        { sizeClass: 0, seated: 1, medianMinutes: 12, p90Minutes: 12, longestMinutes: 12 },
        noWaits(1),
        { sizeClass: 2, seated: 1, medianMinutes: 30, p90Minutes: 30, longestMinutes: 30 },
        noWaits(3),
      ],
      quotes: { quoted: 1, meanErrorMinutes: 2, meanAbsoluteErrorMinutes: 2, withinQuote: 0 },
      walkAways: {
        removedBeforeCall: 0,
        noShowAfterCall: 0,
        cancelledByGuest: 0,
        ...places([
          [1, 0],
          [1, 0],
        ]),
      },
      joins: { online: 1, atStand: 1 },
      heatmap: [{ weekday: 5, hour: 19, parties: 2 }],
      busiestHours: [{ weekday: 5, hour: 19, parties: 2 }],
      // Waited 12: Waitbell said 15, the host 10.
      suggestionAccuracy: {
        recorded: true,
        parties: 1,
        suggestion: { meanErrorMinutes: -3, meanAbsoluteErrorMinutes: 3, seatedWithinShare: 1 },
        host: { meanErrorMinutes: 2, meanAbsoluteErrorMinutes: 2, seatedWithinShare: 0 },
      },
    });

    // The nights either side of the 05:00 cut each have their one party.
    const saturday = (await report('period=night&date=2026-01-17')).json as VenueReport;
    expect([saturday.current.parties, saturday.current.byHour[5]!.parties]).toEqual([1, 1]);
    const thursday = (await report('period=night&date=2026-01-15')).json as VenueReport;
    expect([thursday.current.parties, thursday.current.byHour[4]!.parties]).toEqual([1, 1]);
  });

  test('a week runs Monday to Monday, a month from the 1st; a period with nothing in it has zeros and no waits', async () => {
    await venueIn('America/New_York');
    await seed([...FRIDAY, ...EDGES, ...FRIDAY_BEFORE]);
    // Another venue's parties never count.
    const other = await server.store.venues.createVenue('Otro', {
      appKey: 'OtherAppKey000000001',
      appSecret: 'x'.repeat(32),
    });
    await seed(FRIDAY, other.id);

    const week = (await report('period=week&date=2026-01-16')).json as VenueReport;
    expect([week.current.from, week.current.to, week.current.firstDay]).toEqual([ny(12, 5), ny(19, 5), '2026-01-12']);
    expect([week.current.parties, week.current.guests, week.previous.parties, week.previous.guests]).toEqual([
      11, 30, 2, 7,
    ]);

    const month = (await report('period=month&date=2026-01-31')).json as VenueReport;
    expect([month.current.from, month.current.to, month.current.parties]).toEqual([ny(1, 5), ny(32, 5), 13]);
    expect(month.previous).toEqual(EMPTY(ny(1, 5, 0, 11, 2025), ny(1, 5), '2025-12-01'));

    const nothing = (await report('period=night&date=2026-03-03')).json as VenueReport;
    expect(nothing.current.parties).toBe(0);
    expect(nothing.current.waits[0]).toEqual(noWaits(null));
  });

  test('without a time zone set, the nights are cut in UTC', async () => {
    await seed([{ size: 2, joinedAt: Date.UTC(2026, 0, 16, 4, 59), status: 'waiting' }]);
    const r = (await report('period=night&date=2026-01-15')).json as VenueReport;
    expect([r.timeZone, r.current.from, r.current.parties]).toEqual(['UTC', Date.UTC(2026, 0, 15, 5), 1]);
  });

  test('the report is an owner action: the staff PIN once the venue has one; a period and a real date', async () => {
    const salt = randomBytes(16);
    const hash = pbkdf2Sync('4821', salt, 1_000, 32, 'sha256').toString('base64');
    await venueIn('UTC', { salt: salt.toString('base64'), hash, iterations: 1_000 });
    await seed(FRIDAY_BEFORE);

    const refusal = async (a: ReturnType<typeof report>) => [(await a).status, (await a).json?.error?.type];
    expect(await refusal(report('period=night&date=2026-01-09'))).toEqual([403, 'staff_pin_required']);
    const wrong = await report('period=night&date=2026-01-09', { 'Waitbell-Staff-Pin': '0000' });
    expect([wrong.status, wrong.json.error.type, wrong.json.error.triesLeft]).toEqual([403, 'staff_pin_wrong', 4]);
    expect(wrong.text).not.toContain('"parties"');
    const right = await report('period=night&date=2026-01-09', { 'Waitbell-Staff-Pin': '4821' });
    expect([right.status, (right.json as VenueReport).current.parties]).toEqual([200, 2]);

    const pin = { 'Waitbell-Staff-Pin': '4821' };
    for (const query of [
      'period=year&date=2026-01-09',
      'period=night&date=2026-02-30',
      'period=night',
      'date=2026-01-09',
    ])
      expect(await refusal(report(query, pin))).toEqual([400, 'invalid_report_request']);
    expect((await api(server.url, '/1/report?period=night&date=2026-01-09')).status).toBe(401);
  });
});

import { ONLINE_JOINS_DEFAULTS } from '../../../src/core/online-joins.ts';
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HISTORY_COLUMNS } from '../../../src/core/history-csv.ts';
import { readHistoryFile } from '../../../src/server/quotes/read-csv.ts';
import type { Database, Queryable } from '../../../src/server/db/database.ts';
import { startRelayServer } from '../in-process-server.ts';
import { serverConfigFromEnv } from '../../../src/server/setup/server-config.ts';
import { historyExport } from '../../../src/server/venue/history-export.ts';
import { serverLogger } from '../../../src/server/log/logger.ts';
import { ROUTES } from '../../../src/server/routes.ts';
import type { Call } from '../../../src/server/http/route.ts';
import { waitUntil } from '../../support/wait-until.ts';
import { fakeUpstream, TOKEN, TOKEN_B } from '../server-process.ts';

const PIN = '4821';
const PAGE = 100;

/** A PIN record as a tablet makes it (PBKDF2-SHA256, base64), at the lowest work factor the wire takes. */
const slowHash = (text: string) => {
  const salt = randomBytes(16);
  return {
    salt: salt.toString('base64'),
    hash: pbkdf2Sync(text, salt, 1_000, 32, 'sha256').toString('base64'),
    iterations: 1_000,
  };
};

let upstream: Awaited<ReturnType<typeof fakeUpstream>>;
let server: Awaited<ReturnType<typeof startRelayServer>>;
/** Every page the export read: how many rows it held. */
let pages: number[] = [];
/** Every page after the first waits for this. */
let held: Promise<void> = Promise.resolve();
/** The page whose read fails (counted from 0), if any. */
let failAt: number | undefined;
/** Told as each page's read starts. */
let beforePage: (() => void) | undefined;

/** Counts the export's page reads, by their rows; a page after the first waits for `held`. */
function counting(db: Database): Database {
  const wrap = (q: Queryable): Queryable => ({
    query: async <R>(sql: string, params?: readonly unknown[]) => {
      const page = sql.includes('LEFT JOIN devices d ON');
      if (page) beforePage?.();
      if (page && failAt !== undefined && pages.length >= failAt) throw new Error('the database went away');
      if (page && pages.length > 0) await held;
      const answer = await q.query<R>(sql, params);
      if (page) pages.push(answer.rows.length);
      return answer;
    },
    exec: (sql: string) => q.exec(sql),
  });
  return {
    ...db,
    engine: db.engine,
    ...wrap(db),
    transaction: (work) => db.transaction((tx) => work(wrap(tx))),
    listen: (channel, onPayload, onReconnect) => db.listen(channel, onPayload, onReconnect),
    close: () => db.close(),
  };
}

beforeAll(async () => {
  upstream = await fakeUpstream();
  server = await startRelayServer(upstream.url, {
    wrapDb: counting,
    exportPageRows: PAGE,
  });
  // The venue's time zone (Madrid: +01:00 in winter, +02:00 in summer) and its staff PIN.
  await server.store.db.query(
    `INSERT INTO venue_settings (venue_id, settings, pin_hash, revision, updated_at)
     VALUES ($1, $2, $3, 1, now())`,
    [
      server.venue.id,
      { onlineJoins: { ...ONLINE_JOINS_DEFAULTS, timeZone: 'Europe/Madrid' } },
      { ...slowHash(PIN), recovery: slowHash('ABCD-EFGH-JKMN-PQRS') },
    ],
  );
}, 60_000);
afterAll(async () => {
  await server?.close();
  await upstream?.close();
});

const T0 = Date.UTC(2026, 2, 6, 18, 5); // 19:05 in Madrid

/** A finished party as a tablet stores it, with the guest's own details the export must never carry. */
function party(id: string, over: Record<string, unknown> = {}) {
  return {
    id,
    name: 'Ana Secret',
    size: 2,
    note: 'allergic to secrets',
    quoteMinutes: 20,
    pushedId: 'PUSHEDSECRET1',
    email: 'ana@secret.example',
    phone: '+34600000000',
    status: 'seated',
    joinedAt: T0,
    updatedAt: T0 + 25 * 60_000,
    finishedAt: T0 + 25 * 60_000,
    previous: null,
    messages: {},
    lastMessage: null,
    joinedPosition: 3,
    rank: T0,
    calledAt: T0 + 20 * 60_000,
    callCount: 1,
    finishReason: null,
    excusedAt: null,
    ...over,
  };
}

async function store(parties: { id: string }[], tablet: string | null = server.devices[0]!.id) {
  await server.store.db.query(
    `INSERT INTO sync_parties (venue_id, party_id, version, party, last_change)
     SELECT $1, r->>'id', 1, r, CASE WHEN $3::text IS NULL THEN NULL ELSE jsonb_build_object('id', 'm-' || (r->>'id'), 'tablet', $3::text, 'at', 0) END
       FROM jsonb_array_elements($2::jsonb) AS r`,
    [server.venue.id, JSON.stringify(parties), tablet],
  );
}
const clear = () => server.store.db.query('DELETE FROM sync_parties WHERE venue_id = $1', [server.venue.id]);

const download = (query = '', headers: Record<string, string> = { 'Waitbell-Staff-Pin': PIN }, token = TOKEN) =>
  fetch(`${server.url}/1/history.csv${query}`, { headers: { Authorization: `Bearer ${token}`, ...headers } });

const HEADER =
  'joined_at,party_size,quoted_minutes,seated_at,left_at,outcome,party_id,finish_reason,joined_via,joined_position,called_at,call_count,on_my_way_at,finished_by\r\n';

describe('GET /1/history.csv', () => {
  test('hand-made parties give this exact file, in the venue’s time, with none of the guest’s own details', async () => {
    await clear();
    await store([
      party('p1'),
      party('p2', {
        status: 'no_show',
        size: 4,
        quoteMinutes: null,
        joinedAt: Date.UTC(2026, 6, 1, 19, 0), // summer: +02:00
        finishedAt: Date.UTC(2026, 6, 1, 19, 40),
        calledAt: Date.UTC(2026, 6, 1, 19, 30),
        callCount: 2,
        finishReason: 'late',
        joinedVia: 'online',
        onMyWayAt: Date.UTC(2026, 6, 1, 19, 31),
        joinedPosition: null,
      }),
      party('p3', { status: 'waiting', finishedAt: null }), // still on the board: not history
    ]);
    const answer = await download();
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(answer.headers.get('content-disposition')).toMatch(
      /^attachment; filename="casa-prueba-history-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const text = await answer.text();
    expect(text).toBe(
      HEADER +
        '2026-03-06T19:05:00+01:00,2,20,2026-03-06T19:30:00+01:00,,seated,p1,,stand,3,2026-03-06T19:25:00+01:00,1,,Front stand\r\n' +
        '2026-07-01T21:00:00+02:00,4,,,2026-07-01T21:40:00+02:00,no_show,p2,late,online,,2026-07-01T21:30:00+02:00,2,2026-07-01T21:31:00+02:00,Front stand\r\n',
    );
    expect(text).not.toMatch(/Secret|secret|PUSHED|\+34/);
    expect(server.text()).toContain('"history exported"');
    expect(server.text()).not.toContain(PIN);
  });

  test('another venue’s parties, and its tablets’ names, are never in the file', async () => {
    await clear();
    const other = await server.store.venues.createVenue('Otro Sitio', {
      appKey: 'OtherKey0000000001',
      appSecret: 'x'.repeat(24),
      channelAlias: 'Otro',
    });
    const theirs = await server.store.venues.addDevice(other.id, 'Their stand', 'kiosk-token-other-0001');
    await server.store.db.query(
      `INSERT INTO sync_parties (venue_id, party_id, version, party, last_change) VALUES ($1, 'o1', 1, $2, $3)`,
      [other.id, party('o1'), { id: 'm-o1', tablet: theirs.device.id, at: 0 }],
    );
    await store([party('mine')], theirs.device.id); // a change stamped with another venue's tablet names nobody here
    const text = await (await download()).text();
    expect(
      text
        .split('\r\n')
        .slice(1, -1)
        .map((l) => l.split(',').slice(6, 7).concat(l.split(',').at(-1)!)),
    ).toEqual([['mine', '']]);
  });

  test('formula cells start with a quote; commas, quotes, newlines and emoji are quoted as RFC 4180 says', async () => {
    await clear();
    const labels = [
      '=HYPERLINK("x")',
      '+1 stand',
      '-cmd',
      '@SUM(A1)',
      '\tTab',
      '\rCR',
      'Bar, back',
      'The "good" one',
      'Two\nlines',
      'Patio 🌮',
    ];
    for (const [i, label] of labels.entries()) {
      const id = `dev_label_${i}`;
      await server.store.db.query(
        `INSERT INTO devices (id, venue_id, label, token_hash, created_at) VALUES ($1, $2, $3, $4, now())`,
        [id, server.venue.id, label, randomBytes(32).toString('hex')],
      );
      await store([party(`f${i}`)], id);
    }
    const text = await (await download()).text();
    for (const cell of [
      `"'=HYPERLINK(""x"")"`,
      `'+1 stand`,
      `'-cmd`,
      `'@SUM(A1)`,
      `'\tTab`,
      `"'\rCR"`,
      `"Bar, back"`,
      `"The ""good"" one"`,
      `"Two\nlines"`,
      `Patio 🌮`,
    ])
      expect(text).toContain(`,${cell}\r\n`);
    // Every record is still whole: the file reads back with each label in its place.
    const read = readHistoryFile(text);
    expect(read.ok && read.value.records.map((r) => r.fields[13])).toEqual(
      labels.map((l) => (/^[=+@\t\r-]/.test(l) ? `'${l}` : l)),
    );
  });

  test('the file goes back through the tablet’s history import and gives the same parties', async () => {
    await clear();
    const made = Array.from({ length: 30 }, (_, i) =>
      party(`r${String(i).padStart(2, '0')}`, {
        size: 1 + (i % 8),
        quoteMinutes: i % 5 === 0 ? null : 5 * (i % 9),
        status: (['seated', 'no_show', 'removed'] as const)[i % 3],
        joinedAt: T0 + i * 3_600_000 * 24 * 11, // across the change to summer time
        finishedAt: T0 + i * 3_600_000 * 24 * 11 + (10 + i) * 60_000,
      }),
    );
    await store(made);
    const read = readHistoryFile(await (await download()).text());
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.value.header.slice(0, HISTORY_COLUMNS.length)).toEqual([...HISTORY_COLUMNS]);
    const back = read.value.parties.map((p) => ({
      joinedAt: p.joinedAt,
      size: p.size,
      quoteMinutes: p.quotedMinutes,
      status: p.outcome,
      finishedAt: p.seatedAt ?? p.leftAt,
    }));
    expect(back).toEqual(
      made.map((p) => ({
        joinedAt: p.joinedAt,
        size: p.size,
        quoteMinutes: p.quoteMinutes,
        status: p.status,
        finishedAt: p.finishedAt,
      })),
    );
  });

  test('from and to bound when the parties joined, in the venue’s days; a date that is not one is refused', async () => {
    await clear();
    const day = (d: number) => Date.UTC(2026, 2, d, 22, 30); // 23:30 in Madrid: still that day there
    await store([4, 5, 6, 7].map((d) => party(`d${d}`, { joinedAt: day(d), finishedAt: day(d) + 600_000 })));
    const text = await (await download('?from=2026-03-05&to=2026-03-06')).text();
    expect(
      text
        .split('\r\n')
        .slice(1, -1)
        .map((l) => l.split(',')[6]),
    ).toEqual(['d5', 'd6']);
    const bad = await download('?from=2026-02-31');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { type: string } }).error.type).toBe('invalid_request');
  });

  test('without the staff PIN, or with a wrong one, nothing of the history is sent', async () => {
    await clear();
    await store([party('s1')]);
    const none = await download('', {}, TOKEN_B);
    expect(none.status).toBe(403);
    expect(((await none.json()) as { error: { type: string } }).error.type).toBe('staff_pin_required');
    const wrong = await download('', { 'Waitbell-Staff-Pin': '0000' }, TOKEN_B);
    expect(wrong.status).toBe(403);
    const body = (await wrong.json()) as { error: { type: string; triesLeft: number } };
    expect([body.error.type, body.error.triesLeft]).toEqual(['staff_pin_wrong', 4]);
    const stranger = await fetch(`${server.url}/1/history.csv`, {
      headers: { Authorization: 'Bearer nope-nope-nope' },
    });
    expect(stranger.status).toBe(401);
    expect((await download()).status).toBe(200); // the right PIN clears the wrong tries
  });

  describe('20,000 parties', () => {
    const TOTAL = 20_000;
    beforeAll(async () => {
      await clear();
      await server.store.db.query(
        `INSERT INTO sync_parties (venue_id, party_id, version, party)
         SELECT $1, 'big' || lpad(i::text, 6, '0'), 1,
                $2::jsonb || jsonb_build_object('id', 'big' || lpad(i::text, 6, '0'), 'size', 1 + i % 6)
           FROM generate_series(1, $3::int) AS i`,
        [server.venue.id, JSON.stringify(party('x')), TOTAL],
      );
    }, 60_000);

    test('download whole, read a page at a time', async () => {
      pages = [];
      const text = await (await download()).text();
      expect(text.split('\r\n').length).toBe(TOTAL + 2); // the header, the rows, and the empty end
      expect(pages.every((n) => n <= PAGE)).toBe(true);
      expect(pages.length).toBe(TOTAL / PAGE + 1);
    }, 60_000);

    test('the server holds less than a page of a slow client’s file: the next page is read once it took the last', async () => {
      pages = [];
      const res = slowClient();
      const unread: number[] = [];
      beforePage = () => unread.push(res.writableLength);
      await historyExport({ db: server.store.db, log: serverLogger(() => {}), pageRows: PAGE, stallMs: 60_000 })(
        { req: { url: '/1/history.csv', headers: {} }, res, headers: {}, route: ROUTES[0]! } as unknown as Call,
        server.devices[0]!,
        () => {
          throw new Error('refused');
        },
      );
      beforePage = undefined;
      expect(pages.length).toBe(TOTAL / PAGE + 1);
      // At each read, what the client had not taken yet was under its buffer's size: a page is some 15 kB.
      expect(unread.length).toBe(TOTAL / PAGE + 1);
      expect(Math.max(...unread)).toBeLessThanOrEqual(1024);
      expect(res.text().split('\r\n').length).toBe(TOTAL + 2);
    }, 60_000);

    test('a client that stops taking the file is cut off, and the reads stop', async () => {
      pages = [];
      const lines: string[] = [];
      const res = slowClient({ takes: false });
      await historyExport({
        db: server.store.db,
        log: serverLogger((l) => lines.push(l)),
        pageRows: PAGE,
        stallMs: 50,
      })(
        { req: { url: '/1/history.csv', headers: {} }, res, headers: {}, route: ROUTES[0]! } as unknown as Call,
        server.devices[0]!,
        () => {
          throw new Error('refused');
        },
      );
      expect(pages).toEqual([PAGE]);
      expect(res.destroyed).toBe(true);
      expect(lines.join('')).toContain('"reason":"the client stopped reading"');
    }, 60_000);

    test('a database failure mid-file breaks the download: never a short file that passes for the whole', async () => {
      pages = [];
      failAt = 3;
      const answer = await download();
      expect(answer.status).toBe(200);
      await expect(answer.text()).rejects.toThrow();
      failAt = undefined;
      expect(pages.length).toBe(3);
      expect(server.text()).toContain('"history export failed"');
      expect(server.text()).not.toContain('the database went away'); // only the error's kind is logged
    }, 60_000);

    test('a client that hangs up mid-file stops the reads', async () => {
      pages = [];
      let release!: () => void;
      held = new Promise<void>((resolve) => (release = resolve));
      // The client takes the first page and hangs up while the server is still reading the second.
      await new Promise<void>((resolve, reject) => {
        const req = request(`${server.url}/1/history.csv`, {
          headers: { Authorization: `Bearer ${TOKEN}`, 'Waitbell-Staff-Pin': PIN },
        });
        req.on('response', (res) => {
          res.once('data', () => req.destroy());
        });
        req.on('close', resolve);
        req.on('error', reject);
        req.end();
      });
      release();
      const line = await waitUntil(
        () => server.logs().find((l) => l.msg === 'history export stopped'),
        'the export to stop',
      );
      expect(Number(line.rows)).toBeLessThan(TOTAL);
      const read = pages.length;
      expect(read).toBeLessThan(TOTAL / PAGE);
      // Nothing more is read after it stopped: a later export's reads are all there is.
      pages = [];
      await clear();
      expect(await (await download()).text()).toBe(HEADER);
      expect(pages).toEqual([0]);
    }, 60_000);
  });
});

/**
 * A response over a slow client with a 1 kB buffer: it takes what was written only once the server
 * waits for it ('drain'), as a socket whose peer reads when it can. A server that never waits fills it.
 */
function slowClient({ takes = true } = {}) {
  const held: (() => void)[] = [];
  const chunks: Buffer[] = [];
  const res = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      if (takes && res.listenerCount('drain') > 0) setImmediate(done);
      else held.push(done);
    },
  });
  res.on('newListener', (event) => {
    if (takes && event === 'drain') setImmediate(() => held.splice(0).forEach((done) => done()));
  });
  return Object.assign(res, {
    writeHead: () => res,
    text: () => Buffer.concat(chunks).toString('utf8'),
  });
}

test('the export’s page and stall limits have defaults and WAITBELL_ names', () => {
  const env = { WAITBELL_SECRET_KEY: randomBytes(32).toString('base64') };
  expect(serverConfigFromEnv(env)).toMatchObject({ exportPageRows: 500, exportStallMs: 30_000 });
  expect(
    serverConfigFromEnv({ ...env, WAITBELL_EXPORT_PAGE_ROWS: '100', WAITBELL_EXPORT_STALL_MS: '5000' }),
  ).toMatchObject({ exportPageRows: 100, exportStallMs: 5_000 });
  expect(() => serverConfigFromEnv({ ...env, WAITBELL_EXPORT_PAGE_ROWS: 'many' })).toThrow('WAITBELL_EXPORT_PAGE_ROWS');
});

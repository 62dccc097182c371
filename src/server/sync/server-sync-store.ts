import {
  applyServerOrder,
  type Admit,
  type ChangeRef,
  type MutationOutcome,
  type SyncState,
} from '../../core/sync/merge.ts';
import { GUEST_PAGE_DEVICE, type Mutation, type MutationProblem } from '../../core/sync/mutation.ts';
import { readMutation } from '../../core/wire/sync.ts';
import { isSafeText, type WireProblem } from '../../core/wire/text.ts';
import { isActive, type Party } from '../../core/party.ts';
import { isDataError, type Database, type Queryable } from '../db/database.ts';

/** The channel every server copy listens on; its payload is `<venueId>:<version>`. */
export const SYNC_CHANNEL = 'waitbell_sync';

/** Mutations in one push, at most. */
export const MAX_PUSH_MUTATIONS = 500;
/** Rows in one page of changes: the default, and the most a tablet may ask for. */
export const CHANGES_LIMIT = { default: 1_000, max: 5_000 };
/**
 * A venue's board, at most, and a page of changes, at most (README, "Health, limits and stopping").
 * 500 parties waiting is ten times the longest line a busy restaurant sees on a holiday night, and a
 * board of them (about 400 kB of typical parties; 1 MB lets each carry its messages' records) reads
 * in a few pages of 256 kB. A page stops at its byte bound as well as at its rows, so one read never
 * holds the database (one connection, on PGlite, for every venue) for long.
 */
export const BOARD_LIMITS = { maxParties: 500, maxBytes: 1024 * 1024, pageBytes: 256 * 1024 };
/** The bounds a push's additions to a board are checked against. */
export type BoardBounds = { maxParties: number; maxBytes: number };
/** Mutation ids are remembered this long at most (a retry within it gets its first outcome); less where a venue keeps guests' details less. */
export const KEEP_SYNC_MS = 30 * 24 * 60 * 60_000;

/** A mutation the server could not read: which field is wrong (never its value). `id` is as sent, or `#<index>`. */
export type InvalidOutcome = {
  id: string;
  outcome: 'rejected';
  reason: { kind: 'invalid'; at: string; problem?: WireProblem };
};
/** What became of one pushed mutation, as the tablet is told. */
export type SyncOutcome = MutationOutcome | InvalidOutcome;

/** The answer to one push. */
export interface PushResult {
  /** The venue's version after this push (unchanged when it changed no party). */
  version: number;
  /** One per mutation sent, in the same order. */
  outcomes: SyncOutcome[];
  /** The label of every tablet a rejection names (device id → label). */
  tablets: Record<string, string>;
}

/** One party as the server holds it. */
export interface SyncRow {
  party: Party;
  lastChange: ChangeRef | null;
  /** The venue's version that last changed it. */
  version: number;
}

/** One page of changes. */
export interface ChangesPage {
  /** Page again from this when `more`; else the venue's current version. */
  version: number;
  /** The venue's version when this page was read (a board read in pages resumes its changes from the first page's). */
  current: number;
  parties: SyncRow[];
  more: boolean;
  /** Rows still to fetch after this page (for `scope: 'board'`: the board's while `more`, then the parties off the board). */
  remaining: number;
  /** The label of every tablet the rows' last changes name. */
  tablets: Record<string, string>;
}

const ID_MAX_LENGTH = 100;

/** What the tablets call the venue server's own changes (a guest's check-in, cancel, "on my way"). */
export const GUEST_PAGE_LABEL = 'Online check-in';

/** The id a mutation names, to answer it by: as sent when it is one, else its place in the push (`#<index>`). */
function answerId(value: unknown, index: number): string {
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id !== '' && id.length <= ID_MAX_LENGTH && isSafeText(id) ? id : `#${index}`;
}

/** Where a mutation is wrong, as one field path, and why in one word. */
const invalidReason = (problem: MutationProblem): InvalidOutcome['reason'] =>
  problem.kind === 'malformed'
    ? { kind: 'invalid', at: problem.at, ...(problem.problem ? { problem: problem.problem } : {}) }
    : { kind: 'invalid', at: `changes.${problem.problems[0]?.field ?? 'fields'}` };

/** bigint comes back as a string from `pg` and as a number or bigint from PGlite. */
const num = (v: unknown): number => Number(v ?? 0);

interface PartyRow {
  party_id: string;
  party: Party;
  last_change: ChangeRef | null;
  version: unknown;
}

const toRow = (r: PartyRow): SyncRow => ({ party: r.party, lastChange: r.last_change, version: num(r.version) });

/** A tablet's label never changes once paired: each is read once (per venue and id), then known. */
function labelBook() {
  const known = new Map<string, string>();
  return async (q: Queryable, venueId: string, ids: Iterable<string>): Promise<Record<string, string>> => {
    const tablets: Record<string, string> = {};
    const wanted: string[] = [];
    for (const id of new Set(ids)) {
      if (id === GUEST_PAGE_DEVICE) {
        tablets[id] = GUEST_PAGE_LABEL;
        continue;
      }
      const label = known.get(`${venueId}:${id}`);
      if (label === undefined) wanted.push(id);
      else tablets[id] = label;
    }
    if (wanted.length === 0) return tablets;
    const { rows } = await q.query<{ id: string; label: string }>(
      'SELECT id, label FROM devices WHERE venue_id = $1 AND id = ANY($2::text[])',
      [venueId, wanted],
    );
    if (known.size > 10_000) known.clear(); // bounded, whatever ids tablets send
    for (const row of rows) {
      tablets[row.id] = row.label;
      known.set(`${venueId}:${row.id}`, row.label);
    }
    return tablets;
  };
}

/**
 * The mutations through the rules in order, as one run; if the rules throw (a stored party they cannot read,
 * or a bug), one at a time, each that throws refused as invalid: a push that fails whole fails the same at
 * every retry, and the tablet's every later change would wait behind it for good.
 */
function applyEach(
  state: SyncState,
  mutations: readonly Mutation[],
  admit?: Admit,
): { state: SyncState; outcomes: SyncOutcome[] } {
  try {
    return applyServerOrder(state, mutations, admit);
  } catch {
    let current = state;
    const outcomes: SyncOutcome[] = [];
    for (const m of mutations) {
      try {
        const one = applyServerOrder(current, [m], admit);
        current = one.state;
        outcomes.push(one.outcomes[0]!);
      } catch {
        current = { ...current, seen: { ...current.seen, [m.id]: true } };
        outcomes.push({ id: m.id, outcome: 'rejected', reason: { kind: 'invalid', at: 'party' } });
      }
    }
    return { state: current, outcomes };
  }
}

const ON_BOARD = `party->>'status' IN ('waiting', 'notified')`;
const ROW_COLUMNS = 'party_id, party, last_change, version';
/** A row's size as it goes out: its party and last change, as JSON text. */
const ROW_BYTES = 'octet_length(party::text) + coalesce(octet_length(last_change::text), 0)';

/** The spaces PostgreSQL's jsonb text puts after each `:` and between items, which JSON.stringify leaves out. */
function jsonbSpaces(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  const items = Array.isArray(value) ? value : Object.values(value).filter((v) => v !== undefined);
  const own = items.length === 0 ? 0 : Array.isArray(value) ? items.length - 1 : 2 * items.length - 1;
  return items.reduce((sum: number, item) => sum + jsonbSpaces(item), own);
}

/** A party's bytes on the board (none off it), as the bound counts them: as stored (`party::text`), whether stored yet or not. */
const boardBytes = (p: Party | undefined): number =>
  p && isActive(p.status) ? Buffer.byteLength(JSON.stringify(p)) + jsonbSpaces(p) : 0;

/** Mutations that can put a party on the board: only a push holding one counts the board. */
const mayJoin = (m: Mutation): boolean =>
  m.kind === 'add' || m.kind === 'undo' || (m.kind === 'act' && m.action === 'recall');

/**
 * The bounds' check of one push, over the board as stored (`parties`, `bytes`: without the parties the
 * push touches, which `touched` holds as they are): a change that would put a party on a full board is
 * refused; changes to parties already there always apply.
 */
function boardAdmit(bounds: BoardBounds, stored: { parties: number; bytes: number }, touched: Iterable<Party>): Admit {
  let parties = stored.parties;
  let bytes = stored.bytes;
  for (const p of touched) {
    if (isActive(p.status)) parties += 1;
    bytes += boardBytes(p);
  }
  return (before, after) => {
    const joins = !(before && isActive(before.status)) && isActive(after.status);
    const grown = boardBytes(after) - boardBytes(before);
    if (joins && parties + 1 > bounds.maxParties)
      return { kind: 'board_full', bound: 'parties', max: bounds.maxParties };
    if (joins && bytes + grown > bounds.maxBytes) return { kind: 'board_full', bound: 'bytes', max: bounds.maxBytes };
    if (joins) parties += 1;
    else if (before && isActive(before.status) && !isActive(after.status)) parties -= 1;
    bytes += grown;
    return null;
  };
}

/**
 * The venue's row lock, in `tx`: this venue's pushes go one at a time from here to COMMIT. One statement:
 * the row is made if missing, and locked either way; it waits for a push holding it. The venue's version.
 */
export async function lockVenue(tx: Queryable, venueId: string): Promise<number> {
  const locked = await tx.query<{ version: unknown }>(
    `INSERT INTO sync_venues (venue_id) VALUES ($1)
     ON CONFLICT (venue_id) DO UPDATE SET version = sync_venues.version
     RETURNING version`,
    [venueId],
  );
  return num(locked.rows[0]?.version);
}

/**
 * The venues' parties as the server decides them: pushes apply each venue's mutations in the order
 * they reach it, through the tablets' own rules (src/core/sync/merge.ts), under a per-venue version
 * that readers see without gaps; pages of changes since a version; the sweep of old rows.
 */
export function serverSyncStore(db: Database, { now = Date.now }: { now?: () => number } = {}) {
  const labels = labelBook();

  /**
   * A push the database refused for its data (SQLSTATE class 22 or 23: a value it cannot store): each
   * mutation again on its own, so only the one it refuses is refused, in words, and the others land.
   */
  async function oneByOne(
    venueId: string,
    deviceId: string,
    values: readonly unknown[],
    bounds: BoardBounds,
  ): Promise<PushResult> {
    const answer: PushResult = { version: 0, outcomes: [], tablets: {} };
    for (const [index, value] of values.entries()) {
      try {
        const one = await pushWhole(venueId, deviceId, [value], bounds);
        answer.version = one.version;
        answer.outcomes.push(one.outcomes[0]!);
        Object.assign(answer.tablets, one.tablets);
      } catch (error) {
        if (!isDataError(error)) throw error;
        answer.outcomes.push({
          id: answerId(value, index),
          outcome: 'rejected',
          reason: { kind: 'invalid', at: 'mutation', problem: 'not_allowed' },
        });
        answer.version = Math.max(answer.version, await store.version(venueId));
      }
    }
    return answer;
  }

  /**
   * One push's mutations in `tx`: the venue's lock, then (`check` may refuse, writing nothing) the
   * merge, the board's bounds, the new version, the rows and mutation ids, and the NOTIFY sent at COMMIT.
   * Fills `outcomes` at each mutation's index; the venue's version after.
   */
  async function commit<R>(
    tx: Queryable,
    venueId: string,
    deviceId: string,
    valid: { index: number; mutation: Mutation }[],
    outcomes: SyncOutcome[],
    bounds: BoardBounds,
    check?: (tx: Queryable) => Promise<R | null>,
  ): Promise<number | { refused: R }> {
    let version = await lockVenue(tx, venueId);
    const refused = await check?.(tx);
    if (refused !== undefined && refused !== null) return { refused };
    if (valid.length === 0) return version;

    const ids = [...new Set(valid.map((v) => v.mutation.id))];
    const storedRows = await tx.query<{ id: string; outcome: SyncOutcome }>(
      'SELECT id, outcome FROM sync_mutations WHERE venue_id = $1 AND id = ANY($2::text[])',
      [venueId, ids],
    );
    const stored = new Map(storedRows.rows.map((r) => [r.id, r.outcome]));
    const fresh = valid.filter((v) => !stored.has(v.mutation.id));
    for (const v of valid) {
      const outcome = stored.get(v.mutation.id);
      if (outcome) outcomes[v.index] = outcome;
    }
    if (fresh.length === 0) return version;

    const partyIds = [...new Set(fresh.map((v) => v.mutation.partyId))];
    const partyRows = await tx.query<PartyRow>(
      `SELECT ${ROW_COLUMNS} FROM sync_parties WHERE venue_id = $1 AND party_id = ANY($2::text[])`,
      [venueId, partyIds],
    );
    const parties: Record<string, Party> = {};
    const lastChange: Record<string, ChangeRef> = {};
    for (const row of partyRows.rows) {
      parties[row.party_id] = row.party;
      if (row.last_change) lastChange[row.party_id] = row.last_change;
    }
    const before: SyncState = { parties, seen: {}, lastChange };
    let admit: Admit | undefined;
    if (fresh.some((v) => mayJoin(v.mutation))) {
      // Counted under the venue's lock: two tablets' pushes cannot both take the board's last place.
      const board = await tx.query<{ n: unknown; bytes: unknown }>(
        `SELECT count(*) AS n, coalesce(sum(octet_length(party::text)), 0) AS bytes FROM sync_parties
          WHERE venue_id = $1 AND ${ON_BOARD} AND NOT (party_id = ANY($2::text[]))`,
        [venueId, partyIds],
      );
      const stored = { parties: num(board.rows[0]?.n), bytes: num(board.rows[0]?.bytes) };
      admit = boardAdmit(bounds, stored, Object.values(parties));
    }
    const merged = applyEach(
      before,
      fresh.map((v) => v.mutation),
      admit,
    );
    const changed = new Set<string>();
    merged.outcomes.forEach((outcome, i) => {
      const { index, mutation } = fresh[i]!;
      outcomes[index] = outcome;
      if (outcome.outcome === 'applied') changed.add(mutation.partyId);
    });

    if (changed.size > 0) {
      const bumped = await tx.query<{ version: unknown }>(
        'UPDATE sync_venues SET version = version + 1 WHERE venue_id = $1 RETURNING version',
        [venueId],
      );
      version = num(bumped.rows[0]?.version);
      const rows = [...changed].map((partyId) => ({
        party_id: partyId,
        party: merged.state.parties[partyId],
        last_change: merged.state.lastChange[partyId] ?? null,
      }));
      await tx.query(
        `INSERT INTO sync_parties (venue_id, party_id, version, party, last_change)
         SELECT $1, r.party_id, $2, r.party, r.last_change
           FROM jsonb_to_recordset($3::jsonb) AS r (party_id text, party jsonb, last_change jsonb)
         ON CONFLICT (venue_id, party_id)
         DO UPDATE SET version = excluded.version, party = excluded.party, last_change = excluded.last_change`,
        [venueId, version, JSON.stringify(rows)],
      );
    }
    // The first outcome of each id is the one kept (a second copy in the same batch is a duplicate of it).
    const firsts = new Map<string, SyncOutcome>();
    merged.outcomes.forEach((outcome) => firsts.has(outcome.id) || firsts.set(outcome.id, outcome));
    const mutationRows = [...firsts].map(([id, outcome]) => ({ id, outcome }));
    await tx.query(
      `INSERT INTO sync_mutations (venue_id, id, version, device_id, outcome, received_at)
       SELECT $1, r.id, $2, $3, r.outcome, $4
         FROM jsonb_to_recordset($5::jsonb) AS r (id text, outcome jsonb)
       ON CONFLICT (venue_id, id) DO NOTHING`,
      [
        venueId,
        version,
        deviceId === GUEST_PAGE_DEVICE ? null : deviceId,
        new Date(now()),
        JSON.stringify(mutationRows),
      ],
    );
    // Delivered by PostgreSQL at COMMIT, to every server copy; never if this rolls back.
    if (changed.size > 0) await tx.query('SELECT pg_notify($1, $2)', [SYNC_CHANNEL, `${venueId}:${version}`]);
    return version;
  }

  /** A push's answer: its version, its outcomes, the labels of the tablets its rejections name. */
  async function answer(venueId: string, version: number, outcomes: SyncOutcome[]): Promise<PushResult> {
    const named = outcomes.flatMap((o) =>
      o.outcome === 'rejected' && 'tablet' in o.reason && o.reason.tablet ? [o.reason.tablet] : [],
    );
    return { version, outcomes, tablets: await labels(db, venueId, named) };
  }

  const store = {
    /**
     * Takes in one push of a tablet (`values`: the mutations as parsed from JSON), in one transaction,
     * and answers only once it is committed. Each mutation speaks for `deviceId` whatever it says;
     * one that cannot be read is rejected as `invalid` and the others go on. A mutation id already
     * taken in gets the outcome it got then, and changes nothing. A change that would put a party on a
     * board already at `bounds` is rejected as `board_full`, counted under the venue's lock.
     */
    async push(
      venueId: string,
      deviceId: string,
      values: readonly unknown[],
      bounds: BoardBounds = BOARD_LIMITS,
    ): Promise<PushResult> {
      const outcomes: SyncOutcome[] = [];
      const valid: { index: number; mutation: Mutation }[] = [];
      values.forEach((value, index) => {
        const id = answerId(value, index);
        const sent = typeof value === 'object' && value !== null && !Array.isArray(value);
        const read = readMutation(sent ? { ...value, tablet: deviceId } : value);
        if (read.ok) valid.push({ index, mutation: read.value });
        else outcomes[index] = { id, outcome: 'rejected', reason: invalidReason(read.error) };
      });

      // No tablet speaks for the guest page: its changes are the server's own (`own`).
      if (deviceId === GUEST_PAGE_DEVICE) throw new Error('a tablet cannot push as the guest page');
      const version = await db.transaction(async (tx) => {
        const done = await commit(tx, venueId, deviceId, valid, outcomes, bounds);
        return typeof done === 'number' ? done : 0; // no `before`: never refused
      });
      return answer(venueId, version, outcomes);
    },

    /**
     * The venue server's own changes (a guest's check-in, cancel, "on my way"), made as GUEST_PAGE_DEVICE
     * through the very path of a tablet's push, in one transaction: `before` runs under the venue's lock
     * and may refuse (nothing is written), `after` stores what goes with them (a ticket) before COMMIT.
     * `mutations` may be decided under the venue's lock (an erasure: the parties that still match).
     */
    async own<R>(
      venueId: string,
      mutations: readonly Mutation[] | ((tx: Queryable) => Promise<readonly Mutation[]>),
      bounds: BoardBounds,
      hooks: {
        before?: (tx: Queryable) => Promise<R | null>;
        after?: (tx: Queryable, outcomes: SyncOutcome[]) => Promise<void>;
      } = {},
    ): Promise<PushResult | { refused: R }> {
      const outcomes: SyncOutcome[] = [];
      const done = await db.transaction(async (tx) => {
        if (typeof mutations === 'function') await lockVenue(tx, venueId);
        const decided = typeof mutations === 'function' ? await mutations(tx) : mutations;
        const valid = decided.map((m, index) => ({ index, mutation: { ...m, tablet: GUEST_PAGE_DEVICE } }));
        const version = await commit(tx, venueId, GUEST_PAGE_DEVICE, valid, outcomes, bounds, hooks.before);
        if (typeof version === 'number') await hooks.after?.(tx, outcomes);
        return version;
      });
      if (typeof done !== 'number') return done;
      return answer(venueId, done, outcomes);
    },

    /**
     * The venue's parties changed since `since`, in version order, at most `limit` rows and `pageBytes`
     * of them (as JSON), never ending in the middle of a version (a version larger than a page alone
     * comes whole: a push's, so at most its 500 parties). `scope: 'board'`: the parties on the board
     * changed since `since`, paged the same way (from 0, the whole board). One snapshot.
     */
    async changes(
      venueId: string,
      since: number,
      {
        limit = CHANGES_LIMIT.default,
        scope = 'all',
        pageBytes = BOARD_LIMITS.pageBytes,
      }: { limit?: number; scope?: 'all' | 'board'; pageBytes?: number } = {},
    ): Promise<ChangesPage> {
      return db.transaction(async (tx) => {
        // One snapshot for every statement below: the rows and the version agree.
        await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
        const current = num(
          (
            await tx.query<{ version: unknown }>(
              'SELECT coalesce((SELECT version FROM sync_venues WHERE venue_id = $1), 0) AS version',
              [venueId],
            )
          ).rows[0]?.version,
        );
        const board = scope === 'board';
        const after = board ? `version > $2 AND ${ON_BOARD}` : 'version > $2';
        const page = async (parties: SyncRow[], version: number, remaining: number): Promise<ChangesPage> => ({
          version: remaining > 0 ? version : current,
          current,
          parties,
          more: remaining > 0,
          remaining,
          tablets: await labels(
            tx,
            venueId,
            parties.flatMap((r) => [
              ...(r.lastChange ? [r.lastChange.tablet] : []),
              // A row the guest page made or changed names it, so every tablet can say "Online check-in".
              ...(r.party.joinedVia === 'online' || r.party.finishReason === 'guest_cancelled'
                ? [GUEST_PAGE_DEVICE]
                : []),
            ]),
          ),
        });
        const count = async (where: string, params: unknown[]) =>
          num(
            (
              await tx.query<{ n: unknown }>(
                `SELECT count(*) AS n FROM sync_parties WHERE venue_id = $1 AND ${where}`,
                [venueId, ...params],
              )
            ).rows[0]?.n,
          );

        // The next limit + 1 rows, sized by the database: only those within pageBytes come out (and the
        // one that crosses it, and a second row, to tell where the page ends), never the rest.
        const { rows } = await tx.query<PartyRow & { fits: boolean }>(
          `SELECT ${ROW_COLUMNS}, upto <= $4 AS fits FROM (
             SELECT ${ROW_COLUMNS}, bytes, sum(bytes) OVER w AS upto, row_number() OVER w AS n
               FROM (SELECT ${ROW_COLUMNS}, ${ROW_BYTES} AS bytes FROM sync_parties
                      WHERE venue_id = $1 AND ${after} ORDER BY version, party_id LIMIT $3) AS head
             WINDOW w AS (ORDER BY version, party_id)
           ) AS sized
           WHERE upto - bytes <= $4 OR n <= 2
           ORDER BY version, party_id`,
          [venueId, since, limit + 1, pageBytes],
        );
        const found = rows.map(toRow);
        const fitting = Math.min(limit, Math.max(1, rows.filter((r) => r.fits).length));
        if (found.length <= fitting) {
          if (!board) return page(found, current, 0);
          // The last page of the board: what is left is the parties off it, for a progress bar.
          const off = (await count('true', [])) - (await count(ON_BOARD, []));
          return { ...(await page(found, current, 0)), remaining: off };
        }
        const last = found[fitting - 1]!.version;
        let taken: SyncRow[];
        if (found[fitting]!.version > last) taken = found.slice(0, fitting);
        else if (found[0]!.version < last) taken = found.filter((r) => r.version < last);
        else {
          // One version larger than a page: it comes whole.
          const whole = await tx.query<PartyRow>(
            `SELECT ${ROW_COLUMNS} FROM sync_parties WHERE venue_id = $1 AND version = $2 ${board ? `AND ${ON_BOARD}` : ''}
              ORDER BY party_id`,
            [venueId, last],
          );
          taken = whole.rows.map(toRow);
        }
        const upTo = taken.at(-1)!.version;
        return page(taken, upTo, await count(after, [upTo]));
      });
    },

    /** The venue's current version (0 before its first change). */
    async version(venueId: string): Promise<number> {
      const { rows } = await db.query<{ version: unknown }>('SELECT version FROM sync_venues WHERE venue_id = $1', [
        venueId,
      ]);
      return num(rows[0]?.version);
    },

    /**
     * Forgets mutation ids older than KEEP_SYNC_MS; how many went. Finished parties stay for the report:
     * each venue's retention (sweepRetention) erases their guests' details, then deletes them.
     */
    async sweep(): Promise<number> {
      const before = now() - KEEP_SYNC_MS;
      const mutations = await db.query('DELETE FROM sync_mutations WHERE received_at < $1', [new Date(before)]);
      return mutations.rowCount;
    },
  };
  const pushWhole = store.push;
  store.push = async (venueId, deviceId, values, bounds = BOARD_LIMITS) => {
    try {
      return await pushWhole(venueId, deviceId, values, bounds);
    } catch (error) {
      if (isDataError(error)) return oneByOne(venueId, deviceId, values, bounds);
      throw error;
    }
  };
  return store;
}

/** The sync store of one database. */
export type ServerSyncStore = ReturnType<typeof serverSyncStore>;

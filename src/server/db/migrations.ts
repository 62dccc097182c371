import type { Database } from './database.ts';

/** One step of the schema: plain SQL, applied once, in its own transaction, in version order. Never edit a released one. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'venues, devices, idempotency keys',
    sql: `
      CREATE TABLE venues (
        id text PRIMARY KEY,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        created_at timestamptz NOT NULL DEFAULT now()
      );

      -- A tablet's token is stored only as a hash; a revoked device keeps its row (and its keys' history).
      CREATE TABLE devices (
        id text PRIMARY KEY,
        venue_id text NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        label text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      );
      CREATE INDEX devices_venue_id ON devices (venue_id);

      -- One row per Idempotency-Key of a venue: reserved before Pushed is called, then its answer
      -- ('done') or 'unknown' for good. Keys are scoped per venue, so venue A cannot block venue B.
      CREATE TABLE idempotency_keys (
        venue_id text NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
        key text NOT NULL,
        device_id text REFERENCES devices (id) ON DELETE SET NULL,
        request_hash text NOT NULL,
        state text NOT NULL CHECK (state IN ('reserved', 'done', 'unknown')),
        status integer,
        body text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (venue_id, key),
        CHECK ((state = 'done') = (status IS NOT NULL AND body IS NOT NULL))
      );
      -- The sweep deletes by age.
      CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
    `,
  },
  {
    version: 2,
    name: 'venue Pushed settings, device activity, pairing codes, server facts',
    sql: `
      -- The venue's Pushed app: the secret only encrypted (AES-256-GCM, a key from the environment).
      ALTER TABLE venues
        ADD COLUMN app_key text NOT NULL DEFAULT '',
        ADD COLUMN app_secret_sealed text,
        ADD COLUMN channel_alias text NOT NULL DEFAULT '',
        ADD COLUMN subscription_link text NOT NULL DEFAULT '',
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

      ALTER TABLE devices ADD COLUMN last_seen_at timestamptz;

      -- A one-time code pairs one tablet with a venue: stored only as a hash, valid until expires_at, used once.
      CREATE TABLE pairing_codes (
        code_hash text PRIMARY KEY,
        venue_id text NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
        created_by text REFERENCES devices (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        used_by text REFERENCES devices (id) ON DELETE SET NULL
      );
      CREATE INDEX pairing_codes_expires_at ON pairing_codes (expires_at);

      -- Facts about this server's data, such as "the old relay's files were imported".
      CREATE TABLE server_facts (
        name text PRIMARY KEY,
        value text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    version: 3,
    name: 'sync: venue versions, parties, mutations',
    sql: `
      -- Each venue's version. A push takes this row's lock first, so a venue's pushes commit one after
      -- another and version N+1 is never visible before N (a sequence would hand out numbers in one
      -- order and commit them in another: a reader could skip a row). Other venues never wait.
      CREATE TABLE sync_venues (
        venue_id text PRIMARY KEY REFERENCES venues (id) ON DELETE CASCADE,
        version bigint NOT NULL DEFAULT 0
      );

      -- The server's copy of every party of a venue (board and history), as the merge left it.
      -- version: the venue's version that last changed the row.
      CREATE TABLE sync_parties (
        venue_id text NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
        party_id text NOT NULL,
        version bigint NOT NULL,
        party jsonb NOT NULL,
        last_change jsonb,
        PRIMARY KEY (venue_id, party_id)
      );
      CREATE INDEX sync_parties_version ON sync_parties (venue_id, version);

      -- Every mutation id taken in, with the outcome it got: a retry gets that outcome again.
      CREATE TABLE sync_mutations (
        venue_id text NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
        id text NOT NULL,
        version bigint NOT NULL,
        device_id text REFERENCES devices (id) ON DELETE SET NULL,
        outcome jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (venue_id, id)
      );
      -- The sweep deletes by age.
      CREATE INDEX sync_mutations_received_at ON sync_mutations (received_at);
    `,
  },
  // Only its own new table: runs after the sync tables, depends on none of them.
  {
    version: 4,
    name: 'venue shared settings',
    sql: `
      -- The settings every tablet of a venue shares (templates, call rules, quotes…; the name, channel
      -- and link stay on the venue's row) and the staff PIN's hash, never the PIN. \`revision\` goes up
      -- by one at each change: a tablet writes only over the revision it last read.
      CREATE TABLE venue_settings (
        venue_id text PRIMARY KEY REFERENCES venues (id) ON DELETE CASCADE,
        settings jsonb NOT NULL,
        pin_hash jsonb,
        revision bigint NOT NULL CHECK (revision > 0),
        updated_at timestamptz NOT NULL,
        updated_by text REFERENCES devices (id) ON DELETE SET NULL
      );
    `,
  },
  // Only its own new table.
  {
    version: 5,
    name: 'failed-attempt budgets shared by every server copy',
    sql: `
      -- A token bucket per client address (IPv6 by its /64) for wrong tokens and pairing codes: in the
      -- database, so that two server copies give a guesser one budget, not two. Times in epoch ms.
      CREATE TABLE attempt_budgets (
        bucket text PRIMARY KEY,
        tokens double precision NOT NULL,
        at_ms double precision NOT NULL,
        refused boolean NOT NULL DEFAULT false
      );
      -- The sweep deletes the buckets that have long been full again.
      CREATE INDEX attempt_budgets_at_ms ON attempt_budgets (at_ms);
    `,
  },
  // Only an index of the sync table: depends on nothing added after it.
  {
    version: 6,
    name: 'sync: the parties on each board',
    sql: `
      -- A venue's board (parties waiting or called), in version order: a push counts it against the
      -- board's bounds, and a new tablet pages it, without reading the venue's finished parties.
      CREATE INDEX sync_parties_board ON sync_parties (venue_id, version, party_id)
        WHERE party->>'status' IN ('waiting', 'notified');
    `,
  },
  {
    version: 7,
    name: "owner actions: the staff PIN's wrong tries, who paired and disconnected each tablet",
    sql: `
      -- Wrong staff PINs sent with owner actions, per venue, shared by every server copy: the tablet's
      -- own rules (a few tries, then a lock that doubles). A try is counted before the PIN is hashed.
      CREATE TABLE venue_pin_tries (
        venue_id text PRIMARY KEY REFERENCES venues (id) ON DELETE CASCADE,
        failures integer NOT NULL DEFAULT 0,
        lockouts integer NOT NULL DEFAULT 0,
        locked_until timestamptz
      );

      -- paired_by: the tablet whose pairing code paired this one (null: the command line). revoked_by:
      -- the tablet that disconnected it (null: the command line). owner_action: its last owner action.
      ALTER TABLE devices
        ADD COLUMN paired_by text REFERENCES devices (id) ON DELETE SET NULL,
        ADD COLUMN revoked_by text REFERENCES devices (id) ON DELETE SET NULL,
        ADD COLUMN owner_action text,
        ADD COLUMN owner_action_at timestamptz;
      CREATE INDEX devices_paired_by ON devices (paired_by);
    `,
  },
  {
    version: 8,
    name: "the guest side: each venue's check-in code, guests' status tickets",
    sql: `
      -- A venue's public code, in its check-in address (/v/K7QM2P): 6 symbols without 0/O/1/I/L, random,
      -- never its id. Made by the database for every venue, the ones already there included.
      CREATE FUNCTION waitbell_venue_code() RETURNS text LANGUAGE plpgsql VOLATILE AS $$
      DECLARE c text;
      BEGIN
        LOOP
          c := (SELECT string_agg(substr('23456789ABCDEFGHJKMNPQRSTUVWXYZ', 1 + floor(random() * 31)::int, 1), '')
                  FROM generate_series(1, 6));
          EXIT WHEN NOT EXISTS (SELECT 1 FROM venues WHERE code = c);
        END LOOP;
        RETURN c;
      END $$;
      ALTER TABLE venues ADD COLUMN code text;
      -- One statement per venue: each sees the codes given before it.
      DO $$ DECLARE r record; BEGIN
        FOR r IN SELECT id FROM venues LOOP
          UPDATE venues SET code = waitbell_venue_code() WHERE id = r.id;
        END LOOP;
      END $$;
      ALTER TABLE venues ALTER COLUMN code SET DEFAULT waitbell_venue_code(), ALTER COLUMN code SET NOT NULL;
      CREATE UNIQUE INDEX venues_code ON venues (code);

      -- A guest's status page: its token only as a SHA-256 hash, the party it follows. Swept with the party.
      CREATE TABLE guest_tickets (
        token_hash text PRIMARY KEY,
        venue_id text NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
        party_id text NOT NULL,
        created_at timestamptz NOT NULL
      );
      CREATE INDEX guest_tickets_party ON guest_tickets (venue_id, party_id);
      CREATE INDEX guest_tickets_created_at ON guest_tickets (created_at);
    `,
  },
  {
    version: 9,
    name: "guests' Pushed permissions (OAuth states and access tokens)",
    sql: `
      -- A guest's trip to Pushed and back: the state only as a SHA-256 hash, used once, within 10 minutes.
      CREATE TABLE pushed_oauth_states (
        state_hash text PRIMARY KEY,
        venue_id text NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
        party_id text NOT NULL,
        created_at timestamptz NOT NULL,
        used_at timestamptz
      );
      CREATE INDEX pushed_oauth_states_party ON pushed_oauth_states (venue_id, party_id, created_at);
      CREATE INDEX pushed_oauth_states_created_at ON pushed_oauth_states (created_at);

      -- A guest's Pushed access token, sealed (AES-GCM, bound to venue and party), with the app key it was issued for.
      CREATE TABLE pushed_tokens (
        venue_id text NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
        party_id text NOT NULL,
        token_sealed text NOT NULL,
        app_key text NOT NULL,
        subscribed boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (venue_id, party_id)
      );
    `,
  },
  {
    version: 10,
    name: "the app key a guest's Pushed trip was started for",
    sql: `
      -- Pushed issues the code for the app the authorise link named: a token of an earlier app key never counts.
      ALTER TABLE pushed_oauth_states ADD COLUMN app_key text;
    `,
  },
  // Only an index of the sync table: depends on nothing added after it.
  {
    version: 11,
    name: "the owner's report: parties by when they joined",
    sql: `
      -- The report reads a venue's parties of a night, a week or a month (and the period before) by
      -- when they joined, out of a year of history. float8: a moment on the wire may have a fraction.
      CREATE INDEX sync_parties_joined ON sync_parties (venue_id, ((party->>'joinedAt')::float8));
    `,
  },
  {
    version: 12,
    name: "guests' data: erasures, and the retention sweep's index",
    sql: `
      -- That an owner erased a guest's details: when, searched by which field, how many parties, from which
      -- tablet. Never the value searched for, never a name. Kept as long as the venue's anonymous history.
      CREATE TABLE erasures (
        venue_id text NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
        id text NOT NULL,
        at timestamptz NOT NULL,
        field text NOT NULL CHECK (field IN ('name', 'pushedId', 'phone', 'email')),
        parties integer NOT NULL CHECK (parties >= 0),
        device_id text REFERENCES devices (id) ON DELETE SET NULL,
        PRIMARY KEY (venue_id, id)
      );
      CREATE INDEX erasures_at ON erasures (venue_id, at);

      -- The retention sweep finds a venue's finished parties still holding guests' details, oldest first,
      -- a page at a time (the anonymous history it deletes by sync_parties_joined).
      CREATE INDEX sync_parties_personal ON sync_parties (venue_id, ((party->>'finishedAt')::float8))
        WHERE party->>'finishedAt' IS NOT NULL AND party->>'erasedAt' IS NULL;
    `,
  },
];

/** Any number, the same for every copy of the server: starters wait for each other on it. */
const MIGRATION_LOCK = 0x57_61_69_74; // "Wait"

/**
 * Brings the schema up to date at start-up; returns the versions it applied (none if it was).
 * Each migration runs in its own transaction under an advisory lock, so server copies starting
 * together apply each one exactly once. Refuses a database already migrated by a newer server.
 */
export async function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const applied: number[] = [];
  for (const migration of migrations) {
    const ran = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await tx.exec(`
        CREATE TABLE IF NOT EXISTS schema_migrations (
          version integer PRIMARY KEY,
          name text NOT NULL,
          applied_at timestamptz NOT NULL DEFAULT now()
        )`);
      const known = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
      if (known.rows.length > 0) return false;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      return true;
    });
    if (ran) applied.push(migration.version);
  }
  const latest = migrations.at(-1)?.version ?? 0;
  const { rows } = await db.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
  const found = rows[0]?.version ?? 0;
  if (found > latest) {
    throw new Error(
      `The database is at schema version ${found}, newer than this server (${latest}): run the newer server, or restore a backup.`,
    );
  }
  return applied;
}

import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { oldNamesIn, serverConfigFromEnv } from '../../../src/server/setup/server-config.ts';

const env = { WAITBELL_SECRET_KEY: randomBytes(32).toString('base64') };

describe('settings from the environment', () => {
  test('an upgraded server keeps its settings under the relay’s old names, and the new names win', () => {
    const old = serverConfigFromEnv({
      ...env,
      RELAY_PORT: '9101',
      RELAY_DATA_DIR: '/srv/waitbell',
      RELAY_ALLOWED_ORIGINS: 'https://host.example',
      PUSHED_UPSTREAM: 'https://pushed.example/1',
    });
    expect(old).toMatchObject({
      port: 9101,
      database: { dataDir: '/srv/waitbell' },
      allowedOrigins: ['https://host.example'],
      upstream: 'https://pushed.example/1',
    });
    const both = serverConfigFromEnv({ ...env, RELAY_PORT: '9101', WAITBELL_PORT: '9202' });
    expect(both.port).toBe(9202);
  });

  test('source maps are served only when WAITBELL_SERVE_SOURCE_MAPS says on; anything else but on or off is refused in words', () => {
    expect(serverConfigFromEnv(env).serveSourceMaps).toBe(false);
    expect(serverConfigFromEnv({ ...env, WAITBELL_SERVE_SOURCE_MAPS: 'on' }).serveSourceMaps).toBe(true);
    expect(serverConfigFromEnv({ ...env, WAITBELL_SERVE_SOURCE_MAPS: 'off' }).serveSourceMaps).toBe(false);
    expect(() => serverConfigFromEnv({ ...env, WAITBELL_SERVE_SOURCE_MAPS: 'sometimes' })).toThrow(
      'WAITBELL_SERVE_SOURCE_MAPS must be on or off.',
    );
  });

  test('a venue’s board bounds and the sync page size are settings, with defaults, refused in words when not positive', () => {
    expect(serverConfigFromEnv(env).board).toEqual({ maxParties: 500, maxBytes: 1024 * 1024, pageBytes: 256 * 1024 });
    const set = serverConfigFromEnv({
      ...env,
      WAITBELL_BOARD_MAX_PARTIES: '800',
      WAITBELL_BOARD_MAX_BYTES: '2000000',
      WAITBELL_SYNC_PAGE_BYTES: '65536',
    });
    expect(set.board).toEqual({ maxParties: 800, maxBytes: 2_000_000, pageBytes: 65_536 });
    expect(() => serverConfigFromEnv({ ...env, WAITBELL_BOARD_MAX_PARTIES: '0' })).toThrow(
      'WAITBELL_BOARD_MAX_PARTIES must be a positive number.',
    );
  });

  test('the old names in use are listed, each with its new name, and only those still needed (the old relay’s import-only settings have none)', () => {
    expect(
      oldNamesIn({
        RELAY_PORT: '1',
        WAITBELL_DATA_DIR: '/d',
        RELAY_DATA_DIR: '/old',
        PUSHED_UPSTREAM: 'x',
        RELAY_DEVICE_TOKENS: 'imported once, then removed',
        HOME: '/',
      }),
    ).toEqual([
      { old: 'RELAY_PORT', now: 'WAITBELL_PORT' },
      { old: 'PUSHED_UPSTREAM', now: 'WAITBELL_PUSHED_UPSTREAM' },
    ]);
    expect(oldNamesIn({ WAITBELL_PORT: '1', HOME: '/' })).toEqual([]);
  });

  test('the caps on streams and connections: defaults, each by its name, and the streams always leave connections for requests', () => {
    expect(serverConfigFromEnv(env)).toMatchObject({
      maxConnections: 500,
      maxConnectionsPerAddress: 64,
      streamsPerTablet: 4,
      streamsPerVenue: 64,
      maxStreams: 400,
      streamMaxAgeMs: 600_000,
    });
    const set = serverConfigFromEnv({
      ...env,
      WAITBELL_MAX_CONNECTIONS_PER_ADDRESS: '20',
      WAITBELL_STREAMS_PER_TABLET: '2',
      WAITBELL_STREAMS_PER_VENUE: '30',
      WAITBELL_MAX_STREAMS: '150',
      WAITBELL_STREAM_MAX_AGE_MS: '60000',
    });
    expect(set).toMatchObject({
      maxConnectionsPerAddress: 20,
      streamsPerTablet: 2,
      streamsPerVenue: 30,
      maxStreams: 150,
      streamMaxAgeMs: 60_000,
    });
    // Fewer connections, streams unset: 4/5 of them, never all.
    expect(serverConfigFromEnv({ ...env, WAITBELL_MAX_CONNECTIONS: '100' }).maxStreams).toBe(80);
    expect(() => serverConfigFromEnv({ ...env, WAITBELL_MAX_CONNECTIONS: '100', WAITBELL_MAX_STREAMS: '100' })).toThrow(
      /WAITBELL_MAX_STREAMS .* below WAITBELL_MAX_CONNECTIONS \(100\)/,
    );
  });

  test('a PGlite folder is durable unless WAITBELL_DURABLE=off; the disk floor and the stuck limit have defaults and names', () => {
    const defaults = serverConfigFromEnv({ ...env, WAITBELL_DATA_DIR: '/srv/waitbell' });
    expect(defaults).toMatchObject({
      database: { dataDir: '/srv/waitbell', durable: true },
      minFreeMB: 256,
      diskCheckMs: 5_000,
      stuckMs: 30_000,
    });
    const set = serverConfigFromEnv({
      ...env,
      WAITBELL_DURABLE: 'off',
      WAITBELL_MIN_FREE_MB: '1024',
      WAITBELL_STUCK_MS: '60000',
    });
    expect(set).toMatchObject({ database: { durable: false }, minFreeMB: 1024, stuckMs: 60_000 });
    expect(() => serverConfigFromEnv({ ...env, WAITBELL_DURABLE: 'maybe' })).toThrow(
      'WAITBELL_DURABLE must be on or off.',
    );
    expect(() => serverConfigFromEnv({ ...env, WAITBELL_MIN_FREE_MB: '-1' })).toThrow('WAITBELL_MIN_FREE_MB must be');
  });
});

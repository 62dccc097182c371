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

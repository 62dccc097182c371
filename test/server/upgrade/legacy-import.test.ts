import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { tokenId } from '../../../src/server/upgrade/old-device-tokens.ts';
import { keyLogPath } from '../../../src/server/upgrade/old-key-log.ts';
import { requestHash } from '../../../src/server/server-app.ts';
import { serverLogger } from '../../../src/server/log/logger.ts';
import { importOldRelay, type OldRelay } from '../../../src/server/upgrade/legacy-import.ts';
import { secretBox } from '../../../src/server/venue/secret-box.ts';
import { venueStore } from '../../../src/server/venue/venue-store.ts';

import { twoConnections } from '../venue/two-connections.ts';
import { api, PUSH_FIELDS, pushAs, useVenueServer, type VenueServer } from '../venue/venue-client.ts';

const OLD_APP_KEY = 'OldRelayAppKey0001';
const OLD_SECRET = 'OldRelaySecretAbc123';
const BAR = 'old-kiosk-token-0001';
const PLAIN = 'old-kiosk-token-0002';
const HOST = 'old-kiosk-token-0003';
/** A stored Pushed answer of the old relay. */
const STORED = JSON.stringify({ response: { type: 'shipment_successfully_sent', data: { shipment: 'OLD-7' } } });

/** An old relay's data folder: a token file with labels and a key log in the old format. */
async function oldRelayFolder(): Promise<OldRelay> {
  const dataDir = await mkdtemp(join(tmpdir(), 'waitbell-old-relay-'));
  const file = join(dataDir, 'tokens.txt');
  await writeFile(file, `# the kiosks\n${BAR}   Bar stand\n\n${PLAIN}\n${HOST}\thost  stand two\nshort x\n`);
  const hash = requestHash(PUSH_FIELDS);
  const at = Date.now() - 60_000;
  const lines = [
    { key: `${tokenId(BAR)}:done-key-000001`, bodyHash: hash, at, state: 'sending' },
    { key: `${tokenId(BAR)}:done-key-000001`, bodyHash: hash, at, state: 'done', status: 200, body: STORED },
    { key: `${tokenId(PLAIN)}:lost-key-000001`, bodyHash: hash, at, state: 'sending' },
    { key: 'bare-oldest-key-01', bodyHash: hash, at, state: 'done', status: 200, body: STORED },
  ];
  await writeFile(keyLogPath(dataDir), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n{"key":"torn`);
  return { dataDir, appKey: OLD_APP_KEY, appSecret: OLD_SECRET, tokens: { file }, venueName: 'La Vieja' };
}

function logCapture() {
  const lines: string[] = [];
  return { log: serverLogger((line) => lines.push(line)), text: () => lines.join('') };
}

let upstream: VenueServer['upstream'];
let server: VenueServer['server'];

describe('the old relay, imported on the first start', () => {
  useVenueServer((started) => ({ upstream, server } = started));

  test('its tokens authenticate with their labels, its sent keys replay, a key left mid-call is unknown for good', async () => {
    const old = await oldRelayFolder();
    const { log, text } = logCapture();
    const venueId = await importOldRelay(server.store.db, server.store.box, old, log);
    expect(venueId).toMatch(/^ven_/);

    const bar = await api(server.url, '/1/venue', { token: BAR });
    expect(bar.status).toBe(200);
    expect(bar.json.venue).toMatchObject({ id: venueId, name: 'La Vieja', appKey: OLD_APP_KEY, hasAppSecret: true });
    expect(bar.json.device.label).toBe('Bar stand');
    const labels = (await api(server.url, '/1/devices', { token: PLAIN })).json.devices as { label: string }[];
    expect(labels.map((d) => d.label)).toEqual(['Bar stand', 'Tablet 2', 'host stand two']);

    // A retry of a push the old relay sent: its stored answer, and Pushed is not called again.
    const retry = await pushAs(server.url, BAR, 'done-key-000001');
    expect(retry.status).toBe(200);
    expect(retry.text).toBe(STORED);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    // Keys are the venue's now: another old tablet's retry of it replays too.
    expect((await pushAs(server.url, HOST, 'done-key-000001')).text).toBe(STORED);
    expect((await pushAs(server.url, PLAIN, 'bare-oldest-key-01')).text).toBe(STORED);
    // The one the old relay was sending when it stopped: never sent again.
    const lost = await pushAs(server.url, PLAIN, 'lost-key-000001');
    expect([lost.status, lost.json.error.type]).toEqual([409, 'outcome_unknown']);
    expect(upstream.calls).toHaveLength(0);
    // Another body under an old key is refused, not sent.
    expect((await pushAs(server.url, BAR, 'done-key-000001', { content: 'Other' })).status).toBe(422);

    // A new push goes out with the old app key and secret.
    expect((await pushAs(server.url, BAR, 'new-after-import')).status).toBe(200);
    expect(upstream.calls).toEqual([expect.objectContaining({ app_key: OLD_APP_KEY, app_secret: OLD_SECRET })]);

    // The log is renamed, so nothing reads it again; the secret is sealed like any venue's.
    expect(existsSync(keyLogPath(old.dataDir))).toBe(false);
    expect(existsSync(`${keyLogPath(old.dataDir)}.imported`)).toBe(true);
    const { rows } = await server.store.db.query<{ app_secret_sealed: string }>(
      'SELECT app_secret_sealed FROM venues WHERE id = $1',
      [venueId],
    );
    expect(rows[0]!.app_secret_sealed).not.toContain(OLD_SECRET);
    // Its log line counts, never shows: no token, no secret; the wrong line is named by number only.
    for (const secret of [BAR, PLAIN, HOST, OLD_SECRET, 'short']) expect(text()).not.toContain(secret);
    expect(text()).toContain('"msg":"old relay imported"');
  });

  test('a second start imports nothing, and warns that the old settings are now ignored', async () => {
    const old = await oldRelayFolder();
    const first = await importOldRelay(server.store.db, server.store.box, old, logCapture().log);
    const devicesBefore = await server.store.venues.devices(first!);

    const { log, text } = logCapture();
    expect(await importOldRelay(server.store.db, server.store.box, old, log)).toBeNull();
    expect(text()).toContain(
      'already imported, now ignored: PUSHED_APP_KEY/PUSHED_APP_SECRET, RELAY_DEVICE_TOKENS(_FILE)',
    );
    expect(text()).not.toContain(OLD_SECRET);
    expect(await server.store.venues.devices(first!)).toEqual(devicesBefore);
    expect((await server.store.venues.venues()).map((v) => v.name)).toEqual(['Casa Prueba', 'La Vieja']);

    // A key log that came back (a restored backup) is not read either: its keys are not added.
    await writeFile(
      keyLogPath(old.dataDir),
      `${JSON.stringify({ key: 'restored-key-0001', bodyHash: requestHash(PUSH_FIELDS), at: Date.now(), state: 'sending' })}\n`,
    );
    expect(
      await importOldRelay(server.store.db, server.store.box, { ...old, appKey: '', appSecret: '' }, log),
    ).toBeNull();
    expect((await pushAs(server.url, BAR, 'restored-key-0001')).status).toBe(200);

    // With none of the old settings left, a start says nothing.
    const quiet = logCapture();
    expect(
      await importOldRelay(server.store.db, server.store.box, { dataDir: old.dataDir, tokens: {} }, quiet.log),
    ).toBeNull();
    expect(quiet.text()).toBe('');
  });
});

test('two copies starting together on one database import once', async () => {
  const { one, two, close } = await twoConnections();
  try {
    const box = secretBox(randomBytes(32));
    const old = await oldRelayFolder();
    const logs = [logCapture(), logCapture()];
    const results = await Promise.all([
      importOldRelay(one, box, old, logs[0]!.log),
      importOldRelay(two, box, old, logs[1]!.log),
    ]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    const venues = await venueStore(one, box).venues();
    expect(venues.map((v) => v.name)).toEqual(['La Vieja']);
    expect(await venueStore(two, box).devices(venues[0]!.id)).toHaveLength(3);
    const keys = await one.query<{ n: number }>('SELECT count(*)::int AS n FROM idempotency_keys');
    expect(keys.rows[0]!.n).toBe(3);
    expect(existsSync(`${keyLogPath(old.dataDir)}.imported`)).toBe(true);
    // Neither copy tells the operator something went wrong with the log.
    for (const { text } of logs) expect(text()).not.toContain('could not be renamed');
  } finally {
    await close();
  }
}, 60_000);

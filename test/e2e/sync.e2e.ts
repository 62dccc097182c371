import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { SANDBOX_SETTINGS } from '../../src/core/settings.ts';
import { CHROMIUM_ARGS, findChromium } from '../support/chromium.ts';
import { createDatabase, postgresUrl, startPostgres, type PostgresCluster } from '../support/postgres.ts';
import { openSettings } from './browser.ts';
import { startVenueServer } from './venue-server.ts';

const appUrl = inject('appUrl');
const poll = <T>(fn: () => Promise<T>, timeout = 15_000) => expect.poll(fn, { timeout, interval: 100 });

/** The code in the pairing link printed by `venue add` / `venue pair`. */
const codeIn = (output: string) => /\/pair\?code=([0-9A-Z-]+)/.exec(output)?.[1];

type VenueServer = Awaited<ReturnType<typeof startVenueServer>>;

/** The owner's terminal: a venue with the sandbox's Pushed app. */
async function setUpVenue(server: VenueServer): Promise<void> {
  const added = await server.cli(['venue', 'add', 'Casa Prueba']);
  expect(added.code, added.out).toBe(0);
  const set = await server.cli(
    [
      'venue',
      'set',
      'Casa Prueba',
      '--app-key',
      SANDBOX_SETTINGS.appKey,
      '--channel-alias',
      SANDBOX_SETTINGS.channelAlias,
      '--app-secret-stdin',
    ],
    `${SANDBOX_SETTINGS.appSecret}\n`,
  );
  expect(set.code, set.out).toBe(0);
}

export interface Tablet {
  label: string;
  context: BrowserContext;
  page: Page;
}

/** A fresh tablet (its own profile) opening Waitbell from `url` and connecting to the venue with a code typed in. */
async function pairTablet(browser: Browser, server: VenueServer, url: string, label: string): Promise<Tablet> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true });
  context.setDefaultTimeout(8_000);
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole('button', { name: 'Add party' }).waitFor();
  const pair = await server.cli(['venue', 'pair', 'Casa Prueba']);
  const code = codeIn(pair.out);
  expect(code, pair.out).toBeDefined();
  const settings = await openSettings(page);
  const connect = settings.getByRole('button', { name: 'Connect to the venue server' });
  // Settings → Venue server loads when Settings open: wait for it before looking.
  await connect.or(settings.getByLabel('Pairing code')).first().waitFor();
  if (await connect.isVisible()) await connect.click();
  await settings.getByLabel('Pairing code').fill(code!);
  await settings.getByLabel('Name for this tablet (optional)').fill(label);
  await settings.getByRole('button', { name: 'Connect', exact: true }).click();
  await settings.getByRole('status').filter({ hasText: 'Connected:' }).waitFor({ timeout: 15_000 });
  await page.keyboard.press('Escape');
  return { label, context, page };
}

describe.each([
  ['two server copies over one PostgreSQL', 'postgres'],
  ['one server on PGlite', 'pglite'],
] as const)('three tablets of one venue, %s', (_, engine) => {
  let cluster: PostgresCluster | undefined;
  let server: VenueServer;
  let browser: Browser;
  const tablets: Tablet[] = [];

  beforeAll(async () => {
    let databaseUrl: string | undefined;
    if (engine === 'postgres') {
      cluster = await startPostgres();
      databaseUrl = await createDatabase(cluster.config);
    }
    [server, browser] = await Promise.all([
      startVenueServer(inject('appDir'), appUrl, databaseUrl ? { databaseUrl, copies: 2 } : {}),
      chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS, headless: true }),
    ]);
    await setUpVenue(server);
    // The door and the bar on one server copy, the host stand on the other (when there are two).
    const labels = ['Host stand', 'Door', 'Bar'];
    for (const [i, label] of labels.entries())
      tablets.push(await pairTablet(browser, server, server.urls[i % server.urls.length]!, label));
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await cluster?.stop();
  });

  test('each tablet is connected, and the owner sees all three', async () => {
    const devices = await server.cli(['device', 'list', 'Casa Prueba']);
    for (const { label } of tablets) expect(devices.out).toContain(label);
    void postgresUrl;
  });
});

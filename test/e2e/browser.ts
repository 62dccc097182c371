import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright';
import { afterAll, afterEach, beforeAll, beforeEach, expect, inject } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from '../support/chromium.ts';

/**
 * This worker's own server of the production build: files run side by side, and the Pushed sandbox
 * and demo venue behind this address serve one file at a time.
 */
export function servedAppUrl(): string {
  const urls = inject('appUrls');
  const worker = Number(process.env.VITEST_POOL_ID ?? '1');
  const url = urls[worker - 1];
  if (!url) throw new Error(`No app served for worker ${worker}: the global setup served ${urls.length}.`);
  return url;
}

/**
 * The end-to-end fixture: one Chromium per file, a fresh profile (so an empty IndexedDB) per test.
 * `offline`: the app's service worker installs, for the files that test working without a network;
 * elsewhere it is blocked, which spares each test's page the download of the whole app into its cache
 * (a tenth of the run's CPU) and changes nothing else a host would see online.
 */
export function useBrowser({ offline = false }: { offline?: boolean } = {}) {
  const appUrl = servedAppUrl();
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    pageErrors = [];
    context = await browser!.newContext({
      viewport: { width: 1024, height: 768 },
      hasTouch: true,
      serviceWorkers: offline ? 'allow' : 'block',
    }); // beforeAll launched it
    context.setDefaultTimeout(5_000); // a missing element fails fast, with the locator in the message
  });
  afterEach(async () => {
    await context?.close();
    expect(pageErrors, 'uncaught errors in the page').toEqual([]);
  });

  const fixture = {
    appUrl,
    get context(): BrowserContext {
      if (!context) throw new Error('No browser context outside a test.');
      return context;
    },
    /** Opens the app in a new tab and waits for the board to be read. */
    async open(path = '/'): Promise<Page> {
      const page = await fixture.context.newPage();
      page.on('pageerror', (error) => pageErrors.push(String(error)));
      await page.goto(new URL(path, appUrl).href);
      await page.getByRole('button', { name: 'Add party' }).waitFor();
      await page.locator('.board, .board-empty:not(:has-text("Opening"))').first().waitFor();
      return page;
    },
  };
  return fixture;
}

/**
 * How many notifications the tablet on `page` still has waiting or being sent, read from its own storage.
 * Zero means nothing more can go by itself: what the guest has now is all they get, so a test can say
 * "never twice" without waiting an arbitrary while for a duplicate that cannot come.
 */
export const waitingToGo = (page: Page): Promise<number> =>
  page.evaluate(
    (name) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const count = open.result.transaction('outbox').objectStore('outbox').count();
          count.onsuccess = () => {
            open.result.close();
            resolve(count.result);
          };
          count.onerror = () => reject(count.error);
        };
      }),
    ((db) => (db ? `waitbell-${db.toLowerCase()}` : 'waitbell'))(new URL(page.url()).searchParams.get('db')),
  );

/** What the host types into Add party; anything left out stays as the form's default. */
export interface PartyFields {
  name?: string;
  size?: number | string;
  quote?: number | string;
  note?: string;
  pushedId?: string;
}

/** Fills Add party and submits it, as a host would. Leaves the sheet open if something was refused. */
export async function addParty(page: Page, fields: PartyFields): Promise<void> {
  await page.getByRole('button', { name: 'Add party' }).click();
  const sheet = page.getByRole('dialog', { name: 'Add party' });
  if (fields.name !== undefined) await sheet.getByLabel('Name').fill(fields.name);
  if (fields.size !== undefined) await sheet.getByRole('textbox', { name: 'Party size' }).fill(String(fields.size));
  if (fields.quote !== undefined)
    await sheet.getByRole('textbox', { name: 'Quoted wait (minutes)' }).fill(String(fields.quote));
  if (fields.note !== undefined) await sheet.getByLabel('Note').fill(fields.note);
  if (fields.pushedId !== undefined) await sheet.getByLabel('PushedID', { exact: true }).fill(fields.pushedId);
  await sheet.getByRole('button', { name: 'Add to waitlist' }).click();
}

/** The board's rows, as the host reads them. */
export const rows = (page: Page) => page.getByRole('list', { name: 'Waitlist' }).getByRole('listitem');

/**
 * Where a party's latest message is, as its row says it (words only: the icon is a picture), without
 * the kind's name when it is `kind` ("Table ready · Sent 8:42 PM" → "Sent 8:42 PM"); the whole line
 * when the latest message is of another kind.
 */
export const deliveryOf = async (page: Page, name: string, kind = 'Table ready') => {
  const line = (await row(page, name).locator('.delivery-line').innerText()).replace(/\s+/g, ' ').trim(); // a line, as heard
  return line.startsWith(`${kind} · `) ? line.slice(kind.length + 3) : line;
};

/** Turns off the messages before Table ready (On the list, Getting close) in Settings: for tests of Table ready alone. */
export async function onlyTableReady(page: Page): Promise<void> {
  const settings = await openSettings(page);
  await settings.getByLabel('Tell guests their place and quote when they are added').uncheck();
  await settings.getByLabel('Send “getting close” at place').selectOption('0');
  await settings.getByRole('button', { name: 'Save' }).click();
  await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
}

/** Seated, No-show or Remove, as a host does it: from the party's details, one tap from its row. */
export async function finishParty(page: Page, name: string, action: 'Seat now' | 'No-show' | 'Remove'): Promise<void> {
  await row(page, name)
    .getByRole('button', { name: `More for ${name}` })
    .click();
  await page.getByRole('dialog', { name }).getByRole('button', { name: action, exact: true }).click();
}

/** One party's row, by the name on it. */
export const row = (page: Page, name: string) =>
  rows(page).filter({ has: page.getByRole('heading', { name, exact: true }) });

/** The staff PIN the tests choose on a new tablet. */
export const TEST_PIN = '2468';

/** Reads the recovery code shown once after a PIN is chosen, ticks that it is written down, and goes on. */
export async function confirmRecoveryCode(page: Page): Promise<string> {
  const gate = page.locator('dialog.pin-gate');
  const code = await gate.locator('#recovery-code').innerText();
  await gate.getByLabel('I have written down the recovery code').check();
  await gate.getByRole('button', { name: 'Continue to settings' }).click();
  return code;
}

/**
 * Whether the open PIN gate asks to choose a PIN or to enter one, read once the tablet's PIN is loaded: until
 * then the gate has no field, and its heading is the entering one whichever it turns out to be.
 */
export async function pinGateAsks(gate: Locator): Promise<'choose' | 'enter'> {
  const choose = gate.getByLabel('New PIN (4 to 8 digits)');
  await choose
    .or(gate.getByLabel('PIN', { exact: true }))
    .first()
    .waitFor();
  return (await choose.isVisible()) ? 'choose' : 'enter';
}

/** The recovery codes shown on each page by openSettings when it chose the PIN, for tests that need them. */
export const recoveryCodes = new WeakMap<Page, string>();

/**
 * Opens Settings as staff would (with the header's Settings, or the button named `via`): choosing the PIN on a
 * new tablet (and noting its recovery code), entering it otherwise.
 */
export async function openSettings(page: Page, pin = TEST_PIN, via = 'Settings') {
  await page.getByRole('button', { name: via, exact: true }).click();
  const gate = page.locator('dialog.pin-gate');
  if ((await pinGateAsks(gate)) === 'choose') {
    await gate.getByLabel('New PIN (4 to 8 digits)').fill(pin);
    await gate.getByLabel('The same PIN again').fill(pin);
    await gate.getByRole('button', { name: 'Save PIN and open settings' }).click();
    recoveryCodes.set(page, await confirmRecoveryCode(page));
  } else {
    await gate.getByLabel('PIN', { exact: true }).fill(pin);
    await gate.getByRole('button', { name: 'Open settings' }).click();
  }
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.locator('#settings-venueName').waitFor(); // a paired tablet's Venue server section has a Venue name too
  return settings;
}

/**
 * In open Settings, the venue server's pairing step: "Connect to the venue server" tapped if the
 * tablet is connected already (the code field shows at once otherwise). That section loads when
 * Settings open: it is waited for before looking, never guessed.
 */
export async function showPairingStep(settings: Locator): Promise<void> {
  const connect = settings.getByRole('button', { name: 'Connect to the venue server' });
  await connect.or(settings.getByLabel('Pairing code')).first().waitFor();
  if (await connect.isVisible()) await connect.click();
}

/** Unfolds Settings' Advanced part (a venue server address and device token typed by hand, for upgrades), if folded. */
export async function openAdvanced(settings: Locator): Promise<void> {
  const advanced = settings.locator('details.advanced');
  if (!(await advanced.evaluate((el: HTMLDetailsElement) => el.open)))
    await advanced.getByText('Advanced: a device token typed by hand').click();
  await settings.getByLabel('Device token').waitFor();
}

/** Where the end-to-end tests leave screenshots, to look at as a host would. */
export const SHOTS = process.env.WAITBELL_SCREENSHOTS ?? join(tmpdir(), 'waitbell-screenshots');

/** The sizes screens are judged at: a tablet in landscape, then in portrait. */
export const TABLET_SIZES = [
  [1024, 768],
  [768, 1024],
] as const;

/**
 * The screen at both tablet sizes, as `name-WxH.png` in SHOTS: `before` runs at each size before
 * the shot (to bring a part in view), `after` after it (to check it there). Ends in landscape.
 */
export async function shootTabletSizes(
  page: Page,
  name: string,
  { before, after }: { before?: () => Promise<unknown>; after?: () => Promise<unknown> } = {},
): Promise<void> {
  await mkdir(SHOTS, { recursive: true });
  for (const [width, height] of TABLET_SIZES) {
    await page.setViewportSize({ width, height });
    await before?.();
    await page.screenshot({ path: join(SHOTS, `${name}-${width}x${height}.png`) });
    await after?.();
  }
  await page.setViewportSize({ width: 1024, height: 768 });
}

import AxeBuilder from '@axe-core/playwright';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from '../support/chromium.ts';
import { servedAppUrl, SHOTS } from './browser.ts';
import { GuestFake, openVenue, type ScriptedAnswer } from './guest-fake.ts';

/** The most JavaScript a guest page may load, gzip: a phone on a restaurant's doorstep signal. */
const GUEST_BUDGET_KB = 15;
/** The phones the pages are judged at. */
const PHONES = [
  [360, 640],
  [390, 844],
] as const;

const appUrl = servedAppUrl();
const poll = <T>(fn: () => Promise<T>, timeout = 5_000) => expect.poll(fn, { timeout });
let browser: Browser;
let context: BrowserContext | undefined;
let fake: GuestFake | undefined;
let pageErrors: string[] = [];

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS, headless: true });
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await context?.close();
  await fake?.close();
  context = undefined;
  expect(pageErrors, 'uncaught errors in the page').toEqual([]);
  pageErrors = [];
});

interface PhoneOptions {
  size?: readonly [number, number];
  locale?: string;
  venue?: Parameters<typeof openVenue>[0];
}

/** A guest's phone (a fresh profile) on the guest API's fake; `path` is opened when given. */
async function phone({ size = PHONES[0], locale = 'en-US', venue }: PhoneOptions = {}) {
  const [width, height] = size;
  context = await browser.newContext({ viewport: { width, height }, hasTouch: true, isMobile: true, locale });
  context.setDefaultTimeout(5_000);
  // Records vibrations instead of making them: what the guest's phone would have done.
  await context.addInitScript(() => {
    const calls: unknown[] = [];
    (window as unknown as { vibrations: unknown[] }).vibrations = calls;
    navigator.vibrate = (pattern) => (calls.push(pattern), true);
  });
  fake = new GuestFake([openVenue(venue)]);
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await fake.attach(page);
  return { page, fake };
}

const open = (page: Page, path: string) => page.goto(new URL(path, appUrl).href);
const statusUrl = (token: string) => `/v/K7QM2P/status#${token}`;

/** axe-core's serious and critical WCAG 2.1 AA findings, as readable lines. */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary?.split('\n')[1]?.trim()}`));
}

/** Whether anything needs sideways scrolling, and every tap target smaller than 44 px either way. */
function layoutProblems(page: Page) {
  return page.evaluate(() => {
    const small = [...document.querySelectorAll('button, a, input:not([type=radio]), textarea, label.size')]
      .map((el) => ({ el, box: el.getBoundingClientRect() }))
      .filter(({ el, box }) => el.tagName !== 'A' && box.width > 0 && (box.height < 44 || box.width < 44))
      .map(({ el }) => el.textContent?.trim() || el.outerHTML.slice(0, 60));
    return { sideways: document.documentElement.scrollWidth > innerWidth, small };
  });
}

async function shoot(page: Page, name: string) {
  await mkdir(SHOTS, { recursive: true });
  const { width, height } = page.viewportSize()!;
  await page.screenshot({ path: join(SHOTS, `guest-${name}-${width}x${height}.png`), fullPage: true });
}

describe('the check-in page', () => {
  for (const size of PHONES)
    test(`${size.join('×')}: a guest joins with size, More, note and phone, and lands on their status page`, async () => {
      const { page, fake } = await phone({ size });
      await open(page, '/v/k7qm2p');
      await page.getByRole('heading', { name: 'Casa Lupe' }).waitFor();
      await poll(() => page.title()).toBe('Casa Lupe: waitlist');
      const wait = page.locator('.wait');
      await poll(() => wait.innerText()).toBe('About 25\u00a0min for a party of\u00a02');
      await page.getByRole('radio', { name: '4' }).check();
      await poll(() => wait.innerText()).toBe('About 35\u00a0min for a party of\u00a04');
      expect(await layoutProblems(page)).toEqual({ sideways: false, small: [] });

      await page.getByRole('radio', { name: 'More' }).check();
      await page.getByRole('spinbutton', { name: 'Number of people (up to 12)' }).fill('12');
      await poll(() => wait.innerText()).toBe(''); // the estimator cannot say for 7+: nothing rather than a guess
      await page.getByLabel('Your name').fill('  Ana García ');
      await page.getByLabel('Anything we should know? (optional)').fill('High chair');
      await page.getByLabel('Phone number (optional)').fill('+34 612-345-678');
      await page
        .getByText('We keep your name, party size, note and phone for 30 days to run the waitlist, then delete them.')
        .waitFor();
      const join = page.getByRole('button', { name: 'Join the waitlist' });
      await join.scrollIntoViewIfNeeded();
      expect(await layoutProblems(page)).toEqual({ sideways: false, small: [] });
      const entries = await page.evaluate(() => history.length);
      await join.click();

      await page.getByRole('heading', { name: 'You’re #4 in line' }).waitFor();
      await page.getByText('3 parties ahead of you').waitFor();
      await page.getByText('Ana García, party of 12').waitFor();
      expect(fake.joins).toEqual([
        { name: 'Ana García', size: 12, note: 'High chair', phone: '+34612345678', language: 'en' },
      ]);
      const token = [...fake.tickets.keys()][0]!;
      expect(token).toMatch(/^[\w-]{43}$/);
      expect(new URL(page.url()).pathname).toBe('/v/K7QM2P/status');
      expect(new URL(page.url()).hash).toBe(`#${token}`);
      // Back does not go to the form again (nothing to resubmit): the address was replaced.
      expect(await page.evaluate(() => history.length)).toBe(entries);
      expect(await layoutProblems(page)).toEqual({ sideways: false, small: [] });

      // The same phone opening the check-in page again is offered its place.
      await open(page, '/v/K7QM2P');
      await page.getByText('You’re already on the list:').waitFor();
      // No form under it to join twice by mistake: a second party joins only on purpose.
      expect(await page.getByRole('button', { name: 'Join the waitlist' }).count()).toBe(0);
      await page.getByRole('button', { name: 'Join with another party' }).waitFor();
      await page.getByRole('link', { name: 'see your place' }).click();
      await page.getByRole('heading', { name: 'You’re #4 in line' }).waitFor();
      expect(fake.joins).toHaveLength(1);
    });

  test('fields are refused in words next to them, before and after sending', async () => {
    const { page, fake } = await phone({ size: PHONES[1], venue: { wait: { waiting: 0, minutes: [0, 0, 0, 0] } } });
    await open(page, '/v/K7QM2P');
    await poll(() => page.locator('.wait').innerText()).toBe('No wait right now');
    await page.getByLabel('Phone number (optional)').fill('12');
    await page.getByRole('button', { name: 'Join the waitlist' }).click();
    await page.getByText('Please type your name.').waitFor();
    await page.getByText('Type a phone number of 7 to 15 digits, like +1 555 123 4567.').waitFor();
    await poll(() => page.evaluate(() => document.activeElement?.id)).toBe('name');
    expect(await page.getByLabel('Your name').getAttribute('aria-invalid')).toBe('true');
    expect(fake.joins).toEqual([]);

    // What only the server knows: its own refusal of a field shows next to that field too.
    await page.getByLabel('Your name').fill('Ana');
    await page.getByLabel('Phone number (optional)').fill('');
    fake.nextJoin = {
      status: 400,
      body: { error: { code: 'invalid_fields', problems: [{ field: 'note', problem: 'too_long' }] } },
    };
    await page.getByRole('button', { name: 'Join the waitlist' }).click();
    await page.getByText('Please use at most 200 characters.').waitFor();
    await poll(() => page.evaluate(() => document.activeElement?.id)).toBe('note');
  });

  test('refusals of the whole join are said in words, with when to try again after too many', async () => {
    const { page, fake } = await phone();
    await open(page, '/v/K7QM2P');
    await page.getByLabel('Your name').fill('Ana');
    const join = page.getByRole('button', { name: 'Join the waitlist' });
    const alert = page.getByRole('alert');
    const refusals: [number, object, string, Record<string, string>?][] = [
      [
        429,
        { code: 'too_many_joins' },
        'Too many requests from this network just now. Please try again in 2 minutes.',
        { 'Retry-After': '120' },
      ],
      [409, { code: 'party_too_large', maxSize: 8 }, 'Parties of more than 8 can’t join online: please see the host.'],
      [409, { code: 'joins_closed_now', opensAt: '19:00' }, 'Online check-in is closed now. It opens at 7:00 PM.'],
      [409, { code: 'joins_paused' }, 'Online check-in is paused: please see the host at the stand.'],
      [409, { code: 'online_full' }, 'The online waitlist is full right now: please see the host.'],
      [409, { code: 'joins_not_set_up' }, 'This restaurant hasn’t set up online check-in yet: please see the host.'],
      [409, { code: 'board_full' }, 'The waitlist is full right now: please see the host.'],
      [403, { code: 'wrong_origin' }, 'This page couldn’t send your check-in. Please reload it and try again.'],
      [500, { code: 'internal' }, 'Something went wrong on our side. Please try again.'],
    ];
    for (const [status, error, words, headers] of refusals) {
      fake.nextJoin = { status, body: { error }, headers };
      await join.click();
      await poll(() => alert.innerText()).toBe(words);
    }
    await poll(() => join.innerText()).toBe('Join the waitlist');
    expect(new URL(page.url()).pathname).toBe('/v/K7QM2P');
  });

  const closed = [
    [{ why: 'paused' }, 'Online check-in is paused: please see the host at the stand.'],
    [{ why: 'closed_now', opensAt: '19:00' }, 'Online check-in is closed now. It opens at 7:00 PM.'],
    [{ why: 'full' }, 'The online waitlist is full right now: please see the host.'],
    [{ why: 'not_set_up' }, 'This restaurant hasn’t set up online check-in yet: please see the host.'],
  ] as const;
  test('with joins paused, closed for now, full or never set up, the page still shows the wait and says why, with no form', async () => {
    for (const [joins, words] of closed) {
      const { page } = await phone({ venue: { joins: { open: false, maxSize: 12, ...joins } } });
      await open(page, '/v/K7QM2P');
      await page.getByRole('status').getByText(words).waitFor();
      await poll(() => page.locator('.wait').innerText()).toBe('About 25\u00a0min for a party of\u00a02');
      expect(await page.getByRole('button', { name: 'Join the waitlist' }).count()).toBe(0);
      await context!.close();
      await fake!.close();
    }
  });

  test('an unknown code says so', async () => {
    const { page } = await phone();
    await open(page, '/v/ZZZZZZ/');
    await page.getByRole('heading', { name: 'We can’t find this restaurant' }).waitFor();
  });

  test('in Spanish from the phone’s languages, with a switch kept on the phone, and times as Spanish writes them', async () => {
    const { page } = await phone({
      locale: 'es-MX',
      venue: { joins: { open: false, maxSize: 8, why: 'closed_now', opensAt: '19:00' } },
    });
    await open(page, '/v/K7QM2P');
    await page.getByText('El registro en línea está cerrado ahora. Abre a las 19:00.').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
    await poll(() => page.title()).toBe('Casa Lupe: lista de espera');
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByText('Online check-in is closed now. It opens at 7:00 PM.').waitFor();
    await page.reload();
    await page.getByText('Online check-in is closed now. It opens at 7:00 PM.').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.getByRole('button', { name: 'EN' }).getAttribute('aria-pressed')).toBe('true');
  });
});

describe('the status page', () => {
  test('updates live from the stream; when streams fail, polling keeps it current', async () => {
    const { page, fake } = await phone();
    const token = fake.add('K7QM2P');
    await page.clock.install();
    await open(page, statusUrl(token));
    await page.getByRole('heading', { name: 'You’re #3 in line' }).waitFor();
    await page.getByText('Expected wait: about 25 min').waitFor();
    await page.getByText('You’ve waited 12 min').waitFor();
    await page.clock.fastForward(60_000); // the time waited counts on by itself, with nothing new from the server
    await page.getByText('You’ve waited 13 min').waitFor();
    const polled = fake.polls;

    fake.set(token, { place: 2, ahead: 1 });
    await page.getByRole('heading', { name: 'You’re #2 in line' }).waitFor();
    await page.getByText('1 party ahead of you').waitFor();
    expect(fake.polls).toBe(polled); // the stream told it: no polling while it is open

    fake.streamsDown = true;
    fake.cutStreams();
    await poll(async () => fake.polls).toBeGreaterThan(polled);
    fake.set(token, { place: 1, ahead: 0 });
    await page.clock.fastForward(16_000);
    await page.getByRole('heading', { name: 'You’re #1 in line' }).waitFor();
    await page.getByText('You’re next').waitFor();
    await page.getByText('You’ve waited 12 min').waitFor(); // the server's clock, not the phone's

    // The stream comes back: the page opens it again by itself. Meanwhile the time waited counts on.
    fake.streamsDown = false;
    await page.clock.fastForward(60_000);
    fake.set(token, { state: 'seated', place: null, ahead: null });
    await page.getByRole('heading', { name: 'Enjoy your meal' }).waitFor();
  });

  test('coming back to the foreground asks at once', async () => {
    const { page, fake } = await phone();
    const token = fake.add('K7QM2P');
    fake.streamsDown = true;
    await open(page, statusUrl(token));
    await page.getByRole('heading', { name: 'You’re #3 in line' }).waitFor();
    const polled = fake.polls;
    fake.tickets.get(token)!.place = 2; // changed without telling any stream
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await page.getByRole('heading', { name: 'You’re #2 in line' }).waitFor();
    expect(fake.polls).toBeGreaterThan(polled);
  });

  test('Cancel my spot asks first, then leaves the waitlist', async () => {
    const { page, fake } = await phone({ size: PHONES[1] });
    const token = fake.add('K7QM2P');
    await open(page, statusUrl(token));
    await page.getByRole('button', { name: 'Cancel my spot' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel your spot?' });
    await dialog.getByText('You’ll lose your place in line.').waitFor();
    await dialog.getByRole('button', { name: 'Keep my spot' }).click();
    await poll(() => dialog.count()).toBe(0);
    expect(fake.tickets.get(token)!.state).toBe('waiting');

    await page.getByRole('button', { name: 'Cancel my spot' }).click();
    await dialog.getByRole('button', { name: 'Yes, cancel' }).click();
    await page.getByRole('heading', { name: 'You’ve left the waitlist' }).waitFor();
    expect(fake.tickets.get(token)!.state).toBe('cancelled');
    await page.getByRole('link', { name: 'Join again' }).waitFor();
  });

  test('called: "Your table is ready" with vibration, a flashing title, sound after a tap; then I’m on my way', async () => {
    const { page, fake } = await phone();
    const token = fake.add('K7QM2P');
    await open(page, statusUrl(token));
    await page.getByRole('heading', { name: 'You’re #3 in line' }).waitFor();
    const chip = page.getByRole('button', { name: 'Tap to turn on sound alerts' });
    await chip.waitFor();
    await page.getByText('Expected wait: about 25 min').tap(); // any first tap on the page turns sound on
    await page.getByText('Sound alerts are on').waitFor();
    expect(await page.evaluate(() => (window as unknown as { vibrations: unknown[] }).vibrations)).toEqual([]);

    fake.set(token, { state: 'called', calledAt: Date.now(), place: null, ahead: null });
    await page.getByRole('heading', { name: 'Your table is ready' }).waitFor();
    await poll(() => page.evaluate(() => (window as unknown as { vibrations: unknown[] }).vibrations.length)).toBe(1);
    await poll(() => page.title()).toBe('🔔 Table ready!');
    await poll(() => page.title()).toBe('Casa Lupe: waitlist');
    await poll(() => page.title()).toBe('🔔 Table ready!');
    expect(await layoutProblems(page)).toEqual({ sideways: false, small: [] });

    await page.getByRole('button', { name: 'I’m on my way' }).click();
    await page.getByText('The host knows you’re on your way').waitFor();
    expect(fake.tickets.get(token)!.onMyWayAt).not.toBeNull();
    await poll(() => page.title()).toBe('Casa Lupe: waitlist'); // acknowledged: the title stops flashing
    // The same call again (a page reload, a stream reopened) does not vibrate again.
    fake.set(token, { quoteMinutes: 30 });
    await page.getByText('The host knows you’re on your way').waitFor();
    expect(await page.evaluate(() => (window as unknown as { vibrations: unknown[] }).vibrations.length)).toBe(1);
  });

  test('a guest who allows notifications is told so', async () => {
    const { page, fake } = await phone();
    await context!.grantPermissions(['notifications']);
    await open(page, statusUrl(fake.add('K7QM2P')));
    await page.getByText('You’ll get a notification on this phone').waitFor();
  });

  test('seated, left, and an expired or unknown link each say so', async () => {
    const { page, fake } = await phone();
    const seated = fake.add('K7QM2P', { state: 'seated', place: null, ahead: null });
    const left = fake.add('K7QM2P', { state: 'left', place: null, ahead: null });
    const expired = fake.add('K7QM2P', { expired: true });
    await open(page, statusUrl(seated));
    await page.getByRole('heading', { name: 'Enjoy your meal' }).waitFor();
    await open(page, statusUrl(left));
    await page.getByRole('heading', { name: 'This visit has ended' }).waitFor();
    for (const token of [expired, 'x'.repeat(43), '']) {
      await open(page, statusUrl(token));
      await page.getByRole('heading', { name: 'This link has expired or isn’t valid' }).waitFor();
      expect(await page.getByRole('link', { name: 'Go to the check-in page' }).getAttribute('href')).toBe('/v/K7QM2P');
    }
  });
});

describe('notify me with Pushed', () => {
  const venue = 'K7QM2P';
  const offered = { offered: true, state: 'none', subscribeLink: null } as const;

  /** The screen at both phone sizes (light), each checked for sideways scrolling and small targets. */
  async function shootPhones(page: Page, name: string) {
    const problems = [];
    for (const [width, height] of PHONES) {
      await page.setViewportSize({ width, height });
      await shoot(page, name);
      const found = await layoutProblems(page);
      if (found.sideways || found.small.length > 0)
        problems.push(`${name} ${width}×${height}: ${JSON.stringify(found)}`);
    }
    expect(problems).toEqual([]);
  }

  test('the check-in offers it only when the venue does; one tap joins and goes to Pushed, and Back comes to the place in line', async () => {
    const { page, fake } = await phone();
    await open(page, `/v/${venue}`);
    await page.getByRole('button', { name: 'Join the waitlist' }).waitFor();
    expect(await page.getByRole('button', { name: 'Join and notify me with Pushed' }).count()).toBe(0);
    expect(await page.getByText('The Pushed app tells you').count()).toBe(0);

    fake.venues.get(venue)!.pushed = true;
    await page.reload();
    const join = page.getByRole('button', { name: 'Join and notify me with Pushed' });
    await join.waitFor();
    expect(await join.getAttribute('aria-describedby')).toBe('pushed-hint');
    expect(await page.locator('#pushed-hint').innerText()).toBe('The Pushed app tells you when your table is ready.');
    await page.getByLabel('Your name').fill('Ana');
    await join.scrollIntoViewIfNeeded();
    await shootPhones(page, 'check-in-pushed');
    expect(await seriousViolations(page)).toEqual([]);

    await join.click();
    await page.waitForURL('**/fake-pushed/oauth/**');
    const token = [...fake.tickets.keys()][0]!;
    expect(fake.joins).toHaveLength(1);
    expect(fake.pushedStarts).toEqual([token]);
    expect(fake.authorizeVisits).toHaveLength(1);
    expect(new URL(fake.authorizeVisits[0]!).searchParams.get('redirect_uri')).toMatch(/\/oauth\/pushed\?state=/);

    // The phone kept its ticket and its status page: Back from Pushed shows the place in line.
    await page.goBack();
    await page.getByRole('heading', { name: 'You’re #4 in line' }).waitFor();
    expect(new URL(page.url()).hash).toBe(`#${token}`);
  });

  test('when Pushed cannot start, the guest is on the list and told why', async () => {
    const { page, fake } = await phone({ venue: { pushed: true } });
    const starts: [ScriptedAnswer, string][] = [
      [{ status: 409, body: { error: { code: 'pushed_not_set_up' } } }, 'This restaurant can’t use Pushed right now.'],
      [
        { status: 429, body: { error: { code: 'too_many_requests' } }, headers: { 'Retry-After': '120' } },
        'Too many tries with Pushed. Try again in 2 minutes.',
      ],
      [{ status: 0, body: null }, 'We couldn’t reach the restaurant. Check your connection and try again.'],
    ];
    const [first, ...again] = starts;
    await open(page, `/v/${venue}`);
    await page.getByLabel('Your name').fill('Ana');
    fake.nextPushed = first![0];
    await page.getByRole('button', { name: 'Join and notify me with Pushed' }).click();
    await page.getByRole('heading', { name: 'You’re #4 in line' }).waitFor();
    await poll(() => page.getByRole('alert').innerText()).toBe(first![1]);
    const token = [...fake.tickets.keys()][0]!;
    expect(new URL(page.url()).pathname).toBe(`/v/${venue}/status`);
    expect(new URL(page.url()).hash).toBe(`#${token}`);

    // Try again from the status page: each refusal in words, then the way to Pushed.
    const notify = page.getByRole('button', { name: 'Notify me with Pushed' });
    for (const [answer, words] of again) {
      fake.nextPushed = answer;
      await notify.click();
      await poll(() => page.getByRole('alert').innerText()).toBe(words);
    }
    await notify.click();
    await page.waitForURL('**/fake-pushed/oauth/**');
    expect(fake.pushedStarts).toEqual([token, token, token, token]);
    expect(fake.authorizeVisits).toHaveLength(1);
  });

  const outcomes = [
    ['allowed', 'allowed', 'Pushed will tell you when your table is ready.'],
    ['declined', 'none', 'You didn’t allow Pushed. You can try again.'],
    ['refused', 'none', 'Pushed did not accept the permission. Try again.'],
    ['unavailable', 'none', 'Pushed did not answer. Please try again.'],
  ] as const;
  test('back from Pushed, the status page says how it went once, drops it from the address and keeps the ticket', async () => {
    const { page, fake } = await phone({ venue: { pushed: true } });
    for (const [outcome, state, words] of outcomes) {
      const token = fake.add(venue);
      const back = fake.backFromPushed(token, outcome, state);
      await open(page, back);
      await page.getByRole('status').getByText(words).waitFor();
      await page.getByRole('heading', { name: 'You’re #3 in line' }).waitFor();
      const address = new URL(page.url());
      expect(address.search).toBe('');
      expect(address.hash).toBe(new URL(back, appUrl).hash);
      // Asking again is offered until Pushed allowed it.
      expect(await page.getByRole('button', { name: 'Notify me with Pushed' }).count()).toBe(
        outcome === 'allowed' ? 0 : 1,
      );
      await shootPhones(page, `status-pushed-${outcome}`);
    }
    expect(await seriousViolations(page)).toEqual([]);

    // Said once: the page read afresh says only where the permission stands.
    await page.reload();
    await page.getByRole('heading', { name: 'You’re #3 in line' }).waitFor();
    expect(await page.getByText('Pushed did not answer').count()).toBe(0);
    await page.getByRole('button', { name: 'Notify me with Pushed' }).click();
    await page.waitForURL('**/fake-pushed/oauth/**');
    expect(fake.authorizeVisits).toHaveLength(1);
  });

  test('in Spanish: how it went and asking again', async () => {
    const { page, fake } = await phone({ locale: 'es-ES', venue: { pushed: true } });
    await open(page, fake.backFromPushed(fake.add(venue), 'refused'));
    await page.getByRole('status').getByText('Pushed no aceptó el permiso. Inténtalo de nuevo.').waitFor();
    await page.getByRole('button', { name: 'Avisarme con Pushed' }).waitFor();
    await page.getByText('La app Pushed te avisa cuando tu mesa está lista.').waitFor();
  });

  test('not subscribed links to the venue’s subscription; a lost permission asks again; allowed says so', async () => {
    const { page, fake } = await phone({ venue: { pushed: true } });
    const link = 'https://pushed.co/subscribe/casa-lupe';
    const token = fake.add(venue, { pushed: { ...offered, state: 'not_subscribed', subscribeLink: link } });
    await open(page, statusUrl(token));
    await page.getByText('Pushed can’t reach you yet: subscribe to Casa Lupe in the Pushed app.').waitFor();
    expect(await page.getByRole('link', { name: 'Subscribe in Pushed' }).getAttribute('href')).toBe(link);
    await shootPhones(page, 'status-pushed-not-subscribed');

    fake.set(token, { pushed: { ...offered, state: 'lost' } });
    await page.getByText('Your Pushed permission no longer works: allow again.').waitFor();
    expect(await page.getByRole('link', { name: 'Subscribe in Pushed' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Notify me with Pushed' }).waitFor();
    await shootPhones(page, 'status-pushed-lost');

    fake.set(token, { pushed: { ...offered, state: 'allowed' } });
    await page.getByText('Pushed will tell you when your table is ready.').waitFor();
    await poll(() => page.getByRole('button', { name: 'Notify me with Pushed' }).count()).toBe(0);
  });
});

describe('every guest screen', () => {
  /** Brings the phone to each screen in turn; `visit` runs on each. */
  async function everyScreen(page: Page, fake: GuestFake, visit: (name: string) => Promise<void>) {
    // With Pushed offered: its button on the check-in page and on the place in line are judged too.
    fake.venues.get('K7QM2P')!.pushed = true;
    await open(page, '/v/K7QM2P');
    await page.locator('.wait:not(:empty)').waitFor();
    await visit('check-in');
    await page.locator('button[type=submit]').first().click();
    await page.locator('.field-problem').first().waitFor();
    await visit('check-in-refused');
    const token = fake.add('K7QM2P');
    await open(page, statusUrl(token));
    await page.locator('.place').waitFor();
    await visit('waiting');
    await page.locator('.status .button.quiet').click();
    await page.locator('dialog[open]').waitFor();
    await visit('cancel-dialog');
    await page.keyboard.press('Escape');
    fake.set(token, { state: 'called', calledAt: Date.now(), place: null, ahead: null });
    await page.locator('.ready').waitFor();
    await visit('ready');
    fake.set(token, { onMyWayAt: Date.now() });
    await page.locator('.ready .done').waitFor();
    await visit('on-my-way');
    fake.set(token, { state: 'cancelled' });
    await page.locator('.card h1').waitFor();
    await visit('cancelled');
    await open(page, statusUrl('unknown'));
    await page.locator('.card h1').waitFor();
    await visit('expired');
    fake.venues.get('K7QM2P')!.joins = { open: false, maxSize: 8, why: 'paused' };
    await open(page, '/v/K7QM2P');
    await page.locator('.closed').waitFor();
    await visit('paused');
  }

  for (const locale of ['en-US', 'es-ES'])
    test(`axe finds nothing serious on any of them (${locale})`, async () => {
      const { page, fake } = await phone({ locale });
      const found: string[] = [];
      await everyScreen(page, fake, async (name) => {
        found.push(...(await seriousViolations(page)).map((v) => `${name}: ${v}`));
      });
      expect(found).toEqual([]);
    }, 60_000);

  for (const size of PHONES)
    test(`${size.join('×')} in light and dark mode and at 200% text: nothing sideways, every target big enough (screenshots)`, async () => {
      const { page, fake } = await phone({ size });
      const problems: string[] = [];
      await everyScreen(page, fake, async (name) => {
        await page.emulateMedia({ colorScheme: 'light' });
        await shoot(page, name);
        await page.emulateMedia({ colorScheme: 'dark' });
        await shoot(page, `${name}-dark`);
        // A phone's largest text setting: the root size doubled, as Chrome's text scaling does.
        await page.evaluate(() => (document.documentElement.style.fontSize = '200%'));
        const { sideways, small } = await layoutProblems(page);
        if (sideways) problems.push(`${name}: scrolls sideways at 200% text`);
        if (small.length > 0) problems.push(`${name}: small targets ${small.join(', ')}`);
        await shoot(page, `${name}-200`);
        await page.evaluate(() => (document.documentElement.style.fontSize = ''));
      });
      expect(problems).toEqual([]);
    }, 60_000);
});

test(`each guest page loads under ${GUEST_BUDGET_KB} kB of JavaScript (gzip), registers no service worker and sets no cookie`, async () => {
  const { page, fake } = await phone();
  const scripts = new Map<string, Promise<number>>();
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return;
    scripts.set(
      new URL(response.url()).pathname,
      response.body().then((body) => gzipSync(body).length / 1024),
    );
  });
  const measure = async (what: string) => {
    const sizes = await Promise.all([...scripts].map(async ([path, kB]) => `${path} ${(await kB).toFixed(1)} kB`));
    const total = (await Promise.all(scripts.values())).reduce((a, b) => a + b, 0);
    expect(total, `${what} loads ${total.toFixed(1)} kB of JavaScript (gzip): ${sizes.join(', ')}`).toBeLessThan(
      GUEST_BUDGET_KB,
    );
    scripts.clear();
  };
  await open(page, '/v/K7QM2P');
  await page.getByRole('button', { name: 'Join the waitlist' }).waitFor();
  await measure('The check-in page');
  await open(page, statusUrl(fake.add('K7QM2P')));
  await page.getByRole('heading', { name: 'You’re #3 in line' }).waitFor();
  await measure('The status page');
  expect(await page.evaluate(() => navigator.serviceWorker.getRegistrations().then((r) => r.length))).toBe(0);
  expect(await context!.cookies()).toEqual([]);
});

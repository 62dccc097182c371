import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SANDBOX_SETTINGS } from '../../src/core/settings.ts';
import { CHROMIUM_ARGS, findChromium } from '../support/chromium.ts';
import { servedAppUrl, SHOTS } from './browser.ts';

const appUrl = servedAppUrl();
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS, headless: true });
});
afterAll(async () => {
  await browser?.close();
});

test('360×640: the OAuth page preselects the phone this browser opened, fits, and Allow goes back to another origin with a code; a push to that user arrives as a link to tap', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 640 }, hasTouch: true, isMobile: true });
  context.setDefaultTimeout(5_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // A Content-Security-Policy refusal (of the script, or of the redirect after the form) is only a console message.
  page.on('console', (m) => void (m.text().includes('Content Security Policy') && errors.push(m.text())));

  await page.goto(new URL('/sandbox/phone', appUrl).href);
  await page.getByRole('button', { name: 'New guest' }).click();
  const pushedId = (await page.locator('#pushed-id').textContent())!.trim();

  // The venue server's callback stands on another origin: the same server under its other loopback name.
  const here = new URL(appUrl);
  const other = `http://${here.hostname === 'localhost' ? '127.0.0.1' : 'localhost'}:${here.port}`;
  const redirectUri = `${other}/sandbox/phone?state=s1`;
  await page.goto(
    new URL(`/1/oauth/?client_id=${SANDBOX_SETTINGS.appKey}&redirect_uri=${encodeURIComponent(redirectUri)}`, appUrl)
      .href,
  );
  await page.getByRole('heading', { name: 'Demo Bistro wants to send you notifications' }).waitFor();
  // The page's own script preselects it once loaded: a poll's default second is short on a loaded machine.
  await expect.poll(() => page.getByRole('radio', { name: pushedId }).isChecked(), { timeout: 5_000 }).toBe(true);
  expect(await page.getByRole('radio', { name: 'New sandbox phone' }).isChecked()).toBe(false);
  const fits = await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth);
  expect(fits, 'no sideways scrolling').toBe(true);
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, 'sandbox-oauth-360x640.png'), fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(SHOTS, 'sandbox-oauth-dark-360x640.png'), fullPage: true });

  await page.getByRole('button', { name: 'Allow' }).click();
  await page.waitForURL((url) => url.origin === other && url.searchParams.has('code'));
  const back = new URL(page.url());
  expect([back.pathname, back.searchParams.get('state')]).toEqual(['/sandbox/phone', 's1']);
  const exchanged = await fetch(new URL('/1/oauth/access_token', appUrl), {
    method: 'POST',
    body: new URLSearchParams({ code: back.searchParams.get('code')! }),
  });
  expect(exchanged.status).toBe(200);
  const { response } = (await exchanged.json()) as { response: { data: { access_token: string } } };
  await page.goto(new URL(`/sandbox/phone?guest=${pushedId}`, appUrl).href);
  await expect.poll(() => page.locator('#grants').textContent(), { timeout: 5_000 }).toBe('Apps you allowed: 1');

  // A push to that user with a link arrives live as a notification to tap, which opens the link.
  await page.getByRole('button', { name: 'Subscribe to Demo Bistro' }).click();
  await page.locator('#subscription').waitFor();
  await page.locator('#notifications[data-live="true"]').waitFor({ state: 'attached' });
  const link = new URL('/sandbox/phone?opened=from-notification', appUrl).href;
  const pushed = await fetch(new URL('/1/push', appUrl), {
    method: 'POST',
    body: new URLSearchParams({
      ...{ app_key: SANDBOX_SETTINGS.appKey, app_secret: SANDBOX_SETTINGS.appSecret, target_type: 'user' },
      ...{ target_alias: SANDBOX_SETTINGS.channelAlias, access_token: response.data.access_token },
      ...{ content: 'Your table is ready', content_type: 'url', content_extra: link },
    }),
  });
  expect(pushed.status).toBe(200);
  const [opened] = await Promise.all([
    context.waitForEvent('page'),
    page.getByRole('link', { name: 'Your table is ready' }).click(),
  ]);
  await opened.waitForURL(link);
  expect(errors).toEqual([]);
  await context.close();
});

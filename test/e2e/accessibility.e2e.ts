import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright';
import { describe, expect, test } from 'vitest';
import { openSettings, useBrowser } from './browser.ts';

const app = useBrowser();

/** axe-core's serious and critical findings on the page as it is now, as readable lines. */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`),
    );
}

/** Add party by the form's ids, so it works in any language. */
async function addAnyLanguage(
  page: Page,
  name: string,
  fields: { note?: string; quote?: string; pushedId?: string } = {},
) {
  await page.locator('.app-header .button.primary').click();
  await page.locator('#add-name').fill(name);
  if (fields.note) await page.locator('#add-note').fill(fields.note);
  if (fields.quote) await page.locator('#add-quoteMinutes').fill(fields.quote);
  if (fields.pushedId) await page.locator('#add-pushedId').fill(fields.pushedId);
  await page.locator('dialog[open] button[type="submit"]').click();
  await page.locator('dialog[open]').waitFor({ state: 'detached' });
}

/** A board with a party in every delivery state a host can meet, so the check covers them all. */
async function busyBoard(page: Page) {
  await addAnyLanguage(page, 'Ana', { note: 'Booth', quote: '0' });
  await addAnyLanguage(page, 'Bo', { pushedId: 'NotSubscribed1' });
  await addAnyLanguage(page, 'Cy');
  for (const name of ['Bo', 'Cy']) {
    await page
      .locator('.party', { has: page.getByRole('heading', { name, exact: true }) })
      .getByRole('button', { name: /Table ready|Mesa lista/ })
      .click();
  }
  await page.locator('.delivery-failed').waitFor();
}

for (const [lang, locale] of [
  ['English', 'en-US'],
  ['Spanish', 'es-ES'],
] as const) {
  describe(`accessibility (axe-core, WCAG 2.1 AA) in ${lang}`, () => {
    test('board, Add party with its errors, Settings, join screen: no serious or critical violations', async () => {
      const context = await app.context.browser()!.newContext({ locale, viewport: { width: 1024, height: 768 } });
      const page = await context.newPage();
      await page.goto(app.appUrl);
      await page.locator('.app-header').waitFor();
      await busyBoard(page);
      const found: Record<string, string[]> = {};
      found.board = await seriousViolations(page);

      // A called party, a size chip pressed and a search typed: the rush board's own states.
      await page.locator('.size-chips .button').first().click();
      await page.locator('.search input').fill('a');
      found.filtered = await seriousViolations(page);
      await page.locator('.size-chips .button').first().click();
      await page.locator('.search input').fill('');

      await page.locator('.party .icon-button').first().click(); // the first party's details
      await page.locator('dialog.details-sheet').waitFor();
      found.details = await seriousViolations(page);
      await page.keyboard.press('Escape');

      await page.locator('.party .icon-button').first().click();
      await page.locator('dialog.details-sheet .details-actions .button').nth(1).click(); // Seated
      await page.locator('.filter-bar > .button').click(); // Seated & gone
      await page.locator('dialog.finished-sheet li').first().waitFor();
      found.finished = await seriousViolations(page);
      await page.keyboard.press('Escape');
      await page.locator('.undo-bar').waitFor();
      found.undo = await seriousViolations(page);

      await page.locator('.app-header .button.primary').click();
      await page.locator('dialog[open] button[type="submit"]').click();
      await page.locator('.field-error').first().waitFor();
      found.addParty = await seriousViolations(page);
      await page.keyboard.press('Escape');

      await page.locator('.app-header .header-actions .button').nth(2).click(); // Settings
      if (lang === 'English') await page.locator('dialog.pin-gate').waitFor();
      found.pin = await seriousViolations(page);
      await page.keyboard.press('Escape');

      await page.locator('.app-header .header-actions .button').nth(1).click(); // join code
      await page.locator('.join-code svg').first().waitFor(); // the check-in page's code, then the Pushed one
      found.join = await seriousViolations(page);

      expect(found).toEqual({
        board: [],
        filtered: [],
        details: [],
        finished: [],
        undo: [],
        addParty: [],
        pin: [],
        join: [],
      });
      await context.close();
    }, 90_000); // eight axe runs over eight screens
  });
}

/** Opens Settings by the header's position and the forms' ids, so it works in any language. */
const settingsButton = (page: Page) => page.locator('.app-header .header-actions .button').nth(3); // Full screen, Show join code, Announce, Settings

for (const [lang, locale] of [
  ['English', 'en-US'],
  ['Spanish', 'es-ES'],
] as const) {
  // Five axe runs and three slow PIN hashes (PBKDF2, 310,000 rounds each). One retry: twice under a fully
  // loaded CI the recovery code did not show after the first PIN's submit, never reproduced alone (20 runs).
  const options = { timeout: 90_000, retry: 1 };
  test(
    `the owner's screens in ${lang}: demo, recovery code, Settings with refusals and the poster, Forgot PIN`,
    options,
    async () => {
      const context = await app.context.browser()!.newContext({ locale, viewport: { width: 1024, height: 768 } });
      context.setDefaultTimeout(10_000); // a step that never comes fails with its locator, not the test's timeout
      const page = await context.newPage();
      await page.goto(app.appUrl);
      const found: Record<string, string[]> = {};

      await page.locator('.demo-badge').click();
      await page.locator('dialog[open]').waitFor();
      found.demo = await seriousViolations(page);
      await page.keyboard.press('Escape');

      await settingsButton(page).click();
      await page.locator('#pin-again').fill('2468');
      await page.locator('#pin-first').fill('2468');
      await page.locator('dialog.pin-gate button[type="submit"]').click();
      await page.locator('#recovery-code').waitFor();
      await page.locator('dialog.pin-gate button[type="submit"]').click(); // not ticked yet: the reminder shows
      await page.locator('#recovery-written-error').waitFor();
      found.recoveryCode = await seriousViolations(page);
      await page.locator('#recovery-written').check();
      await page.locator('dialog.pin-gate button[type="submit"]').click();

      await page.locator('#settings-venueName').waitFor();
      await page.locator('#poster-title').waitFor();
      await page.locator('#poster-title ~ .sheet-actions').waitFor(); // the poster's buttons, once the code is drawn
      found.settings = await seriousViolations(page);
      await page.locator('#settings-template').fill('x'.repeat(164));
      await page.locator('#settings-lateAfterMinutes').fill('0');
      await page.locator('dialog[open] form.sheet-form button[type="submit"]').click();
      await page.locator('#settings-template-error').waitFor();
      found.settingsRefused = await seriousViolations(page);
      await page.keyboard.press('Escape');
      await page.locator('dialog[open]').waitFor({ state: 'detached' });

      await settingsButton(page).click();
      await page.locator('.forgot-pin').click();
      await page.locator('#recovery-code-input').fill('0000-0000-0000-0000');
      await page.locator('dialog.pin-gate button[type="submit"]').click();
      await page.locator('#recovery-message').waitFor();
      found.forgotPin = await seriousViolations(page);

      expect(found).toEqual({ demo: [], recoveryCode: [], settings: [], settingsRefused: [], forgotPin: [] });
      await context.close();
    },
  );
}

test('Settings itself, past the PIN: no serious or critical violations', async () => {
  const page = await app.open();
  await openSettings(page);
  expect(await seriousViolations(page)).toEqual([]);
});

test('at 200% zoom (half the width in CSS pixels) nothing needs sideways scrolling and every action stays on screen', async () => {
  const page = await app.open();
  await busyBoard(page);
  await page.setViewportSize({ width: 512, height: 384 });
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  const offscreen = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button')]
      .filter((b) => b.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .map((b) => b.textContent),
  );
  expect(offscreen).toEqual([]);
});

test('focus is always visible: every control shows an outline when reached with the keyboard', async () => {
  const page = await app.open();
  await addAnyLanguage(page, 'Ana');
  const missing: string[] = [];
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return 'body';
      const style = getComputedStyle(el);
      return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2
        ? 'ok'
        : `${el.tagName} ${el.textContent}`;
    });
    if (outline !== 'ok' && outline !== 'body') missing.push(outline);
  }
  expect(missing).toEqual([]);
});

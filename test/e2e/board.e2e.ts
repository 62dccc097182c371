import { describe, expect, test } from 'vitest';
import { addParty, finishParty, row, rows, useBrowser } from './browser.ts';

const app = useBrowser();
const poll = <T>(fn: () => Promise<T>, timeout = 3_000) => expect.poll(fn, { timeout });

describe('the waitlist board in Chromium', () => {
  test('adding a party shows it on the board with its size, note and quote, and updates the totals', async () => {
    const page = await app.open();
    await poll(() => page.getByText('Nobody is waiting').count()).toBe(1);
    await addParty(page, { name: '  Ana   Lopez ', size: 4, quote: 20, note: 'Booth please' });
    await addParty(page, { name: 'Bo', size: 2 });

    await poll(() => rows(page).count()).toBe(2);
    const ana = row(page, 'Ana Lopez');
    await poll(() => ana.innerText()).toMatch(
      /^1\s+Number 1 in line\s+Ana Lopez\s+4\s+4 guests\s+Booth please\s+0 of 20 min/,
    );
    expect(await ana.getByText('4 guests', { exact: true }).count()).toBe(1); // the size, for screen readers in words
    await poll(() => rows(page).first().getByRole('heading').innerText()).toBe('Ana Lopez');
    await poll(() => page.locator('.totals').textContent()).toBe('2 parties · 6 guests');
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  test('the size steppers are clamped to 1–20 and the quick quote sets the wait', async () => {
    const page = await app.open();
    await page.getByRole('button', { name: 'Add party' }).click();
    const sheet = page.getByRole('dialog', { name: 'Add party' });
    await sheet.getByLabel('Name').fill('Chen');
    const fewer = sheet.getByRole('button', { name: 'Fewer guests' });
    await fewer.click();
    await expect(fewer.isDisabled()).resolves.toBe(true);
    const size = sheet.getByRole('textbox', { name: 'Party size' });
    await expect(size.inputValue()).resolves.toBe('1');
    await size.fill('19');
    await sheet.getByRole('button', { name: 'More guests' }).click();
    await sheet.getByRole('button', { name: 'More guests' }).click({ force: true });
    await expect(size.inputValue()).resolves.toBe('20');
    await sheet.getByRole('button', { name: '15 min', exact: true }).click();
    await sheet.getByRole('button', { name: 'Add to waitlist' }).click();
    await poll(() => row(page, 'Chen').innerText()).toMatch(/Chen\s+20\s+20 guests\s+0 of 15 min/);
  });

  test('every bad field says why next to it, and nothing is written', async () => {
    const page = await app.open();
    await addParty(page, { name: 'Keep me', size: 2 });
    await addParty(page, {
      name: '   ',
      size: 25,
      quote: 300,
      note: 'x'.repeat(201),
      pushedId: 'https://pushed.co/s/AbC1234',
    });
    const sheet = page.getByRole('dialog', { name: 'Add party' });
    await expect(sheet.getByLabel('Name').getAttribute('aria-invalid')).resolves.toBe('true');
    const errors = await sheet.locator('.field-error').allInnerTexts();
    expect(errors).toEqual([
      'Enter the guest’s name.',
      'Party size is a whole number from 1 to 20.',
      'Quoted wait is a whole number of minutes, 0 to 240. Leave it empty for no quote.',
      'Keep the note to 200 characters.',
      expect.stringContaining('That’s a subscription code, not a PushedID'),
    ]);
    // The message is tied to its field for screen readers, and focus goes to the first bad one.
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('add-name');
    await sheet.getByRole('button', { name: 'Cancel' }).click();
    await page.reload();
    await poll(() => rows(page).allInnerTexts()).toEqual([expect.stringContaining('Keep me')]);
  });

  test('a valid PushedID, typed or pasted as a link, is kept; junk is refused', async () => {
    const page = await app.open();
    await addParty(page, { name: 'Dee', pushedId: 'not an id!' });
    const sheet = page.getByRole('dialog', { name: 'Add party' });
    await poll(() => sheet.locator('.field-error').allInnerTexts()).toEqual([
      'A PushedID has only letters and numbers. Check what was typed.',
    ]);
    await sheet.getByLabel('PushedID').fill('https://pushed.co/guest?pushed_id=AbC123xyz');
    await sheet.getByRole('button', { name: 'Add to waitlist' }).click();
    await row(page, 'Dee').getByRole('button', { name: 'More for Dee' }).click();
    await poll(() => page.getByRole('dialog', { name: 'Dee' }).innerText()).toContain('PushedID A…z');
  });

  for (const [action, message] of [
    ['Seat now', 'Eve seated.'],
    ['No-show', 'Eve marked as a no-show.'],
    ['Remove', 'Eve removed.'],
  ] as const) {
    test(`${action} takes the party off the board, and Undo brings it back in place`, async () => {
      const page = await app.open();
      await addParty(page, { name: 'Eve', size: 3 });
      await addParty(page, { name: 'Finn', size: 2 });
      await poll(() => rows(page).count()).toBe(2);

      await finishParty(page, 'Eve', action);
      await poll(() => rows(page).count()).toBe(1);
      await poll(() => page.getByRole('status', { name: 'Last change' }).innerText()).toContain(message);
      await poll(() => page.locator('.totals').textContent()).toBe('1 party · 2 guests');

      await page.getByRole('button', { name: 'Undo' }).click();
      await poll(() => rows(page).allInnerTexts()).toEqual([
        expect.stringContaining('Eve'),
        expect.stringContaining('Finn'),
      ]);
      await expect(page.getByRole('button', { name: 'Undo' }).count()).resolves.toBe(0);

      // Finished is finished after a reload too (kept as history, not on the board).
      await finishParty(page, 'Eve', action);
      await poll(() => rows(page).count()).toBe(1);
      await page.reload();
      await poll(() => rows(page).allInnerTexts()).toEqual([expect.stringContaining('Finn')]);
    });
  }

  test('the waitlist survives a reload and closing every tab', async () => {
    const page = await app.open();
    await addParty(page, { name: 'Gus', size: 5, quote: 30, note: 'Birthday' });
    await poll(() => rows(page).count()).toBe(1);
    await page.close();
    const again = await app.open();
    await poll(() => row(again, 'Gus').innerText()).toMatch(/Gus\s+5\s+5 guests\s+Birthday\s+0 of 30 min/);
  });

  test('a change in one tab shows in the other within a second', async () => {
    const first = await app.open();
    const second = await app.open();
    await first.bringToFront(); // a background tab gets no animation frames, which Playwright's clicks wait for
    await addParty(first, { name: 'Hana', size: 2 });
    await poll(() => rows(second).allInnerTexts(), 1_000).toEqual([expect.stringContaining('Hana')]);
    await second.bringToFront();
    await finishParty(second, 'Hana', 'Seat now');
    await poll(() => rows(first).count(), 1_000).toBe(0);
    // The tab that did not act offers no undo; the one that did, does.
    expect(await first.getByRole('button', { name: 'Undo' }).count()).toBe(0);
  });

  test('names are shown as text, never run as markup', async () => {
    const page = await app.open();
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs += 1;
      void d.dismiss();
    });
    const name = '<img src=x onerror=alert(1)>';
    await addParty(page, { name, note: '<script>alert(2)</script>' });
    await poll(() => row(page, name).count()).toBe(1);
    expect(await page.locator('main img, main script').count()).toBe(0);
    expect(await row(page, name).innerText()).toContain('<script>alert(2)</script>');
    expect(dialogs).toBe(0);
  });

  test('every control is at least 48 px and has a plain-word name', async () => {
    const page = await app.open();
    await addParty(page, { name: 'Ivy', note: 'Window' });
    await poll(() => rows(page).count()).toBe(1);
    await page.getByRole('button', { name: 'Add party' }).click();
    const small = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('button, input, textarea')]
        .filter((el) => el.offsetParent !== null)
        .map((el) => ({
          name: el.getAttribute('aria-label') ?? el.textContent ?? el.id,
          box: el.getBoundingClientRect(),
        }))
        .filter(({ box }) => box.width < 48 || box.height < 48)
        .map(({ name, box }) => `${name}: ${Math.round(box.width)}×${Math.round(box.height)}`),
    );
    expect(small).toEqual([]);
  });
});

describe('the ?db debug flag', () => {
  test('opens a separate, clearly labelled waitlist and leaves the real one alone', async () => {
    const real = await app.open();
    await addParty(real, { name: 'Real guest' });
    await poll(() => rows(real).count()).toBe(1);
    const training = await app.open('/?db=training');
    await poll(() => training.locator('.waitlist-badge').innerText()).toBe('Separate waitlist: training');
    expect(await training.getByText('Nobody is waiting').count()).toBe(1);
    await addParty(training, { name: 'Practice' });
    await poll(() => rows(training).count()).toBe(1);
    await real.reload();
    await poll(() => rows(real).allInnerTexts()).toEqual([expect.stringContaining('Real guest')]);
  });
});

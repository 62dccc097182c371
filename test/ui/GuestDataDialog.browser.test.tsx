import axe from 'axe-core';
import { render } from 'preact';
import { expect, test } from 'vitest';
import { page } from 'vitest/browser';
import { type ErasureRecord } from '../../src/core/erasure.ts';
import { checkRetention, type RetentionInput } from '../../src/core/retention.ts';
import type { ErasureMatch } from '../../src/core/erasure.ts';
import type { Erasures } from '../../src/state/erasure-model.ts';
import type { SettingsModel } from '../../src/state/settings-model.ts';
import { GuestDataDialog } from '../../src/ui/GuestDataDialog.tsx';
import { language, loadLanguage } from '../../src/ui/strings.ts';
import '../../src/ui/app.css';
import '../../src/ui/sheets.css';
import '../../src/ui/scan.css';
import '../../src/ui/venue.css';
import { TABLET_SIZES, screenHost } from '../support/screen.ts';

/** Where the screenshots go (next to this file, git-ignored), to look at as the owner would. */
const SHOTS = '__screenshots__/guest-data';
const host = screenHost();
const FRIDAY = new Date(2026, 11, 4, 20, 15).getTime();

const ANAS: ErasureMatch[] = [
  { partyId: 'p-1', joinedAt: FRIDAY, size: 2, status: 'seated', name: 'Ana García' },
  { partyId: 'p-2', joinedAt: FRIDAY - 86_400_000 * 3, size: 4, status: 'removed', name: 'Ana García' },
];

/** A venue server as the dialog sees it: two Anas to find, and the erasures it records (never the value). */
function fakeServer(where: Erasures['where'] = 'server') {
  const records: ErasureRecord[] = [{ id: 'e-0', at: FRIDAY - 86_400_000, field: 'email', parties: 1, tablet: 'Bar' }];
  const erased: { id: string; partyIds: readonly string[] }[] = [];
  const erasures: Erasures = {
    where,
    preview: async (field, value) => ({
      ok: true,
      value: field === 'name' && value.trim() === 'Ana García' ? ANAS : [],
    }),
    erase: async (id, field, _value, partyIds) => {
      erased.push({ id, partyIds });
      const record = { id, at: FRIDAY + 60_000, field, parties: partyIds.length, tablet: 'Door' };
      records.unshift(record);
      return { ok: true, value: record };
    },
    list: async () => ({ ok: true, value: [...records] }),
    newId: () => `e-${records.length}`,
  };
  return { erasures, erased };
}

/** Settings as the retention form uses them: the numbers it saves, checked by the venue's rule. */
function fakeSettings() {
  const saved: RetentionInput[] = [];
  // The dialog calls saveRetention only: the rest of the settings model is not drawn here.
  const settings = {
    saveRetention: async (input: RetentionInput) => (saved.push(input), checkRetention(input)),
  } as unknown as SettingsModel;
  return { settings, saved };
}

function show(erasures: Erasures, online = true) {
  const { settings, saved } = fakeSettings();
  render(
    <GuestDataDialog
      erasures={erasures}
      online={online}
      settings={settings}
      retention={{ personalDataDays: 30, historyMonths: 13 }}
      onClose={() => {}}
    />,
    host,
  );
  return saved;
}

async function noAxeViolations() {
  const result = await axe.run(document.querySelector('.guest-data-sheet')!, { resultTypes: ['violations'] });
  expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

async function shoot(name: string) {
  for (const [width, height] of TABLET_SIZES) {
    await page.viewport(width, height);
    await page.screenshot({ path: `${SHOTS}/${name}-${width}x${height}.png` });
  }
}

test('the owner finds two Anas, keeps one, confirms, and the erasure is listed without what was searched', async () => {
  const { erasures, erased } = fakeServer();
  show(erasures);
  await expect.element(page.getByText(/by email · 1 party · Bar$/)).toBeVisible();
  await page.getByLabelText('Guest’s name').fill('Ana García');
  await page.getByRole('button', { name: 'Find' }).click();
  await expect.element(page.getByRole('group', { name: '2 parties found' })).toBeVisible();
  const boxes = page.getByRole('checkbox');
  await expect.element(boxes.nth(0)).toBeChecked(); // all ticked at first
  await expect.element(boxes.nth(1)).toBeChecked();
  await noAxeViolations();
  await shoot('found-en');
  await boxes.nth(1).click(); // another Ana, three days before
  await page.getByRole('button', { name: 'Erase 1 guest' }).click();
  await expect
    .element(page.getByRole('alertdialog'))
    .toHaveTextContent(/Erase the details of 1 guest\?.*deleted on every tablet\. This can’t be undone/);
  await noAxeViolations();
  await shoot('confirm-en');
  await page.getByRole('button', { name: 'Yes, erase 1 guest' }).click();
  await expect.element(page.getByRole('status').filter({ hasText: 'Erased 1 guest.' })).toBeVisible();
  expect(erased).toEqual([{ id: 'e-1', partyIds: ['p-1'] }]);
  await expect.element(page.getByText(/by name · 1 party · Door$/)).toBeVisible();
  expect(document.querySelector('.erasure-list')!.textContent).not.toContain('Ana');
  await shoot('erased-en');
});

test('the retention numbers are checked before they are saved for every tablet', async () => {
  const saved = show(fakeServer().erasures);
  const days = page.getByLabelText('Days to keep guests’ names and contacts');
  await days.fill('400');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect.element(page.getByText('Enter a whole number of days from 1 to 365.')).toBeVisible();
  await expect.element(days).toHaveAttribute('aria-invalid', 'true');
  await days.fill('14');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect.element(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  expect(saved.at(-1)).toEqual({ personalDataDays: '14', historyMonths: '13' });
  await noAxeViolations();
});

test('paired but offline, nothing can be erased: the owner is told the venue server is needed, and why', async () => {
  show(fakeServer().erasures, false);
  await expect.element(page.getByRole('button', { name: 'Find' })).toBeDisabled();
  await expect
    .element(page.getByText(/^Erasing needs the venue server, so that every tablet erases the guest too/).first())
    .toBeVisible();
  await noAxeViolations();
  await page.viewport(768, 1024);
  await page.screenshot({ path: `${SHOTS}/offline-en-768x1024.png` });
});

test('in Spanish, on a tablet of its own: the same steps in Spanish, and it says only this tablet erases', async () => {
  await loadLanguage('es');
  language.value = 'es';
  show(fakeServer('tablet').erasures);
  await expect.element(page.getByText(/solo de esta tableta/)).toBeVisible();
  await page.getByLabelText('Nombre del cliente').fill('Ana García');
  await page.getByRole('button', { name: 'Buscar' }).click();
  await expect.element(page.getByRole('group', { name: '2 grupos encontrados' })).toBeVisible();
  await page.getByRole('button', { name: 'Borrar 2 clientes' }).click();
  await expect
    .element(page.getByRole('alertdialog'))
    .toHaveTextContent(/se borran de esta tableta\. No se puede deshacer/);
  await noAxeViolations();
  await shoot('confirm-es');
  await page.getByRole('button', { name: 'Sí, borrar 2 clientes' }).click();
  await expect.element(page.getByRole('status').filter({ hasText: 'Borrados 2 clientes.' })).toBeVisible();
  await shoot('erased-es');
});

test('the question comes to the owner, Cancel returns to Erase, and while erasing it says so, not "Looking…"', async () => {
  const { erasures } = fakeServer();
  let answer: (() => void) | null = null;
  const erase = erasures.erase;
  // The venue server takes its time: the owner sees what is happening meanwhile.
  erasures.erase = (...args) => new Promise((done) => (answer = () => void erase(...args).then(done)));
  show(erasures);
  await page.getByLabelText('Guest’s name').fill('Ana García');
  await page.getByRole('button', { name: 'Find' }).click();
  await page.getByRole('button', { name: 'Erase 2 guests' }).click();
  await expect.element(page.getByRole('alertdialog')).toHaveFocus();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect.element(page.getByRole('button', { name: 'Erase 2 guests' })).toHaveFocus();
  await page.getByRole('button', { name: 'Erase 2 guests' }).click();
  await page.getByRole('button', { name: 'Yes, erase 2 guests' }).click();
  await expect.element(page.getByRole('button', { name: 'Erasing…' })).toBeDisabled();
  await expect.element(page.getByRole('alertdialog')).toHaveTextContent(/Erase the details of 2 guests\?/);
  await expect.element(page.getByRole('button', { name: 'Find' })).toBeDisabled();
  await expect.element(page.getByRole('button', { name: 'Looking…' })).not.toBeInTheDocument();
  await expect.poll(() => answer).not.toBeNull();
  answer!();
  await expect.element(page.getByRole('status').filter({ hasText: 'Erased 2 guests.' })).toBeVisible();
});

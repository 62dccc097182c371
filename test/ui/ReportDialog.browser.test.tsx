import axe from 'axe-core';
import { render } from 'preact';
import { expect, test } from 'vitest';
import { page } from 'vitest/browser';
import type { VenueResult } from '../../src/core/venue.ts';
import type { VenueReport } from '../../src/core/wire/report.ts';
import { ReportDialog, type LoadReport } from '../../src/ui/ReportDialog.tsx';
import { language, loadLanguage } from '../../src/ui/strings.ts';
import '../../src/ui/app.css';
import '../../src/ui/sheets.css';
import { FRIDAY_REPORT } from '../support/report-fixture.ts';
import { TABLET_SIZES, screenHost } from '../support/screen.ts';

/** Where the screenshots go (next to this file, git-ignored), to look at as the owner would. */
const SHOTS = '__screenshots__/report';
const host = screenHost();
const MONDAY_MORNING = new Date(2026, 11, 7, 10, 0).getTime();

function show(answer: VenueResult<VenueReport>) {
  const asked: [string, string][] = [];
  const load: LoadReport = async (period, date) => {
    asked.push([period, date]);
    return answer;
  };
  render(<ReportDialog load={load} now={MONDAY_MORNING} onClose={() => {}} />, host);
  return asked;
}

async function noAxeViolations() {
  const result = await axe.run(document.querySelector('.report-sheet')!, { resultTypes: ['violations'] });
  expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

const csvOf = (link: HTMLAnchorElement) => decodeURIComponent(link.href.slice('data:text/csv;charset=utf-8,'.length));

test('the report of last night: each figure beside last Friday, charts with their tables, and the CSV of it', async () => {
  const asked = show({ ok: true, value: FRIDAY_REPORT });
  await expect.element(page.getByRole('heading', { name: 'The night of Friday, 4 December 2026' })).toBeVisible();
  expect(asked).toEqual([['night', '2026-12-06']]); // Sunday night, asked on Monday morning
  const figure = (name: string) => page.getByRole('term').filter({ hasText: new RegExp(`^${name}$`) });
  await expect.element(figure('Parties')).toBeVisible();
  const figures = document.querySelector('.report-figures')!.textContent;
  expect(figures).toContain('Parties67+16% vs last Friday'); // 67 against 58
  expect(figures).toContain('Guests201+16% vs last Friday');
  expect(figures).toContain('Median wait22 min−3 min vs last Friday');
  expect(figures).toContain('Seated within their quote72%+8 points vs last Friday');
  expect(figures).toContain('Walk-aways9+13% vs last Friday');
  // Each chart is an image with a title, and a real table holds its numbers.
  await expect
    .element(page.getByRole('img', { name: /^Bar chart of parties by hour of joining. Busiest: 19:00/ }))
    .toBeInTheDocument();
  const hours = page.getByRole('table').first();
  await expect.element(hours.getByRole('row', { name: '19:00 18 54 16' })).toBeInTheDocument();
  await expect.element(page.getByRole('row', { name: '3–4 guests 20 25 min 44 min 58 min' })).toBeInTheDocument();
  await expect.element(page.getByRole('row', { name: '6–10 16 3 19%' })).toBeInTheDocument();
  await expect.element(page.getByRole('img', { name: /^Grid of arrivals by weekday and hour/ })).toBeInTheDocument();
  await expect.element(page.getByText('Friday 19:00: 18 parties')).toBeVisible();
  // Waitbell's suggestion and the host's quotes over the same 48 seated parties, each beside last Friday.
  await expect.element(page.getByText('Over the 48 seated parties with both.', { exact: false })).toBeVisible();
  await expect
    .element(page.getByRole('img', { name: /Waitbell’s suggestion 79%, your quotes 71%\.$/ }))
    .toBeInTheDocument();
  await expect
    .element(page.getByRole('row', { name: 'Waitbell’s suggestion 79% 68% 1 min 4 min' }))
    .toBeInTheDocument();
  await expect.element(page.getByRole('row', { name: 'Your quotes 71% 55% 3 min 6 min' })).toBeInTheDocument();
  const link = page.getByRole('link', { name: 'Download CSV' });
  await expect.element(link).toHaveAttribute('download', 'waitbell-report-night-2026-12-04.csv');
  const csv = csvOf(link.element() as HTMLAnchorElement);
  expect(csv.split('\r\n')[0]).toBe('\ufeffSection,Figure,This period,Last Friday');
  expect(csv).toContain('Report,Parties,67,58\r\n');
  expect(csv).toContain('Waits by party size (seated parties),Every size: Median,22,25\r\n');
  expect(csv).toContain('Walk-aways,Did not come after being called,3,2\r\n');
  expect(csv).toContain('Waitbell’s suggestion against your quotes,Waitbell’s suggestion: Seated within (%),79,68\r\n');
  expect(csv).toContain('Waitbell’s suggestion against your quotes,Your quotes: Average distance,6.1,8\r\n');
  await noAxeViolations();
  for (const [width, height] of TABLET_SIZES) {
    await page.viewport(width, height);
    await page.screenshot({ path: `${SHOTS}/night-en-${width}x${height}.png` });
  }
  // Each chart on its own at the narrower size, portrait, where a chart has the least room.
  for (const [i, chart] of [...document.querySelectorAll('.report-chart')].entries()) {
    chart.scrollIntoView({ block: 'start' });
    await page.screenshot({ path: `${SHOTS}/night-en-768x1024-${i + 1}.png` });
  }
});

test('in Spanish, the same report reads in Spanish, its CSV too', async () => {
  await loadLanguage('es');
  language.value = 'es';
  show({ ok: true, value: FRIDAY_REPORT });
  await expect
    .element(page.getByRole('heading', { name: 'La noche del viernes, 4 de diciembre de 2026' }))
    .toBeVisible();
  const figures = document.querySelector('.report-figures')!.textContent;
  expect(figures).toContain('Grupos67+16 % vs. el viernes anterior');
  expect(figures).toContain('Espera mediana22 min−3 min vs. el viernes anterior');
  const csv = csvOf(page.getByRole('link', { name: 'Descargar CSV' }).element() as HTMLAnchorElement);
  expect(csv.split('\r\n')[0]).toBe('\ufeffSección,Dato,Este periodo,El viernes anterior');
  await expect
    .element(page.getByRole('row', { name: 'Sugerencia de Waitbell 79 % 68 % 1 min 4 min' }))
    .toBeInTheDocument();
  // The host is spoken to as tú, as everywhere else in Spanish.
  await expect
    .element(page.getByRole('heading', { name: 'La sugerencia de Waitbell frente a tus tiempos' }))
    .toBeVisible();
  await expect.element(page.getByRole('row', { name: /^Tus tiempos / })).toBeInTheDocument();
  await noAxeViolations();
  for (const [width, height] of TABLET_SIZES) {
    await page.viewport(width, height);
    await page.screenshot({ path: `${SHOTS}/night-es-${width}x${height}.png` });
  }
});

test('at 200% text the report still fits the tablet’s width: nothing to scroll sideways', async () => {
  show({ ok: true, value: FRIDAY_REPORT });
  document.documentElement.style.fontSize = '200%';
  try {
    await expect.element(page.getByRole('heading', { name: /^The night of/ })).toBeVisible();
    for (const [width, height] of TABLET_SIZES) {
      await page.viewport(width, height);
      const sheet = document.querySelector<HTMLElement>('.report-sheet')!;
      expect(sheet.scrollWidth).toBeLessThanOrEqual(sheet.clientWidth);
      await page.screenshot({ path: `${SHOTS}/text-200-${width}x${height}.png` });
      document.querySelector('.report-figures')?.scrollIntoView({ block: 'start' });
      await page.screenshot({ path: `${SHOTS}/text-200-${width}x${height}-figures.png` });
    }
  } finally {
    document.documentElement.style.fontSize = '';
  }
});

test('a period without suggestions recorded says why there is nothing to compare', async () => {
  const none = { recorded: false } as const;
  show({
    ok: true,
    value: {
      ...FRIDAY_REPORT,
      current: { ...FRIDAY_REPORT.current, suggestionAccuracy: none },
      suggestionAccuracy: none,
    },
  });
  await expect.element(page.getByRole('heading', { name: 'Waitbell’s suggestion against your quotes' })).toBeVisible();
  await expect
    .element(page.getByText(/^No seated party of this period has both your quote and Waitbell’s suggestion/))
    .toBeVisible();
  expect(page.getByRole('row', { name: /^Your quotes/ }).elements()).toEqual([]);
});

test('a refusal is said in plain words, with Try again; the week asks for the week', async () => {
  const asked = show({ ok: false, error: { kind: 'staff_pin_wrong', triesLeft: 2 } });
  await expect.element(page.getByRole('alert')).toHaveTextContent(/doesn’t know this PIN.*2 tries left/);
  await page.getByRole('button', { name: 'Try again' }).click();
  await page.getByRole('radio', { name: 'Week' }).click();
  await expect
    .poll(() => asked)
    .toEqual([
      ['night', '2026-12-06'],
      ['night', '2026-12-06'],
      ['week', '2026-12-06'],
    ]);
  await noAxeViolations();
  await page.viewport(768, 1024);
  await page.screenshot({ path: `${SHOTS}/refused-768x1024.png` });
});

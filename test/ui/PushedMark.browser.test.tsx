import { render } from 'preact';
import { afterEach, expect, test, vi } from 'vitest';
import { page } from 'vitest/browser';
import type { Party } from '../../src/core/party.ts';
import { PartyDetails } from '../../src/ui/PartyDetails.tsx';
import { PartyRow } from '../../src/ui/PartyRow.tsx';
import { language, loadLanguage } from '../../src/ui/strings.ts';
import { aParty } from '../support/parties.ts';
import '../../src/ui/app.css';
import '../../src/ui/board.css';
import '../../src/ui/sheets.css';

const SHOTS = '__screenshots__/pushed';
const NOW = 1_700_000_600_000;
const SIZES = [
  [1024, 768],
  [768, 1024],
] as const;

// Three guests who checked in online: one allowed Pushed, one whose permission the venue's app change lost, one neither.
const online = { joinedVia: 'online', phone: '+34600111222', joinedAt: NOW - 600_000 } as const;
const rosa = aParty({ ...online, name: 'Rosa Martínez', pushedUser: { allowedAt: NOW - 500_000, lostAt: null } });
const tomas = aParty({
  ...online,
  name: 'Tomás Ortega',
  pushedUser: { allowedAt: NOW - 500_000, lostAt: NOW - 60_000 },
});
const luis = aParty({ ...online, name: 'Luis', phone: null });

const board = document.body.appendChild(document.createElement('ul'));
board.className = 'board';
const sheet = document.body.appendChild(document.createElement('div'));
afterEach(() => {
  render(null, board);
  render(null, sheet);
});

function showBoard(parties: Party[]) {
  const actions = { next: vi.fn(), more: vi.fn() };
  render(
    <>
      {parties.map((party, i) => (
        <PartyRow
          key={party.id}
          party={party}
          position={i + 1}
          now={NOW}
          online
          lateAfterMinutes={10}
          actions={actions}
        />
      ))}
    </>,
    board,
  );
}

test('a guest who allowed Pushed has a Pushed mark beside the others, one whose permission was lost a warning, in rows as compact as the rest', async () => {
  showBoard([rosa, tomas, luis]);
  const [allowed, lost, neither] = [rosa, tomas, luis].map((p) => page.getByRole('listitem', { name: p.name }));
  await expect.element(allowed!.getByText('Pushed', { exact: true })).toBeInTheDocument();
  expect(allowed!.element().querySelector('.party-mark .icon-pushed')).not.toBeNull();
  await expect.element(lost!.getByText('Pushed lost')).toBeInTheDocument();
  expect(lost!.element().querySelector('.pushed-lost .icon-warning')).not.toBeNull();
  expect(neither!.element().textContent).not.toContain('Pushed');
  for (const [width, height] of SIZES) {
    await page.viewport(width, height);
    const heights = [allowed, lost, neither].map((r) => r!.element().getBoundingClientRect().height);
    expect(new Set(heights).size, `${width}×${height}`).toBe(1);
    for (const row of [allowed, lost]) {
      // The guest's whole name first: where the row is short of room the marks keep their icons and give up their words.
      const name = row!.element().querySelector('.party-name')!;
      expect(name.scrollWidth, `${width}×${height}`).toBeLessThanOrEqual(name.clientWidth);
      // The Pushed mark keeps its icon whatever the room.
      const icon = row!.element().querySelector('.icon-pushed, .pushed-lost .icon-warning')!;
      expect(icon.getBoundingClientRect().width, `${width}×${height}`).toBe(16);
      expect(row!.element().getBoundingClientRect().right).toBeLessThanOrEqual(width);
    }
    await page.screenshot({ path: `${SHOTS}/rows-${width}x${height}.png` });
  }
  // In Spanish the marks' words are longer ("Apuntado en línea", "Pushed perdido"): the names still show whole.
  await loadLanguage('es');
  language.value = 'es';
  try {
    showBoard([rosa, tomas, luis]);
    await expect.element(lost!.getByText('Pushed perdido')).toBeInTheDocument();
    for (const [width, height] of SIZES) {
      await page.viewport(width, height);
      for (const row of [allowed, lost]) {
        const name = row!.element().querySelector('.party-name')!;
        expect(name.scrollWidth, `es ${width}×${height}`).toBeLessThanOrEqual(name.clientWidth);
      }
      await page.screenshot({ path: `${SHOTS}/rows-es-${width}x${height}.png` });
    }
  } finally {
    language.value = 'en';
  }
});

test('a guest’s Pushed permission not reaching them is said on the row in words the host can act on', async () => {
  const failed = (errorType: string): Party => ({
    ...rosa,
    status: 'notified',
    calledAt: NOW - 60_000,
    callCount: 1,
    lastMessage: 'table_ready',
    messages: {
      table_ready: {
        round: 1,
        at: NOW - 60_000,
        delivery: { state: 'failed', at: NOW - 59_000, errorType, message: 'Pushed’s own words' },
        sent: 0,
      },
    },
  });
  showBoard([failed('user_not_subscribed')]);
  const row = page.getByRole('listitem', { name: rosa.name });
  await expect
    .element(
      row.getByText(
        /isn’t subscribed to your channel yet, though they allowed Pushed. Ask them to scan the Pushed code/,
      ),
    )
    .toBeVisible();
  await expect.element(row.getByRole('button', { name: 'Retry' })).toBeVisible();
  showBoard([{ ...failed('pushed_permission_lost'), pushedUser: tomas.pushedUser! }]);
  await expect.element(row.getByText(/the venue changed its Pushed app/)).toBeVisible();
  // Called again once the permission was lost: nowhere to send it, and the row says why.
  const nowhere = failed('x');
  nowhere.messages.table_ready!.delivery = { state: 'not_sent', at: NOW - 1_000, why: 'no_contact' };
  showBoard([{ ...nowhere, pushedUser: tomas.pushedUser! }]);
  await expect.element(row.getByText('Pushed permission lost: call the guest.')).toBeVisible();
  for (const [width, height] of SIZES) {
    await page.viewport(width, height);
    await page.screenshot({ path: `${SHOTS}/row-lost-failed-${width}x${height}.png` });
  }
});

function showDetails(party: Party) {
  const noop = vi.fn();
  render(
    <PartyDetails
      party={party}
      position={1}
      boardSize={3}
      now={NOW}
      online
      lateAfterMinutes={10}
      onNotify={noop}
      onAlmostReady={noop}
      onFinish={noop}
      onMove={noop}
      onEdit={noop}
      onClose={noop}
    />,
    sheet,
  );
}

test('the details say in words how the guest is told, and what to do once their Pushed permission is lost', async () => {
  showDetails(rosa);
  const dialog = page.getByRole('dialog', { name: rosa.name });
  await expect.element(dialog.getByText('Pushed: allowed on the guest’s phone')).toBeVisible();
  // Almost ready reaches them through Pushed as Table ready does.
  await expect.element(dialog.getByRole('button', { name: 'Almost ready' })).toBeVisible();
  for (const [width, height] of SIZES) {
    await page.viewport(width, height);
    await page.screenshot({ path: `${SHOTS}/details-allowed-${width}x${height}.png` });
  }
  render(null, sheet);
  showDetails(tomas);
  const lost = page
    .getByRole('dialog', { name: tomas.name })
    .getByText(
      'Pushed permission lost: the venue changed its Pushed app; ask the guest to tap ‘Notify me with Pushed’ again on their page',
    );
  await expect.element(lost).toBeVisible();
  expect(page.getByRole('button', { name: 'Almost ready' }).elements()).toEqual([]);
  await expect
    .element(page.getByRole('dialog', { name: tomas.name }).getByText('No PushedID or email: call the guest by name'))
    .toBeVisible();
  for (const [width, height] of SIZES) {
    await page.viewport(width, height);
    // A sentence that wraps inside the sheet, not one line running off it.
    const box = lost.element().getBoundingClientRect();
    const sheetBox = lost.element().closest('dialog')!.getBoundingClientRect();
    expect(box.right, `${width}×${height}`).toBeLessThanOrEqual(sheetBox.right);
    await page.screenshot({ path: `${SHOTS}/details-lost-${width}x${height}.png` });
  }
});

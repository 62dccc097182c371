import { render } from 'preact';
import { afterEach, expect, test, vi } from 'vitest';
import { page } from 'vitest/browser';
import type { Party } from '../../src/core/party.ts';
import { PartyRow, type RowActions } from '../../src/ui/PartyRow.tsx';
import { aParty } from '../support/parties.ts';
import '../../src/ui/app.css';
import '../../src/ui/board.css';

const host = document.body.appendChild(document.createElement('ul'));
afterEach(() => render(null, host));

const NOW = 1_700_000_600_000;
const waiting = aParty({ name: 'Maria', size: 4, joinedAt: NOW - 600_000 });
// What tablet 1's call looks like once it reaches this tablet.
const called: Party = { ...waiting, status: 'notified', calledAt: NOW - 1_000, callCount: 1 };

function show(party: Party, actions: RowActions) {
  render(<PartyRow party={party} position={1} now={NOW} online lateAfterMinutes={10} actions={actions} />, host);
}
const button = () => page.getByRole('button', { name: /Table ready|Seat now/ });

test('a tap landing in the very task that turns Table ready into Seat now is dropped, not taken as Seat now', async () => {
  const next = vi.fn();
  show(waiting, { next, more: vi.fn() });
  await expect.element(button()).toHaveTextContent('Table ready');
  // Another tablet's call arrives and the tap lands before the browser has painted the new words.
  show(called, { next, more: vi.fn() });
  (button().element() as HTMLButtonElement).click();
  expect(next).not.toHaveBeenCalled();
  await expect.element(button()).toHaveTextContent('Seat now');
  await expect.element(button()).toHaveAttribute('aria-disabled', 'true');
});

test('a finger that went down on Table ready does not seat the party when the words changed under it', async () => {
  const next = vi.fn();
  show(waiting, { next, more: vi.fn() });
  const el = button().element() as HTMLButtonElement;
  el.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
  show(called, { next, more: vi.fn() });
  // However long the finger rests, lifting it is not a tap on Seat now.
  await expect.element(button()).toHaveAttribute('aria-disabled', 'false');
  el.click();
  expect(next).not.toHaveBeenCalled();
  // The next tap, made on Seat now, seats.
  el.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
  el.click();
  expect(next).toHaveBeenCalledWith(called, 'seat');
});

test('a real tap on a steady button does what it says, once for a double tap', async () => {
  const next = vi.fn();
  show(waiting, { next, more: vi.fn() });
  // Both taps in one browser action: two round trips to Playwright could outlast the button's 700 ms wait on a
  // loaded machine, and then the second would rightly count.
  await button().dblClick();
  expect(next).toHaveBeenCalledTimes(1);
  expect(next).toHaveBeenCalledWith(waiting, 'notify');
});

/** A board of rows as the host sees it: a called party with no PushedID among others. */
function showBoard(board: HTMLElement) {
  const noContact: Party = {
    ...called,
    id: 'p-no-contact',
    name: 'Ines',
    calledAt: NOW - 60_000,
    lastMessage: 'table_ready',
    messages: {
      table_ready: { round: 1, at: NOW - 60_000, delivery: { state: 'not_sent', at: NOW, why: 'no_contact' }, sent: 0 },
    },
  };
  const long = aParty({
    name: 'Alexandra Montgomery-Smythe',
    size: 6,
    note: 'high chair, by the window',
    joinedAt: NOW - 900_000,
  });
  const actions = { next: vi.fn(), more: vi.fn() };
  render(
    <>
      {[noContact, waiting, long].map((party, i) => (
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

test('a row’s status words use the room the row has, and every row’s buttons stay on screen, at 200% too', async () => {
  const board = document.body.appendChild(document.createElement('ul'));
  board.className = 'board';
  try {
    showBoard(board);
    const status = page.getByText('No PushedID: call the guest.');
    // A tablet at 200% zoom lays out as one half its size.
    for (const [width, height] of [
      [1024, 768],
      [768, 1024],
      [512, 384],
      [384, 512],
    ] as const) {
      await page.viewport(width, height);
      await expect.element(status).toBeVisible();
      const line = status.element() as HTMLElement;
      await page.screenshot({ path: `__screenshots__/rows/board-${width}x${height}.png` });
      if (width >= 768) expect(line.scrollWidth, `${width}×${height}`).toBeLessThanOrEqual(line.clientWidth); // not cut
      for (const button of board.querySelectorAll('button')) {
        const box = button.getBoundingClientRect();
        expect(box.right, `${width}×${height}`).toBeLessThanOrEqual(document.documentElement.clientWidth);
        expect(box.left).toBeGreaterThanOrEqual(0);
      }
      // Every name keeps some room.
      for (const name of board.querySelectorAll('.party-name'))
        expect(name.getBoundingClientRect().width).toBeGreaterThan(40);
      await page.screenshot({ path: `__screenshots__/rows/board-${width}x${height}.png` });
    }
  } finally {
    render(null, board);
    board.remove();
  }
});

/** A guest who checked in from the venue's page with a phone, and one added at the stand beside them. */
const online: Party = {
  ...waiting,
  id: 'p-online',
  name: 'Ana Lucía Pérez',
  size: 2,
  joinedVia: 'online',
  phone: '+34600111222',
};
const atStand: Party = { ...waiting, id: 'p-stand', name: 'Luis', size: 2 };

function showTwo(board: HTMLElement, first: Party, actions: RowActions) {
  render(
    <>
      {[first, atStand].map((party, i) => (
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

test('a party that joined online says so in words beside an icon, and its phone is a Call link that dials it, in a row as compact as the others', async () => {
  const board = document.body.appendChild(document.createElement('ul'));
  board.className = 'board';
  const more = vi.fn();
  try {
    showTwo(board, online, { next: vi.fn(), more });
    const row = page.getByRole('listitem', { name: 'Ana Lucía Pérez' });
    await expect.element(row.getByText('Joined online')).toBeInTheDocument();
    expect(row.element().querySelector('.party-mark svg')).not.toBeNull();
    const call = row.getByRole('link', { name: 'Call Ana Lucía Pérez, +34600111222' });
    await expect.element(call).toHaveAttribute('href', 'tel:+34600111222');
    await expect.element(call).toHaveTextContent('Call');
    // The party added at the stand has neither.
    const other = page.getByRole('listitem', { name: 'Luis' });
    expect(other.element().textContent).not.toContain('Joined online');
    expect(other.element().querySelector('a')).toBeNull();
    for (const [width, height] of [
      [1024, 768],
      [768, 1024],
      // 200% text on a tablet: the marks keep their icons, and the name its room.
      [512, 384],
      [384, 512],
    ] as const) {
      await page.viewport(width, height);
      await expect.element(call).toBeVisible();
      const [a, b] = [row, other].map((r) => r.element().getBoundingClientRect().height);
      expect(a, `${width}×${height}`).toBe(b);
      const name = row.element().querySelector('.party-name')!;
      expect(name.getBoundingClientRect().width, `${width}×${height}`).toBeGreaterThan(40);
      // On a tablet the whole name shows: where the row is short of room the marks give up their words, not the name.
      if (width >= 768) expect(name.scrollWidth, `${width}×${height}`).toBeLessThanOrEqual(name.clientWidth);
      expect(row.element().getBoundingClientRect().right).toBeLessThanOrEqual(width);
      await page.screenshot({ path: `__screenshots__/rows/online-${width}x${height}.png` });
    }
    // Dialling is not also a tap on the row, which opens the party's details.
    call.element().addEventListener('click', (e) => e.preventDefault()); // no dialler in the test browser
    await call.click();
    expect(more).not.toHaveBeenCalled();
  } finally {
    render(null, board);
    board.remove();
  }
});

test('a called party shows “On the way” as soon as its guest taps it on their phone, in place of the message’s line', async () => {
  const ana: Party = {
    ...online,
    status: 'notified',
    calledAt: NOW - 120_000,
    callCount: 1,
    lastMessage: 'table_ready',
    messages: {
      table_ready: {
        round: 1,
        at: NOW - 120_000,
        delivery: { state: 'sent', at: NOW - 119_000, shipmentId: null },
        sent: 1,
      },
    },
  };
  const actions = { next: vi.fn(), more: vi.fn() };
  show(ana, actions);
  const row = page.getByRole('listitem', { name: 'Ana' });
  await expect.element(row.getByText('Called 2 min ago')).toBeVisible();
  expect(row.element().textContent).not.toContain('On the way');
  const lines = () => row.element().querySelectorAll('.party-status > span').length;
  const before = lines();
  // The guest's tap arrives with the next pull: the row draws again with it.
  show({ ...ana, onMyWayAt: NOW - 5_000 }, actions);
  await expect.element(row.getByText('On the way')).toBeVisible();
  expect(row.element().querySelector('.on-way-line svg')).not.toBeNull();
  expect(lines()).toBe(before); // no taller than before
  await expect.element(row.getByText('Called 2 min ago')).toBeVisible();
});

test('beside called rows whose call line is long, a called online guest’s whole name shows on a tablet: the marks give up their words first', async () => {
  const board = document.body.appendChild(document.createElement('ul'));
  board.className = 'board';
  try {
    const lupe: Party = { ...online, name: 'Lupe Fernández', status: 'notified', calledAt: NOW - 1_000, callCount: 1 };
    // "No PushedID: call the guest." sets the status column's width for every row of the board.
    const luis: Party = {
      ...atStand,
      status: 'notified',
      calledAt: NOW - 1_000,
      callCount: 1,
      lastMessage: 'table_ready',
      messages: {
        table_ready: {
          round: 1,
          at: NOW - 1_000,
          delivery: { state: 'not_sent', at: NOW, why: 'no_contact' },
          sent: 0,
        },
      },
    };
    render(
      <>
        {[luis, lupe].map((party, i) => (
          <PartyRow
            key={party.id}
            party={party}
            position={i + 1}
            now={NOW}
            online
            lateAfterMinutes={10}
            actions={{ next: vi.fn(), more: vi.fn() }}
          />
        ))}
      </>,
      board,
    );
    const row = page.getByRole('listitem', { name: 'Lupe Fernández' });
    for (const [width, height] of [
      [1024, 768],
      [768, 1024],
    ] as const) {
      await page.viewport(width, height);
      await expect.element(row.getByRole('link', { name: /^Call Lupe/ })).toBeVisible();
      const name = row.element().querySelector('.party-name')!;
      expect(name.scrollWidth, `${width}×${height}`).toBeLessThanOrEqual(name.clientWidth);
      expect(row.element().textContent).toContain('Joined online'); // still said, to screen readers at least
      await page.screenshot({ path: `__screenshots__/rows/online-called-${width}x${height}.png` });
    }
  } finally {
    render(null, board);
    board.remove();
  }
});

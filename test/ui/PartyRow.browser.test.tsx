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
  // Forced: Playwright would otherwise wait out the button's aria-disabled before the second tap.
  await button().click();
  await expect.element(button()).toHaveAttribute('aria-disabled', 'true');
  await button().click({ force: true });
  expect(next).toHaveBeenCalledTimes(1);
  expect(next).toHaveBeenCalledWith(waiting, 'notify');
});

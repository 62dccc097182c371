import { render } from 'preact';
import { afterEach, expect, test } from 'vitest';
import { page } from 'vitest/browser';
import type { StaffPinRecord } from '../../src/core/staff-pin.ts';
import { createPinModel } from '../../src/state/pin-model.ts';
import { StorageError } from '../../src/storage/storage-error.ts';
import { PinGate } from '../../src/ui/PinGate.tsx';
import '../../src/ui/app.css';

const host = document.body.appendChild(document.createElement('div'));
afterEach(() => render(null, host));

test('a PIN store that fails: the gate says why in words, with Try again, and works once the store does', async () => {
  let broken = true;
  let stored: StaffPinRecord | null = null;
  const store = {
    read: async () => (broken ? Promise.reject(new StorageError('unavailable')) : stored),
    save: async (record: StaffPinRecord) => void (stored = record),
    clear: async () => void (stored = null),
  };
  let unlocked = 0;
  render(
    <PinGate
      pin={createPinModel({ store, clock: { now: () => Date.now() } })}
      onUnlocked={() => (unlocked += 1)}
      onClose={() => {}}
    />,
    host,
  );

  const gate = page.getByRole('dialog');
  await expect.element(gate.getByRole('alert')).toHaveTextContent('This browser won’t let Waitbell save the waitlist');
  expect(gate.getByLabelText('PIN', { exact: true }).elements()).toEqual([]); // no field that could not work

  broken = false;
  await gate.getByRole('button', { name: 'Try again' }).click();
  await expect.element(gate.getByRole('heading', { name: 'Choose a staff PIN' })).toBeVisible();
  expect(gate.getByRole('alert').elements()).toEqual([]);
  await gate.getByLabelText('New PIN (4 to 8 digits)').fill('2468');
  await gate.getByLabelText('The same PIN again').fill('2468');
  await gate.getByRole('button', { name: 'Save PIN and open settings' }).click();
  // The recovery code is shown once; nothing is saved until the owner confirms it is written down.
  await expect.element(gate.getByRole('heading', { name: 'Write down the recovery code' })).toBeVisible();
  expect(stored).toBeNull();
  await gate.getByRole('button', { name: 'Continue to settings' }).click();
  await expect.element(gate.getByRole('alert')).toHaveTextContent('Tick the box once the code is written down.');
  await gate.getByLabelText('I have written down the recovery code').click();
  await gate.getByRole('button', { name: 'Continue to settings' }).click();
  await expect.poll(() => unlocked).toBe(1);
  expect(stored).toMatchObject({ recovery: { hash: expect.any(String) } });
});

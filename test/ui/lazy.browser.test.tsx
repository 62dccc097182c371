import { render } from 'preact';
import { useState } from 'preact/hooks';
import { afterEach, expect, test } from 'vitest';
import { page } from 'vitest/browser';
import { lazy } from '../../src/ui/lazy.tsx';

const host = document.body.appendChild(document.createElement('div'));
afterEach(() => render(null, host));

function Sheet({ onClose }: { onClose: () => void }) {
  return (
    <div role="dialog" aria-label="Settings">
      <button type="button" onClick={onClose}>
        Close
      </button>
    </div>
  );
}

test('a sheet whose chunk cannot be fetched closes, and the next tap fetches it again and opens it', async () => {
  let loads = 0;
  const Lazy = lazy(
    async () => {
      loads += 1;
      if (loads === 1) throw new TypeError('Failed to fetch dynamically imported module');
      return Sheet;
    },
    (props) => props.onClose(),
  );
  function Stand() {
    const [open, setOpen] = useState(false);
    return (
      <>
        <button type="button" onClick={() => setOpen(true)}>
          Settings
        </button>
        {open && <Lazy onClose={() => setOpen(false)} />}
      </>
    );
  }
  render(<Stand />, host);
  const settings = page.getByRole('button', { name: 'Settings' });

  await settings.click();
  await expect.poll(() => loads).toBe(1);
  expect(page.getByRole('dialog').elements()).toEqual([]);

  await settings.click(); // the host taps again: fetched again, and open
  await expect.element(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
  await page.getByRole('button', { name: 'Close' }).click();
  expect(page.getByRole('dialog').elements()).toEqual([]);

  await settings.click(); // once fetched, it opens without another fetch
  await expect.element(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
  expect(loads).toBe(2);
});

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

/** A stand with a Settings button opening `Lazy`, and a line saying when it could not be had. */
function stand(Lazy: ReturnType<typeof lazy<{ onClose: () => void }>>) {
  function Stand() {
    const [open, setOpen] = useState(false);
    const [unavailable, setUnavailable] = useState(0);
    return (
      <>
        <button type="button" onClick={() => setOpen(true)}>
          Settings
        </button>
        {unavailable > 0 && <p role="alert">Unavailable {unavailable}</p>}
        {open && (
          <Lazy
            onClose={() => setOpen(false)}
            onUnavailable={() => {
              setOpen(false);
              setUnavailable((n) => n + 1);
            }}
          />
        )}
      </>
    );
  }
  render(<Stand />, host);
  return page.getByRole('button', { name: 'Settings' });
}

test('a sheet whose chunk cannot be fetched says so, and the next tap fetches it again and opens it', async () => {
  let loads = 0;
  const settings = stand(
    lazy(async () => {
      loads += 1;
      if (loads === 1) throw new TypeError('Failed to fetch dynamically imported module');
      return Sheet;
    }),
  );

  await settings.click();
  await expect.element(page.getByRole('alert')).toHaveTextContent('Unavailable 1');
  expect(page.getByRole('dialog').elements()).toEqual([]);

  await settings.click(); // the host taps again: fetched again, and open
  await expect.element(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
  await page.getByRole('button', { name: 'Close' }).click();
  expect(page.getByRole('dialog').elements()).toEqual([]);

  await settings.click(); // once fetched, it opens without another fetch
  await expect.element(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
  expect(loads).toBe(2);
  await expect.element(page.getByRole('alert')).toHaveTextContent('Unavailable 1'); // told once, not again
});

test('preload fetches the sheet ahead, once, so the tap after shows it without a fetch of its own', async () => {
  let loads = 0;
  let arrive!: () => void;
  const Lazy = lazy(() => {
    loads += 1;
    return new Promise<typeof Sheet>((resolve) => (arrive = () => resolve(Sheet)));
  });
  Lazy.preload();
  Lazy.preload();
  expect(loads).toBe(1);
  const settings = stand(Lazy);
  arrive();
  await settings.click();
  await expect.element(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
  expect(loads).toBe(1);
});

import { render } from 'preact';
import { afterEach, expect, test } from 'vitest';
import { page } from 'vitest/browser';
import { ConnectionBadge, type SyncBadge } from '../../src/ui/ConnectionBadge.tsx';
import { language, loadLanguage } from '../../src/ui/strings.ts';
import '../../src/ui/app.css';

const host = document.body.appendChild(document.createElement('div'));
afterEach(() => {
  render(null, host);
  language.value = 'en';
});

const badge = (name = 'Connection') => page.getByRole('status', { name });
const show = (sync: SyncBadge | undefined, online = true, waiting = 0) =>
  render(<ConnectionBadge online={online} waiting={waiting} sync={sync} />, host);

test('a tablet on its own says online or offline, with the messages waiting to go, as before', async () => {
  show(undefined, false, 2);
  await expect.element(badge()).toHaveTextContent('Offline · 2 to send');
  show(undefined, true, 1);
  await expect.element(badge()).toHaveTextContent('Online · 1 to send');
});

test.each<[SyncBadge, string, string]>([
  [{ state: 'in_sync', pending: 0 }, '●', 'In sync'],
  [{ state: 'syncing', pending: 1 }, '◐', 'Syncing 1 change'],
  [{ state: 'syncing', pending: 12 }, '◐', 'Syncing 12 changes'],
  [{ state: 'offline', pending: 3 }, '○', 'Offline · 3 changes waiting'],
  [{ state: 'unreachable', pending: 0 }, '△', 'Venue server unreachable'],
  [{ state: 'disconnected', pending: 4 }, '✕', 'Disconnected from the venue server'],
])('connected to the venue server, %o reads "%s %s"', async (sync, mark, words) => {
  show(sync);
  await expect.element(badge()).toHaveTextContent(`${mark} ${words}`);
  // Not colour alone: every state that needs the host's eye is drawn differently from "in sync".
  const look = getComputedStyle(badge().element());
  expect(look.borderStyle === 'dashed').toBe(!['in_sync', 'syncing'].includes(sync.state));
  expect(badge().element().getAttribute('title')).toBeTruthy();
});

test('in Spanish too, in words a host reads at a glance', async () => {
  await loadLanguage('es');
  language.value = 'es';
  show({ state: 'offline', pending: 1 });
  await expect.element(badge('Conexión')).toHaveTextContent('Sin conexión · 1 cambio en espera');
  show({ state: 'in_sync', pending: 0 }, true, 2);
  await expect.element(badge('Conexión')).toHaveTextContent('Sincronizada · 2 por enviar');
});

/** The header as the board shows it, the badge among the title, the totals and the buttons. */
const header = (sync: SyncBadge) =>
  render(
    <div class="app">
      <header class="app-header">
        <h1 class="app-title">Waitbell</h1>
        <p class="totals">
          <span>12 parties</span>
          <span class="totals-sep"> · </span>
          <span>41 people</span>
        </p>
        <ConnectionBadge online waiting={0} sync={sync} />
        <div class="header-actions">
          <button type="button" class="button">
            Full screen
          </button>
          <button type="button" class="button">
            Settings
          </button>
        </div>
      </header>
    </div>,
    host,
  );

test.each(['en', 'es'] as const)(
  'a tablet older than the venue server says "Update Waitbell" (%s), whole and in view in the header at 1024×768',
  async (lang) => {
    await loadLanguage(lang);
    language.value = lang;
    await page.viewport(1024, 768);
    header({ state: 'in_sync', pending: 0 });
    const name = lang === 'en' ? 'Connection' : 'Conexión';
    const oneLine = badge(name).element().getBoundingClientRect().height;
    header({ state: 'update_required', pending: 3 });
    const words = lang === 'en' ? /^↻ Update Waitbell: / : /^↻ Actualice Waitbell: /;
    await expect.element(badge(name)).toHaveTextContent(words);
    const shown = badge(name).element();
    const box = shown.getBoundingClientRect();
    // Drawn apart from "in sync" (a dashed border, a mark of its own), and its words never cut off or off screen.
    expect(getComputedStyle(shown).borderStyle).toBe('dashed');
    expect(shown.getAttribute('title')).toMatch(/Waitbell/);
    expect(box.right).toBeLessThanOrEqual(1024);
    expect(box.left).toBeGreaterThanOrEqual(0);
    expect(shown.scrollWidth).toBeLessThanOrEqual(shown.clientWidth + 1);
    expect(box.height).toBeLessThanOrEqual(oneLine * 3); // wraps to a few lines at most, never a column of words
    await page.screenshot({ path: `__screenshots__/connection-badge/update-required-${lang}-1024x768.png` });
  },
);

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

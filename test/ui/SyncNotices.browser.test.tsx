import { signal } from '@preact/signals';
import { render } from 'preact';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { page } from 'vitest/browser';
import type { GuestCancel, SyncEngine, SyncNotice } from '../../src/state/sync-model.ts';
import { language } from '../../src/ui/strings.ts';
import { SyncNotices } from '../../src/ui/SyncNotices.tsx';
import '../../src/ui/app.css';

const SHOTS = '__screenshots__/sync-notices';
const host = document.body.appendChild(document.createElement('div'));
beforeEach(() => void (language.value = 'en'));
afterEach(() => render(null, host));

const at = new Date(2026, 10, 28, 20, 14).getTime();
const called: SyncNotice = {
  id: 'm-1',
  partyName: 'Maria',
  partySize: 4,
  change: { id: 'm-1', tablet: 'bar', at, partyId: 'p1', kind: 'act', action: 'notify', round: 1 },
  reason: { kind: 'already_called', round: 1, tablet: 'door', calledAt: at },
  tablet: 'Door',
  reachable: true,
};
const seated: SyncNotice = {
  ...called,
  id: 'm-2',
  partyName: 'Ana',
  change: { id: 'm-2', tablet: 'bar', at, partyId: 'p2', kind: 'act', action: 'no_show' },
  reason: { kind: 'already_finished', by: 'seated', tablet: 'door', finishedAt: at },
};
const refused: SyncNotice = {
  ...called,
  id: 'm-3',
  partyName: 'Luis',
  change: { id: 'm-3', tablet: 'bar', at, partyId: 'p3', kind: 'undo', undoes: 'm-0' },
  reason: { kind: 'changed_since', tablet: 'door' },
};

/** The notices as the board shows them, from an engine that holds just these. */
function show(notices: SyncNotice[], cancels: GuestCancel[] = []) {
  const guestCancels = signal(cancels);
  // Only what SyncNotices reads of an engine.
  const engine = {
    notices: signal(notices),
    guestCancels,
    history: signal(null),
    dismiss: (id: string) => (guestCancels.value = guestCancels.value.filter((c) => c.id !== id)),
  } as unknown as SyncEngine;
  render(<SyncNotices engine={engine} />, host);
}

const red = () => getComputedStyle(document.documentElement).getPropertyValue('--problem-line').trim();
const borderOf = (text: string) => {
  const el = [...host.querySelectorAll<HTMLElement>('.sync-notice')].find((n) => n.textContent?.includes(text))!;
  return getComputedStyle(el).borderTopColor;
};
const asRgb = (color: string) => {
  const probe = document.body.appendChild(document.createElement('i'));
  probe.style.color = color;
  const rgb = getComputedStyle(probe).color;
  probe.remove();
  return rgb;
};

test('a guest called anyway, or a party another tablet already seated, is calm news; a change that did not happen stays red', async () => {
  show([called, seated, refused]);
  await expect
    .element(page.getByRole('status').filter({ hasText: 'Maria (party of 4) was already called' }))
    .toBeVisible();
  await expect.element(page.getByRole('status').filter({ hasText: 'Ana was already seated' })).toBeVisible();
  await expect.element(page.getByRole('alert').filter({ hasText: 'Luis was changed on Door since' })).toBeVisible();
  expect(page.getByRole('alert').all()).toHaveLength(1);
  expect(borderOf('Maria')).not.toBe(asRgb(red()));
  expect(borderOf('Ana')).not.toBe(asRgb(red()));
  expect(borderOf('Luis')).toBe(asRgb(red()));
  for (const [width, height] of [
    [1024, 768],
    [768, 1024],
  ] as const) {
    await page.viewport(width, height);
    await page.screenshot({ path: `${SHOTS}/notices-${width}x${height}.png` });
  }
});

test('a new party the venue’s full list refused is a red notice that names it and says only this tablet has it', async () => {
  const onlyHere: SyncNotice = {
    ...called,
    id: 'm-4',
    partyName: 'Bo',
    change: { id: 'm-4', tablet: 'bar', at, partyId: 'p4', kind: 'add', party: {} as never },
    reason: { kind: 'board_full', bound: 'parties', max: 500 },
  };
  show([onlyHere]);
  await expect
    .element(page.getByRole('alert').filter({ hasText: 'Bo is only on this tablet: the venue’s list is full' }))
    .toBeVisible();
  expect(borderOf('Bo is only')).toBe(asRgb(red()));
  language.value = 'es';
  await expect.element(page.getByRole('alert').filter({ hasText: 'Bo solo está en esta tableta' })).toBeVisible();
  await page.viewport(1024, 768);
  await page.screenshot({ path: `${SHOTS}/board-full-1024x768.png` });
});

test('a guest who cancelled from their phone is calm news, in the kiosk’s language, gone with one tap', async () => {
  show([], [{ id: 'p9', partyName: 'Ana', partySize: 2 }]);
  const notice = page.getByRole('status');
  await expect.element(notice).toHaveTextContent('Ana (party of 2) cancelled from their phone.');
  expect(borderOf('Ana')).not.toBe(asRgb(red()));
  language.value = 'es';
  await expect.element(notice).toHaveTextContent('Ana (grupo de 2) canceló desde su teléfono.');
  await notice.getByRole('button').click();
  await expect.element(page.getByText('Ana (grupo de 2)', { exact: false })).not.toBeInTheDocument();
});

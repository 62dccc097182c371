import type { KioskControls } from '../platform/kiosk.ts';

/** What the screens may ask of the tablet itself: the browser's kiosk controls (built in main.tsx), and its language. */
export interface KioskPort extends KioskControls {
  /** Switches the kiosk's language and remembers it on this tablet. */
  setLanguage(language: string): void;
}

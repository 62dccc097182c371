import type { GuestApi } from './guest-api.ts';
import type { Language } from './words.ts';

/** Whether this phone can show system notifications for the page, and whether the guest allowed it. */
export type NotifyPermission = 'default' | 'granted' | 'denied' | 'unsupported';

/** The phone's alerts for "Your table is ready": each one silently does nothing where the browser can't. */
export interface Alerts {
  vibrate(): void;
  /** Plays a short beep, once sound was unlocked by a tap. */
  beep(): void;
  /** Unlocks sound; must run inside the guest's tap. Returns whether sound is now on. */
  unlockSound(): boolean;
  soundOn(): boolean;
  permission(): NotifyPermission;
  requestPermission(): Promise<NotifyPermission>;
  /** Shows a system notification if the guest allowed them and the page is not in view. */
  notify(title: string, body: string): void;
}

/** What the guest's phone keeps between visits: the ticket per venue and the chosen language. No cookies. */
export interface GuestStore {
  ticket(code: string): string | null;
  saveTicket(code: string, token: string): void;
  forgetTicket(code: string, token: string): void;
  language(): Language | null;
  saveLanguage(language: Language): void;
}

/** Everything the pages need from the browser, built for real in main.tsx and faked nowhere else. */
export interface GuestPorts {
  api: GuestApi;
  store: GuestStore;
  alerts: Alerts;
  /** Replaces the address (no new history entry: Back never resubmits). */
  replaceAddress(path: string): void;
  /** Leaves for another site (Pushed's authorise page) in a new history entry: Back comes back here. */
  navigate(url: string): void;
  /** Calls `listener` each time the page is shown again from the back/forward cache; returns the unsubscribe. */
  onShownAgain(listener: () => void): () => void;
  /** Calls `listener` each time the page comes back into view; returns the unsubscribe. */
  onVisible(listener: () => void): () => void;
}

import { enHistoryExport } from './i18n/en-history-export.ts';
import { enOnline } from './i18n/en-online.ts';
import { enOwner } from './i18n/en-owner.ts';
import { enShared } from './i18n/en-shared.ts';
import { enVenueOwner } from './i18n/en-venue-owner.ts';
import { esHistoryExport } from './i18n/es-history-export.ts';
import { esOnline } from './i18n/es-online.ts';
import { esOwner } from './i18n/es-owner.ts';
import { esShared } from './i18n/es-shared.ts';
import { esVenueOwner } from './i18n/es-venue-owner.ts';
import { language, type Language } from './strings.ts';

/** Words only Settings (and the PIN pad) read: the venue's Pushed account, pairing codes, its tablets, the shared settings' notices, PIN recovery, call rules, the poster, online check-in. */
const english = {
  ...enVenueOwner,
  shared: enShared,
  owner: enOwner,
  online: enOnline,
  historyExport: enHistoryExport,
};
export type SettingsWords = typeof english;

// Every language's, in one chunk with Settings: the first screen never loads them.
const WORDS = {
  en: english,
  es: { ...esVenueOwner, shared: esShared, owner: esOwner, online: esOnline, historyExport: esHistoryExport },
} satisfies Record<Language, SettingsWords>;

/** The words only Settings read, in the kiosk's language. */
export const settingsWords = (): SettingsWords => WORDS[language.value];

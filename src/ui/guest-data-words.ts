import { enGuestData } from './i18n/en-guest-data.ts';
import { esGuestData } from './i18n/es-guest-data.ts';
import { language, type Language } from './strings.ts';

// Every language's, in one chunk with Settings: the first screen never loads them.
const WORDS = { en: enGuestData, es: esGuestData } satisfies Record<Language, typeof enGuestData>;

/** Settings → Guests' data's words, in the kiosk's language. */
export const guestDataWords = (): typeof enGuestData => WORDS[language.value];

import { enAnnounce } from './i18n/en-announce.ts';
import { esAnnounce } from './i18n/es-announce.ts';
import { language, type Language } from './strings.ts';

// Every language's, in one chunk with the announcements' sheets: the first screen never loads them.
const WORDS = { en: enAnnounce, es: esAnnounce } satisfies Record<Language, typeof enAnnounce>;

/** The announcements' words (their sheet, and their PIN pad), in the kiosk's language. */
export const announceWords = (): typeof enAnnounce => WORDS[language.value];

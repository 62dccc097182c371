import { enReport } from './i18n/en-report.ts';
import { esReport } from './i18n/es-report.ts';
import { language, type Language } from './strings.ts';

// Every language's, in one chunk with the report's screen: the first screen never loads them.
const WORDS = { en: enReport, es: esReport } satisfies Record<Language, typeof enReport>;

/** The report's words, in the kiosk's language. */
export const reportWords = (): typeof enReport => WORDS[language.value];

import { signal } from '@preact/signals';
import { en } from './i18n/en.ts';
import { es } from './i18n/es.ts';

/** Every word the host and guests read, per language: the shape of `en`. */
export type Strings = typeof en;

/** The languages the kiosk speaks. A third is one more file in i18n/ and one more entry here. */
const STRINGS = { en, es } satisfies Record<string, Strings>;
export type Language = keyof typeof STRINGS;
export const LANGUAGES = Object.keys(STRINGS) as Language[];

/** The kiosk's language now; components that read `t()` follow it. */
export const language = signal<Language>('en');

/** The strings of the kiosk's language. */
export const t = (): Strings => STRINGS[language.value];

/** The strings of one language (the join screen may speak another than the kiosk, for guests). */
export const stringsFor = (lang: Language): Strings => STRINGS[lang];

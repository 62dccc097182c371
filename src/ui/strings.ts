import { effect, signal } from '@preact/signals';
import { en } from './i18n/en.ts';

/** Every word the host and guests read, per language: the shape of `en`. */
export type Strings = typeof en;

/**
 * The languages the kiosk speaks, each fetched only when spoken: English is in the first screen,
 * the others are chunks of their own (precached by the service worker, so offline too). A third
 * language is one more file in i18n/ and one more entry here.
 */
const LOADERS = {
  en: () => Promise.resolve(en),
  es: async () => (await import('./i18n/es.ts')).es,
} satisfies Record<string, () => Promise<Strings>>;
export type Language = keyof typeof LOADERS;
export const LANGUAGES = Object.keys(LOADERS) as Language[];

/** Each language's own name, for the language picker: known before its strings are loaded. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', es: 'Español' };

/** The kiosk's language now; components that read `t()` follow it. */
export const language = signal<Language>('en');

/** The languages loaded so far. */
const loaded = signal<Partial<Record<Language, Strings>>>({ en });
const loading = new Map<Language, Promise<Strings>>();

/** Loads a language's strings (once); components reading them redraw when they arrive. */
export function loadLanguage(lang: Language): Promise<Strings> {
  const known = loaded.value[lang];
  if (known) return Promise.resolve(known);
  let pending = loading.get(lang);
  if (!pending) {
    pending = LOADERS[lang]().then((strings) => {
      loaded.value = { ...loaded.value, [lang]: strings };
      return strings;
    });
    pending.catch(() => loading.delete(lang)); // tried again the next time it is asked for
    loading.set(lang, pending);
  }
  return pending;
}

// A language chosen is fetched at once; until it has arrived (a moment, from the cache), English.
effect(() => {
  const lang = language.value;
  if (!loaded.value[lang]) loadLanguage(lang).catch(() => {});
});

/** The strings of one language, English until it has loaded (the join screen may speak another than the kiosk, for guests). */
export function stringsFor(lang: Language): Strings {
  const strings = loaded.value[lang];
  if (!strings) loadLanguage(lang).catch(() => {});
  return strings ?? en;
}

/** The strings of the kiosk's language. */
export const t = (): Strings => stringsFor(language.value);

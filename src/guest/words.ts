import type { CheckInWordKey } from './check-in-words.ts';
import type { StatusWordKey } from './status-words.ts';

/** The languages the guest pages speak. */
export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The words both pages read, in English; `{name}` marks a value filled in by `say`. Each page's own are in its chunk. */
const en = {
  langEn: 'EN',
  langEs: 'ES',
  language: 'Language',
  pageTitle: '{venue}: waitlist',
  loading: 'Loading…',
  pushedWhat: 'The Pushed app tells you when your table is ready.',
  tooMany: 'Too many requests from this network just now. Please try again {when}.',
  tooManySoon: 'Too many requests from this network just now. Please try again in a minute.',
  wrongOrigin: 'This page couldn’t send your check-in. Please reload it and try again.',
  unreachable: 'We couldn’t reach the restaurant. Check your connection and try again.',
  serverError: 'Something went wrong on our side. Please try again.',
  tryAgain: 'Try again',
} as const;

type SharedWordKey = keyof typeof en;

/** The words' keys: both languages have exactly these. */
export type WordKey = SharedWordKey | CheckInWordKey | StatusWordKey;

const es: Record<SharedWordKey, string> = {
  langEn: 'EN',
  langEs: 'ES',
  language: 'Idioma',
  pageTitle: '{venue}: lista de espera',
  loading: 'Cargando…',
  pushedWhat: 'La app Pushed te avisa cuando tu mesa está lista.',
  tooMany: 'Demasiadas solicitudes desde esta red en poco tiempo. Vuelve a intentarlo {when}.',
  tooManySoon: 'Demasiadas solicitudes desde esta red en poco tiempo. Vuelve a intentarlo en un minuto.',
  wrongOrigin: 'Esta página no pudo enviar tu registro. Vuelve a cargarla e inténtalo de nuevo.',
  unreachable: 'No pudimos conectar con el restaurante. Revisa tu conexión e inténtalo de nuevo.',
  serverError: 'Algo falló por nuestra parte. Inténtalo de nuevo.',
  tryAgain: 'Reintentar',
};

/** Both languages' words, by language; a page's own words are there once its chunk has loaded. */
export const WORDS = { en: { ...en }, es: { ...es } } as Record<Language, Record<WordKey, string>>;

/** Adds a page's own words (its chunk calls this as it loads): a phone downloads only the words of the page it shows. */
export function addWords(en: Record<string, string>, es: Record<string, string>): void {
  Object.assign(WORDS.en, en);
  Object.assign(WORDS.es, es);
}

/** The text of `key` in `language`, with each `{name}` replaced by `values[name]`. */
export function say(language: Language, key: WordKey, values: Record<string, string | number> = {}): string {
  // A page's own word asked for before its chunk loaded says nothing rather than breaking the page.
  return (WORDS[language][key] ?? '').replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

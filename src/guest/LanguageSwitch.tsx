import { LANGUAGES, say, type Language } from './words.ts';

/** EN | ES, at the top of every guest page; the chosen one is pressed. */
export function LanguageSwitch({ language, choose }: { language: Language; choose(language: Language): void }) {
  return (
    <nav class="lang" aria-label={say(language, 'language')}>
      {LANGUAGES.map((l) => (
        <button type="button" key={l} lang={l} aria-pressed={l === language} onClick={() => choose(l)}>
          {say(l, l === 'en' ? 'langEn' : 'langEs')}
        </button>
      ))}
    </nav>
  );
}

import { render } from 'preact';
import { App } from './App.tsx';
import { browserAlerts } from './browser-alerts.ts';
import { createGuestApi, PUSHED_OUTCOMES, type PushedOutcome } from './guest-api.ts';
import type { GuestStore } from './ports.ts';
import { routeOf } from './route.ts';
import { LANGUAGES, type Language } from './words.ts';
import './guest.css';

// The guest pages' composition root: no service worker, no cookies, only this origin's guest API.
const LANGUAGE_KEY = 'waitbell-guest-language';
const ticketKey = (code: string) => `waitbell-guest-ticket:${code}`;

// localStorage may be missing or refuse (private modes, blocked storage): the pages work without it.
const attempt = <T,>(run: () => T, fallback: T): T => {
  try {
    return run();
  } catch {
    return fallback;
  }
};

const store: GuestStore = {
  ticket: (code) => attempt(() => localStorage.getItem(ticketKey(code)), null),
  saveTicket: (code, token) => attempt(() => localStorage.setItem(ticketKey(code), token), undefined),
  forgetTicket: (code, token) =>
    attempt(() => {
      if (localStorage.getItem(ticketKey(code)) === token) localStorage.removeItem(ticketKey(code));
    }, undefined),
  language: () => attempt(() => localStorage.getItem(LANGUAGE_KEY) as Language | null, null),
  saveLanguage: (language) => attempt(() => localStorage.setItem(LANGUAGE_KEY, language), undefined),
};

const saved = store.language();
const preferred = [...navigator.languages, navigator.language].map((tag) => tag.slice(0, 2).toLowerCase());
const language =
  saved && LANGUAGES.includes(saved) ? saved : (preferred.find((l): l is Language => l === 'en' || l === 'es') ?? 'en');

// Another status link opened in this tab changes only the fragment: read the page afresh for it.
addEventListener('hashchange', () => location.reload());

// How asking Pushed went is said once: a reload or a shared address must not say it again (the fragment stays).
const query = new URLSearchParams(location.search);
const outcome = query.get('pushed');
if (outcome !== null) {
  query.delete('pushed');
  const rest = query.toString();
  history.replaceState(null, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
}

// A status address without its ticket (the venue server's "link already used" page links there): this phone's own.
let route = routeOf(location.pathname, location.hash);
const kept = route.page === 'status' && !route.token ? store.ticket(route.code) : null;
if (kept) {
  route = { page: 'status', code: route.code, token: kept };
  history.replaceState(null, '', `${location.pathname}${location.search}#${kept}`);
}

render(
  <App
    route={route}
    language={language}
    pushed={PUSHED_OUTCOMES.find((known): known is PushedOutcome => known === outcome) ?? null}
    ports={{
      api: createGuestApi((input, init) => fetch(input, init)),
      store,
      alerts: browserAlerts(),
      replaceAddress: (path) => history.replaceState(null, '', path),
      navigate: (url) => location.assign(url),
      onShownAgain(listener) {
        const onShow = (event: PageTransitionEvent) => event.persisted && listener();
        addEventListener('pageshow', onShow);
        return () => removeEventListener('pageshow', onShow);
      },
      onVisible(listener) {
        const onChange = () => document.visibilityState === 'visible' && listener();
        document.addEventListener('visibilitychange', onChange);
        return () => document.removeEventListener('visibilitychange', onChange);
      },
    }}
  />,
  document.getElementById('guest')!,
);

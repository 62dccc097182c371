import { useEffect, useState } from 'preact/hooks';
import type { PushedOutcome, TicketStatus } from './guest-api.ts';
import type { GuestPorts } from './ports.ts';
import { statusPath, type Route } from './route.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { checkInPage, statusPage } from './pages.ts';
import { say, type Language } from './words.ts';

type Pages = { CheckInPage: Awaited<ReturnType<typeof checkInPage>>['CheckInPage'] } & {
  StatusPage: Awaited<ReturnType<typeof statusPage>>['StatusPage'];
};

/** The guest's pages: check-in, then (after joining, without a reload) the party's status. */
export function App({
  ports,
  route: first,
  language: firstLanguage,
  pushed,
}: {
  ports: GuestPorts;
  route: Route;
  language: Language;
  /** How asking Pushed went, when the venue server sent the guest back here from Pushed. */
  pushed: PushedOutcome | null;
}) {
  const [language, setLanguage] = useState(firstLanguage);
  const [route, setRoute] = useState(first);
  const [joined, setJoined] = useState<TicketStatus | null>(null);
  // The guest joined with "notify me with Pushed": their status page goes on to Pushed at once.
  const [toPushed, setToPushed] = useState(false);
  const [pages, setPages] = useState<Partial<Pages>>({});
  // The venue's answer is asked for at once, while the check-in page's code is still on its way.
  const [venue] = useState(() => (first.page === 'check-in' ? ports.api.venue(first.code) : null));

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  useEffect(() => {
    void (route.page === 'status' ? statusPage() : checkInPage()).then((page) =>
      setPages((all) => ({ ...all, ...page })),
    );
  }, [route.page]);

  const choose = (next: Language) => {
    ports.store.saveLanguage(next);
    setLanguage(next);
  };
  const onJoined = (token: string, status: TicketStatus, withPushed: boolean) => {
    ports.store.saveTicket(route.code, token);
    ports.replaceAddress(statusPath(route.code, token));
    setJoined(status);
    setToPushed(withPushed);
    setRoute({ page: 'status', code: route.code, token });
  };

  const { CheckInPage, StatusPage } = pages;
  return (
    <>
      <LanguageSwitch language={language} choose={choose} />
      <main class="guest">
        {route.page === 'status' && StatusPage ? (
          <StatusPage
            ports={ports}
            language={language}
            code={route.code}
            token={route.token}
            first={joined}
            outcome={pushed}
            toPushed={toPushed}
          />
        ) : route.page === 'check-in' && CheckInPage ? (
          <CheckInPage ports={ports} language={language} code={route.code} first={venue} onJoined={onJoined} />
        ) : (
          <p class="loading">{say(language, 'loading')}</p>
        )}
      </main>
    </>
  );
}

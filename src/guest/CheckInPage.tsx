import { useEffect, useState } from 'preact/hooks';
import type { ApiRefusal, ApiResult, TicketStatus, VenueInfo } from './guest-api.ts';
import type { GuestPorts } from './ports.ts';
import { statusPath } from './route.ts';
import { formatClock } from './format.ts';
import { JoinForm } from './JoinForm.tsx';
import { Problem } from './Problem.tsx';
import { say, type Language, type WordKey } from './words.ts';

const CLOSED: Record<string, WordKey> = { paused: 'paused', full: 'full', not_set_up: 'notSetUp' };

interface Props {
  ports: GuestPorts;
  language: Language;
  code: string;
  /** The venue's answer already asked for, used by the first attempt. */
  first: Promise<ApiResult<VenueInfo>> | null;
  onJoined(token: string, status: TicketStatus): void;
}

/** The venue's check-in page: its name, the wait now, and the form (or why joins are closed). */
export function CheckInPage({ ports, language, code, first, onJoined }: Props) {
  const [info, setInfo] = useState<VenueInfo | null>(null);
  const [refusal, setRefusal] = useState<ApiRefusal | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [stored, setStored] = useState<string | null>(null);
  // A guest already on the list sees their place first: a second party joins only on purpose.
  const [another, setAnother] = useState(false);

  useEffect(() => {
    let live = true;
    setRefusal(null);
    void ((attempt === 0 && first) || ports.api.venue(code)).then((result) => {
      if (!live) return;
      if (result.ok) setInfo(result.value);
      else setRefusal(result.refusal);
    });
    return () => {
      live = false;
    };
  }, [code, attempt]);

  // A ticket kept on this phone for this venue is offered only while its party is still on the list.
  useEffect(() => {
    const token = ports.store.ticket(code);
    if (!token) return;
    void ports.api.ticket(token).then((result) => {
      if (result.ok && (result.value.state === 'waiting' || result.value.state === 'called')) setStored(token);
      else if (result.ok || result.refusal.status === 404 || result.refusal.status === 410)
        ports.store.forgetTicket(code, token);
    });
  }, [code]);

  useEffect(() => {
    if (info) document.title = say(language, 'pageTitle', { venue: info.venue.name });
  }, [info, language]);

  if (!info) {
    if (refusal?.status === 404)
      return (
        <section class="card">
          <h1>{say(language, 'unknownVenue')}</h1>
          <p>{say(language, 'unknownVenueHint')}</p>
        </section>
      );
    if (refusal)
      return (
        <section class="card">
          <Problem language={language} refusal={refusal} />
          <button type="button" class="button" onClick={() => setAttempt(attempt + 1)}>
            {say(language, 'tryAgain')}
          </button>
        </section>
      );
    return <p class="loading">{say(language, 'loading')}</p>;
  }

  const { joins } = info;
  const closed =
    joins.why === 'closed_now'
      ? joins.opensAt
        ? say(language, 'opensAt', { time: formatClock(language, joins.opensAt) })
        : say(language, 'closedNow')
      : say(language, CLOSED[joins.why ?? ''] ?? 'paused');
  return (
    <>
      <h1 class="venue">{info.venue.name}</h1>
      {stored && (
        <p class="notice">
          {say(language, 'already')} <a href={statusPath(code, stored)}>{say(language, 'seePlace')}</a>
        </p>
      )}
      {stored && !another ? (
        joins.open && (
          <button type="button" class="button" onClick={() => setAnother(true)}>
            {say(language, 'joinAnother')}
          </button>
        )
      ) : joins.open ? (
        <JoinForm ports={ports} language={language} code={code} info={info} onJoined={onJoined} />
      ) : (
        <>
          <Wait language={language} minutes={info.wait.minutes[0] ?? null} size={2} />
          <p class="notice closed" role="status">
            {closed}
          </p>
        </>
      )}
    </>
  );
}

/** "About 25 min for a party of 2", "No wait right now", or nothing when the server cannot say. */
export function Wait({ language, minutes, size }: { language: Language; minutes: number | null; size: number }) {
  return (
    <p class="wait" aria-live="polite">
      {minutes === null
        ? ''
        : minutes === 0
          ? say(language, 'waitNone')
          : say(language, 'waitAbout', { min: minutes, size })}
    </p>
  );
}

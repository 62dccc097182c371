import { useEffect, useState } from 'preact/hooks';
import type { ApiRefusal, ApiResult, TicketStatus, VenueInfo } from './guest-api.ts';
import type { GuestPorts } from './ports.ts';
import { statusPath } from './route.ts';
import { JoinForm } from './JoinForm.tsx';
import { Problem, refusalText } from './Problem.tsx';
import { say, type Language, type WordKey } from './words.ts';
import './check-in-words.ts';

const CLOSED: Record<string, WordKey> = { paused: 'paused', full: 'full', not_set_up: 'notSetUp' };

/** The join's own refusals: only the check-in page gets them, so their words load with it. */
const JOIN_REFUSALS: Record<string, WordKey> = {
  joins_paused: 'paused',
  joins_not_set_up: 'notSetUp',
  online_full: 'full',
  board_full: 'boardFull',
  unknown_venue: 'unknownVenue',
};

/** A wall-clock time 'HH:MM' as the language writes it ("7:00 PM", "19:00"). */
function formatClock(language: Language, hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number);
  if (h === undefined || m === undefined || Number.isNaN(h) || Number.isNaN(m)) return hhmm;
  return new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(
    Date.UTC(2000, 0, 1, h, m),
  );
}

/** A refusal of the check-in page's requests in plain words. */
export function joinRefusalText(language: Language, refusal: ApiRefusal): string {
  const key = JOIN_REFUSALS[refusal.code];
  if (key) return say(language, key);
  if (refusal.code === 'joins_closed_now')
    return refusal.opensAt
      ? say(language, 'opensAt', { time: formatClock(language, refusal.opensAt) })
      : say(language, 'closedNow');
  if (refusal.code === 'party_too_large') return say(language, 'tooLarge', { max: refusal.maxSize ?? '' });
  return refusalText(language, refusal);
}

interface Props {
  ports: GuestPorts;
  language: Language;
  code: string;
  /** The venue's answer already asked for, used by the first attempt. */
  first: Promise<ApiResult<VenueInfo>> | null;
  onJoined(token: string, status: TicketStatus, withPushed: boolean): void;
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
          <Problem language={language} refusal={refusal} text={joinRefusalText(language, refusal)} />
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

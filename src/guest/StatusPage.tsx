import { useEffect, useState } from 'preact/hooks';
import type { ApiRefusal, PushedOutcome, TicketStatus } from './guest-api.ts';
import type { GuestPorts } from './ports.ts';
import { checkInPath } from './route.ts';
import { followTicket } from './ticket-live.ts';
import { formatNumber } from './format.ts';
import { CancelDialog } from './CancelDialog.tsx';
import { Problem } from './Problem.tsx';
import { PhoneAlerts } from './PhoneAlerts.tsx';
import { PushedNotice, SubscribeLink } from './PushedNotice.tsx';
import { useReadyAlerts } from './use-ready-alerts.ts';
import { say, type Language } from './words.ts';
import './status-words.ts';

/** How often the time waited is worked out again (it shows whole minutes). */
const TICK_MS = 10_000;

interface Props {
  ports: GuestPorts;
  language: Language;
  code: string;
  token: string;
  /** The status the join answered with, shown before the stream's first event. */
  first: TicketStatus | null;
  /** How asking Pushed went, when the venue server sent the guest back from it. */
  outcome: PushedOutcome | null;
  /** Go on to Pushed at once: the guest joined with "notify me with Pushed". */
  toPushed: boolean;
}

/** A party's live place in line, its table-ready screen, and how its visit ended. */
export function StatusPage({ ports, language, code, token, first, outcome, toPushed }: Props) {
  const [status, setStatus] = useState(first);
  // The phone's monotonic clock when `status` arrived: the time waited counts from the server's `now`.
  const [receivedAt, setReceivedAt] = useState(() => performance.now());
  const [gone, setGone] = useState(!token);
  const [, setTick] = useState(0);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<ApiRefusal | null>(null);

  const show = (next: TicketStatus) => {
    setStatus(next);
    setReceivedAt(performance.now());
  };

  const finished = status && status.state !== 'waiting' && status.state !== 'called';
  // A visit that ended needs no live line: the stream's slot goes back to the guests still waiting.
  useEffect(() => {
    if (!token || finished) return;
    const live = followTicket(ports.api, token, {
      status: show,
      gone: () => {
        ports.store.forgetTicket(code, token);
        setGone(true);
      },
    });
    const stopVisible = ports.onVisible(live.refresh);
    const ticker = setInterval(() => setTick((n) => n + 1), TICK_MS);
    return () => {
      live.stop();
      stopVisible();
      clearInterval(ticker);
    };
  }, [token, finished]);

  useEffect(() => {
    if (finished) ports.store.forgetTicket(code, token);
  }, [finished]);

  const venueName = status?.venue.name ?? '';
  useReadyAlerts(
    ports.alerts,
    status,
    language,
    venueName ? say(language, 'pageTitle', { venue: venueName }) : 'Waitbell',
  );

  const act = async (action: 'cancel' | 'onMyWay') => {
    setBusy(true);
    setRefusal(null);
    const result = await ports.api[action](token);
    setBusy(false);
    if (result.ok) show(result.value);
    else if (result.refusal.ticketStatus) show(result.refusal.ticketStatus);
    else if (result.refusal.status === 404 || result.refusal.status === 410) setGone(true);
    else setRefusal(result.refusal);
  };

  if (gone)
    return (
      <section class="card">
        <h1>{say(language, 'expired')}</h1>
        <p>
          <a href={checkInPath(code)}>{say(language, 'toCheckIn')}</a>
        </p>
      </section>
    );
  if (!status) return <p class="loading">{say(language, 'loading')}</p>;

  const n = (value: number) => formatNumber(language, value);
  const waited = Math.max(0, Math.floor((status.now - status.joinedAt + performance.now() - receivedAt) / 60_000));
  const party = (
    <p class="party">{say(language, 'partyOf', { name: status.party.name, size: n(status.party.size) })}</p>
  );
  const cancel = (
    <>
      {refusal && <Problem language={language} refusal={refusal} />}
      <button type="button" class="button quiet" aria-disabled={busy} onClick={() => !busy && setConfirming(true)}>
        {say(language, 'cancel')}
      </button>
      {confirming && (
        <CancelDialog
          language={language}
          answer={(yes) => {
            setConfirming(false);
            if (yes) void act('cancel');
          }}
        />
      )}
    </>
  );

  if (status.state === 'called')
    return (
      <section class="ready" aria-live="assertive">
        <p class="venue-small">{venueName}</p>
        <h1>{say(language, 'ready')}</h1>
        <p class="ready-body">{say(language, 'readyBody')}</p>
        {party}
        {/* Pushed could not reach them for this call: the page did; they may be called again. */}
        {status.pushed.state === 'not_subscribed' && (
          <>
            <p>{say(language, 'pushedNotSubscribed', { venue: venueName })}</p>
            <SubscribeLink language={language} pushed={status.pushed} />
          </>
        )}
        {status.onMyWayAt ? (
          <p class="done" role="status">
            {say(language, 'onMyWayDone')}
          </p>
        ) : (
          <button
            type="button"
            class="button big primary"
            aria-disabled={busy}
            onClick={() => !busy && void act('onMyWay')}
          >
            {say(language, 'onMyWay')}
          </button>
        )}
        {cancel}
      </section>
    );

  if (status.state === 'waiting') {
    const ahead = status.ahead ?? 0;
    return (
      <section class="status" aria-live="polite">
        <p class="venue-small">{venueName}</p>
        {status.place !== null && <h1 class="place">{say(language, 'yourPlace', { place: n(status.place) })}</h1>}
        <p class="ahead">
          {ahead === 0
            ? say(language, 'aheadNone')
            : ahead === 1
              ? say(language, 'aheadOne')
              : say(language, 'aheadMany', { n: n(ahead) })}
        </p>
        {status.quoteMinutes !== null && <p>{say(language, 'quoted', { min: n(status.quoteMinutes) })}</p>}
        <p>{say(language, 'waited', { min: n(waited) })}</p>
        {party}
        <PushedNotice
          ports={ports}
          language={language}
          token={token}
          venue={venueName}
          pushed={status.pushed}
          outcome={outcome}
          start={toPushed}
          gone={() => setGone(true)}
        />
        <p class="hint">{say(language, 'live')}</p>
        <PhoneAlerts alerts={ports.alerts} language={language} />
        {cancel}
      </section>
    );
  }

  const [title, body] =
    status.state === 'seated'
      ? [say(language, 'seated'), say(language, 'thanks')]
      : status.state === 'left'
        ? [say(language, 'left'), say(language, 'thanks')]
        : [say(language, 'cancelled'), ''];
  return (
    <section class="card" aria-live="polite">
      <p class="venue-small">{venueName}</p>
      <h1>{title}</h1>
      {body && <p>{body}</p>}
      <p>
        <a href={checkInPath(code)}>{say(language, status.state === 'cancelled' ? 'joinAgain' : 'toCheckIn')}</a>
      </p>
    </section>
  );
}

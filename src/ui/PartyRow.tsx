import { useState } from 'preact/hooks';
import { waitInfo } from '../core/board.ts';
import { callInfo } from '../core/calls.ts';
import type { Party } from '../core/party.ts';
import { Icon } from './Icon.tsx';
import { PartyStatus } from './PartyStatus.tsx';
import { t } from './strings.ts';

interface Props {
  party: Party;
  position: number;
  now: number;
  online: boolean;
  lateAfterMinutes: number;
  /** The row's one next step: Table ready, Seated once called, Retry or Resend when a send went wrong. */
  onNext(step: NextStep): void;
  onMore(): void;
}

/** What the row's main button does. */
export type NextStep = 'notify' | 'seat';

/** The row's main button: the one thing a host most likely does next with this party. */
export function nextStep(party: Party): { step: NextStep; label: string } {
  const d = party.delivery;
  if (d?.state === 'failed' || (d?.state === 'not_sent' && d.why === 'stale'))
    return { step: 'notify', label: t().retry };
  if (d?.state === 'unknown') return { step: 'notify', label: t().resend };
  return party.status === 'notified' ? { step: 'seat', label: t().seated } : { step: 'notify', label: t().tableReady };
}

/** One compact row: place in line, who, how long against the quote, called or not, and the next step. */
export function PartyRow({ party, position, now, online, lateAfterMinutes, onNext, onMore }: Props) {
  const [noteOpen, setNoteOpen] = useState(false);
  const wait = waitInfo(party, now);
  const call = callInfo(party, now, lateAfterMinutes);
  const next = nextStep(party);
  const headingId = `party-${party.id}`;
  const classes = ['party', call ? 'called' : '', call?.late ? 'late' : '', noteOpen ? 'note-open' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <li class={classes} aria-labelledby={headingId}>
      <span class="party-position" aria-label={t().rush.position(position)}>
        {position}
      </span>
      <div class="party-who">
        <h2 class="party-name" id={headingId}>
          {party.name}
        </h2>
        <span class="party-size" aria-label={t().people(party.size)}>
          {party.size}
        </span>
        {party.note && (
          <button type="button" class="party-note" aria-expanded={noteOpen} onClick={() => setNoteOpen(!noteOpen)}>
            {party.note}
          </button>
        )}
      </div>
      <p class={`party-wait ${wait.lateness}`}>
        {wait.lateness !== 'within' && <Icon name="clock" />}
        {t().waited(wait.waitedMinutes, wait.quoteMinutes)}
        {wait.lateness !== 'within' && (
          <span class="overrun"> {t().rush.overrun(wait.overrunMinutes, wait.lateness)}</span>
        )}
      </p>
      <PartyStatus call={call} delivery={party.delivery} online={online} />
      <button
        type="button"
        class={next.step === 'notify' ? 'button primary next' : 'button next'}
        onClick={() => onNext(next.step)}
      >
        {next.label}
      </button>
      <button
        type="button"
        class="button icon-button"
        aria-label={t().rush.more(party.name)}
        aria-haspopup="dialog"
        onClick={onMore}
      >
        <Icon name="more" />
      </button>
    </li>
  );
}

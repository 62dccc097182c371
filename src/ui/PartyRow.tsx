import { waitInfo } from '../core/board.ts';
import { callInfo } from '../core/calls.ts';
import { latestMessage } from '../core/guest-message.ts';
import type { Party } from '../core/party.ts';
import { CallLink } from './CallLink.tsx';
import { Icon } from './Icon.tsx';
import { memo } from './memo.ts';
import { useSettling } from './use-settling.ts';
import { PartyStatus } from './PartyStatus.tsx';
import { PushedMark } from './PushedMark.tsx';
import { RequotePrompt } from './RequotePrompt.tsx';
import { t } from './strings.ts';

interface Props {
  party: Party;
  position: number;
  now: number;
  online: boolean;
  lateAfterMinutes: number;
  actions: RowActions;
  /** The quote to give now, when the wait is likely to run ≥ 10 min past the one given; absent when the quote holds. */
  requote?: number | undefined;
}

/** What a row's buttons do; one object for the whole board, so an unchanged row need not draw again. */
export interface RowActions {
  /** The row's one next step: Table ready, Seated once called, Retry or Resend when a send went wrong. */
  next(party: Party, step: NextStep): void;
  /** Everything about the party, and every action on it. */
  more(partyId: string): void;
  /** Gives a waiting party a new quote (the row's re-quote prompt). */
  requote?(party: Party, minutes: number): void;
}

/** What the row's main button does. */
export type NextStep = 'notify' | 'seat';

/** The row's main button: the one thing a host most likely does next with this party. */
export function nextStep(party: Party): { step: NextStep; label: string } {
  const d = party.messages.table_ready?.delivery; // Retry and Resend are Table ready's
  if (d?.state === 'failed' || (d?.state === 'not_sent' && d.why === 'stale'))
    return { step: 'notify', label: t().retry };
  if (d?.state === 'unknown') return { step: 'notify', label: t().resend };
  return party.status === 'notified' ? { step: 'seat', label: t().seated } : { step: 'notify', label: t().tableReady };
}

/** How long a row's next-step button waits, after a tap or after its job changed, before it takes another tap. */
const NEXT_STEP_SETTLE_MS = 700;

/** One compact row: place in line, who, how long against the quote, called or not, and the next step. */
export const PartyRow = memo(function PartyRow({
  party,
  position,
  now,
  online,
  lateAfterMinutes,
  actions,
  requote,
}: Props) {
  const onMore = () => actions.more(party.id);
  const wait = waitInfo(party, now);
  const call = callInfo(party, now, lateAfterMinutes);
  const next = nextStep(party);
  const guard = useSettling(next.label, NEXT_STEP_SETTLE_MS);
  const headingId = `party-${party.id}`;
  const classes = ['party', call ? 'called' : '', call?.late ? 'late' : ''].filter(Boolean).join(' ');
  return (
    <li class={classes} aria-labelledby={headingId}>
      {/* A label on a plain span is not read: the words are there for screen readers, the digit for the eye. */}
      <span class="party-position">
        <span aria-hidden="true">{position}</span>
        <span class="visually-hidden">{t().rush.position(position)}</span>
      </span>
      {/* A tap on the name or note opens everything about the party (the note whole); More does the same for keyboards. */}
      <div class="party-who" onClick={onMore}>
        <h2 class="party-name" id={headingId}>
          {party.name}
        </h2>
        <span class="party-size">
          <span aria-hidden="true">{party.size}</span>
          <span class="visually-hidden">{t().people(party.size)}</span>
        </span>
        {party.joinedVia === 'online' && (
          <span class="party-mark">
            <Icon name="mobile" size={16} />
            <span class="mark-words">{t().rush.joinedOnline}</span>
          </span>
        )}
        <PushedMark party={party} />
        {party.phone && <CallLink name={party.name} phone={party.phone} />}
        {party.note && <span class="party-note">{party.note}</span>}
      </div>
      <p class={`party-wait ${wait.lateness}`}>
        {t().waited(wait.waitedMinutes, wait.quoteMinutes)}
        {wait.lateness !== 'within' && (
          // Two levels told apart by their icon and weight as well as colour; the words are there for screen readers.
          <span class="overrun">
            <Icon name={wait.lateness === 'far_over' ? 'warning' : 'clock'} size={16} />+{wait.overrunMinutes} min
            <span class="visually-hidden"> {t().rush.overrunWords(wait.lateness)}</span>
          </span>
        )}
      </p>
      <PartyStatus
        call={call}
        message={latestMessage(party)}
        online={online}
        onMyWay={!!party.onMyWayAt}
        pushedLost={!!party.pushedUser && party.pushedUser.lostAt !== null}
      />
      {requote !== undefined && actions.requote && (
        <RequotePrompt name={party.name} minutes={requote} onRequote={() => actions.requote?.(party, requote)} />
      )}
      <button
        type="button"
        class={next.step === 'notify' ? 'button primary next' : 'button next'}
        aria-disabled={guard.settling}
        onPointerDown={guard.press}
        onClick={() => {
          if (guard.take()) actions.next(party, next.step);
        }}
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
});

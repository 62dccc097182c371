import { waitInfo } from '../core/board.ts';
import type { PartyAction } from '../core/lifecycle.ts';
import type { Party } from '../core/party.ts';
import { DeliveryLine } from './DeliveryLine.tsx';
import { t } from './strings.ts';

interface Props {
  party: Party;
  now: number;
  online: boolean;
  onAction(action: PartyAction): void;
}

/** One party on the board: who, how many, how long, and what staff can do. */
export function PartyRow({ party, now, online, onAction }: Props) {
  const wait = waitInfo(party, now);
  const headingId = `party-${party.id}`;
  return (
    <li class="party" aria-labelledby={headingId}>
      <div class="party-who">
        <h2 class="party-name" id={headingId}>
          {party.name}
        </h2>
        <span class="party-size">{t().people(party.size)}</span>
        {party.pushedId && <span class="party-tag">{t().hasPushedId}</span>}
        {party.note && <p class="party-note">{party.note}</p>}
      </div>
      <p class={wait.overdue ? 'party-wait overdue' : 'party-wait'}>
        {t().waited(wait.waitedMinutes, wait.quoteMinutes)}
        {wait.overdue && <span class="overdue-label"> · {t().overdue}</span>}
      </p>
      {party.delivery && (
        <DeliveryLine
          delivery={party.delivery}
          online={online}
          notifyCount={party.notifyCount}
          onSendAgain={() => onAction('notify')}
        />
      )}
      <div class="party-actions">
        <button type="button" class="button primary" onClick={() => onAction('notify')}>
          {t().tableReady}
        </button>
        <button type="button" class="button" onClick={() => onAction('seat')}>
          {t().seated}
        </button>
        <button type="button" class="button" onClick={() => onAction('no_show')}>
          {t().noShow}
        </button>
        <button type="button" class="button quiet" onClick={() => onAction('remove')}>
          {t().remove}
        </button>
      </div>
    </li>
  );
}

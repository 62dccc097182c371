import { useEffect, useRef } from 'preact/hooks';
import { waitInfo } from '../core/board.ts';
import { callInfo } from '../core/calls.ts';
import { isReachable } from '../core/guest-message.ts';
import type { FinishAction } from '../core/lifecycle.ts';
import type { MoveDirection } from '../core/move.ts';
import { canNotifyPushedUser, type Party } from '../core/party.ts';
import { CallLink } from './CallLink.tsx';
import { Icon } from './Icon.tsx';
import { MessageList } from './MessageList.tsx';
import { PartyStatus } from './PartyStatus.tsx';
import { SheetHead } from './SheetHead.tsx';
import { t } from './strings.ts';

interface Props {
  party: Party;
  position: number;
  /** How many parties are on the board: the last one cannot move down. */
  boardSize: number;
  now: number;
  online: boolean;
  lateAfterMinutes: number;
  onNotify(): void;
  /** "Almost ready": Getting close again, on purpose. */
  onAlmostReady(): void;
  onFinish(action: FinishAction): void;
  onMove(direction: MoveDirection): void;
  onEdit(): void;
  onClose(): void;
}

/** How the guest is told, in the order Table ready picks: PushedID, email, then the Pushed permission from their phone. */
function contactWords(party: Party): string {
  if (party.pushedId) return t().rush.pushedId(party.pushedId);
  if (party.email) return party.email;
  return canNotifyPushedUser(party) ? t().rush.pushedAllowed : t().rush.noContact;
}

/** Everything about one party, and every action on it, one tap from its row. */
export function PartyDetails({
  party,
  position,
  boardSize,
  now,
  online,
  lateAfterMinutes,
  onNotify,
  onAlmostReady,
  onFinish,
  onMove,
  onEdit,
  onClose,
}: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const wait = waitInfo(party, now);
  const call = callInfo(party, now, lateAfterMinutes);
  // Each action but Move closes the sheet: the host sees the board change behind it; Move stays open for the next place.
  const then = (action: () => void) => () => {
    action();
    dialog.current?.close();
  };
  return (
    <dialog ref={dialog} class="sheet details-sheet" aria-labelledby="details-title" onClose={onClose}>
      <div class="sheet-form">
        <SheetHead id="details-title" title={party.name} onClose={() => dialog.current?.close()} />
        <dl class="details-facts">
          <dt>{t().rush.positionLabel}</dt>
          <dd>{t().rush.positionOf(position, boardSize)}</dd>
          <dt>{t().fields.size}</dt>
          <dd>{t().people(party.size)}</dd>
          <dt>{t().rush.waitedLabel}</dt>
          <dd>
            {t().waited(wait.waitedMinutes, wait.quoteMinutes)}
            {wait.lateness !== 'within' && ` · ${t().rush.overrun(wait.overrunMinutes, wait.lateness)}`}
          </dd>
          {party.note && (
            <>
              <dt>{t().fields.note}</dt>
              <dd class="details-note">{party.note}</dd>
            </>
          )}
          <dt>{t().rush.contactLabel}</dt>
          <dd>{contactWords(party)}</dd>
          {party.phone && (
            <>
              <dt>{t().rush.phoneLabel}</dt>
              <dd>
                {party.phone} <CallLink name={party.name} phone={party.phone} />
              </dd>
            </>
          )}
        </dl>
        {party.joinedVia === 'online' && (
          <p class="party-mark">
            <Icon name="mobile" size={16} />
            {t().rush.joinedOnline}
          </p>
        )}
        {party.pushedUser && party.pushedUser.lostAt !== null && (
          <p class="party-mark pushed-lost details-pushed-lost">
            <Icon name="warning" size={16} />
            {t().rush.pushedLost}
          </p>
        )}
        <PartyStatus call={call} message={null} online={online} onMyWay={!!party.onMyWayAt} />
        <MessageList party={party} online={online} />
        <div class="details-actions">
          <button type="button" class="button primary" onClick={then(onNotify)}>
            {party.status === 'notified' ? t().rush.callAgain : t().tableReady}
          </button>
          {party.status === 'waiting' && isReachable(party) && (
            <button type="button" class="button" onClick={then(onAlmostReady)}>
              {t().messages.almostReady}
            </button>
          )}
          <button type="button" class="button" onClick={then(() => onFinish('seat'))}>
            {t().seated}
          </button>
          <button type="button" class="button" onClick={then(() => onFinish('no_show'))}>
            {t().noShow}
          </button>
          <button type="button" class="button" onClick={then(() => onFinish('remove'))}>
            {t().remove}
          </button>
          <button type="button" class="button" onClick={then(onEdit)}>
            {t().rush.edit}
          </button>
          <button type="button" class="button" disabled={position <= 1} onClick={() => onMove('up')}>
            <Icon name="up" /> {t().rush.moveUp}
          </button>
          <button type="button" class="button" disabled={position >= boardSize} onClick={() => onMove('down')}>
            <Icon name="down" /> {t().rush.moveDown}
          </button>
        </div>
      </div>
    </dialog>
  );
}

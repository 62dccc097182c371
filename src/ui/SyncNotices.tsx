import type { SyncEngine, SyncNotice } from '../state/sync-model.ts';
import { t } from './strings.ts';

/**
 * True when what the host wanted happened anyway (the guest was called, the party finished or back on the list), or
 * the owner meant it (erased the guest): news, not a problem.
 */
const isFine = ({ reason }: SyncNotice): boolean =>
  reason.kind === 'already_called' ||
  reason.kind === 'already_finished' ||
  reason.kind === 'already_on_board' ||
  reason.kind === 'erased';

/** The most notices shown at once; the oldest go first (the rows already show the truth). */
const SHOWN = 3;

/**
 * A tablet's changes another tablet beat to the venue server, in words ("Ana was already seated on
 * Bar at 8:14 PM — your No-show was not applied.", or for a Table ready, that the guest was called,
 * by whom and when), and guests who cancelled from their phone, each dismissed with one tap; and, on a new tablet, how far it has read the venue's history.
 */
export function SyncNotices({ engine }: { engine: SyncEngine }) {
  const notices = engine.notices.value.slice(-SHOWN);
  const cancels = engine.guestCancels.value.slice(-SHOWN);
  const history = engine.history.value;
  return (
    <>
      {cancels.map((c) => (
        // News, not a problem: the party is already off the board, in Seated & gone.
        <div key={c.id} class="info sync-notice" role="status">
          <p>{t().sync.guestCancelled(c.partyName, c.partySize)}</p>
          <button type="button" class="button" onClick={() => engine.dismiss(c.id)}>
            {t().dismiss}
          </button>
        </div>
      ))}
      {notices.map((notice) => (
        // Calm when the guest was called or the party finished anyway; red only when something did not happen.
        <div
          key={notice.id}
          class={isFine(notice) ? 'info sync-notice' : 'problem sync-notice'}
          role={isFine(notice) ? 'status' : 'alert'}
        >
          <p>{t().sync.rejected(notice)}</p>
          <button type="button" class="button" onClick={() => engine.dismiss(notice.id)}>
            {t().dismiss}
          </button>
        </div>
      ))}
      {history && (
        <p class="sync-history" role="status">
          <progress max={Math.max(history.total, 1)} value={history.done} />
          <span>{t().sync.history(history.done, history.total)}</span>
        </p>
      )}
    </>
  );
}

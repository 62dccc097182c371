import type { BoardModel } from '../state/board-model.ts';
import { PartyRow } from './PartyRow.tsx';
import { t } from './strings.ts';

/** The waitlist, first come first served. */
export function Board({ model }: { model: BoardModel }) {
  if (!model.loaded.value) return <p class="board-empty">{t().loading}</p>;
  const parties = model.parties.value;
  if (parties.length === 0) return <p class="board-empty">{t().emptyBoard}</p>;
  const now = model.now.value;
  const online = model.online.value;
  return (
    <ol class="board" aria-label={t().waitlistLabel}>
      {parties.map((party) => (
        <PartyRow
          key={party.id}
          party={party}
          now={now}
          online={online}
          onAction={(action) => void (action === 'notify' ? model.notify(party.id) : model.act(party.id, action))}
        />
      ))}
    </ol>
  );
}

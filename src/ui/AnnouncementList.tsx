import type { Announcement } from '../core/announcement.ts';
import { t } from './strings.ts';
import { announceWords } from './announce-words.ts';

interface Props {
  /** Newest first. */
  announcements: readonly Announcement[];
  online: boolean;
  onSendAgain(announcement: Announcement): void;
}

/** Past announcements, newest first: to whom, when, what, and where each one's delivery is. */
export function AnnouncementList({ announcements, online, onSendAgain }: Props) {
  const s = announceWords();
  return (
    <section class="announce-past" aria-labelledby="announce-past-title">
      <h3 id="announce-past-title">{s.past}</h3>
      {announcements.length === 0 ? (
        <p class="field-hint">{s.none}</p>
      ) : (
        <ul class="announce-list" aria-labelledby="announce-past-title">
          {announcements.map((a) => {
            const d = a.delivery;
            // Resending makes sense only when nobody got it for sure: refused, never sent, or not known.
            const again = d.state === 'failed' || d.state === 'not_sent' || d.state === 'unknown';
            return (
              <li key={a.id} class="announce-item">
                <div>
                  <p class="announce-meta">
                    <strong>{s.targetShort(a.target)}</strong> · {s.at(a.createdAt)}
                    {a.tablet && <span class="announce-tablet"> · {s.from(a.tablet)}</span>}
                  </p>
                  <p class="announce-text">{a.text}</p>
                  <p class={`announce-delivery delivery-${d.state}`}>{s.delivery(d) ?? t().deliveryText(d, online)}</p>
                </div>
                {again && (
                  <button
                    type="button"
                    class="button"
                    aria-label={s.sendAgainFor(a.text)}
                    onClick={() => onSendAgain(a)}
                  >
                    {s.sendAgain}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

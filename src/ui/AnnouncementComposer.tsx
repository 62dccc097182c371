import {
  ANNOUNCEMENT_TARGETS,
  checkInterval,
  type Announcement,
  type AnnouncementTarget,
} from '../core/announcement.ts';
import { characterCount } from '../core/message-template.ts';
import { describedBy, Field } from './Field.tsx';
import { announceWords } from './announce-words.ts';

/** What the host is writing, and to whom. */
export interface Draft {
  target: AnnouncementTarget;
  text: string;
}

interface Props {
  draft: Draft;
  venueName: string;
  limit: number;
  /** Past announcements, to say when each target may have its next one. */
  past: readonly Announcement[];
  now: number;
  /** The target of the announcement just queued, to say so. */
  queued: AnnouncementTarget | null;
  /** Whether the tablet is online: a queued announcement is then already on its way. */
  online: boolean;
  onDraft(draft: Draft): void;
  onReview(): void;
}

/** The announcement being written: who gets it (said plainly), ready-made messages, the text with its live count. */
export function AnnouncementComposer({ draft, venueName, limit, past, now, queued, online, onDraft, onReview }: Props) {
  const s = announceWords();
  const count = characterCount(draft.text.trim());
  const over = count > limit;
  const empty = draft.text.trim() === '';
  const error = over ? s.over(count, limit) : undefined;
  return (
    <form
      class="announce-compose"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!over && !empty) onReview();
      }}
    >
      <fieldset class="announce-targets">
        <legend class="field-label">{s.to}</legend>
        {ANNOUNCEMENT_TARGETS.map((target) => {
          const wait = checkInterval(past, target, now);
          return (
            <label key={target} class="radio announce-target">
              <input
                type="radio"
                name="announce-target"
                value={target}
                checked={draft.target === target}
                onChange={() => onDraft({ ...draft, target })}
              />
              <span>
                <strong>{s.targetName(target)}</strong>
                <span class="field-hint">
                  {s.audience(target, venueName)}
                  {!wait.ok && <span class="announce-next"> {s.nextAt(wait.error.nextAt)}</span>}
                </span>
              </span>
            </label>
          );
        })}
      </fieldset>
      <div class="field">
        <span class="field-label" id="announce-ready">
          {s.ready}
        </span>
        <div class="announce-ready" role="group" aria-labelledby="announce-ready">
          {s.readyMade.map((text) => (
            <button
              key={text}
              type="button"
              class="button chip"
              aria-pressed={draft.text === text}
              onClick={() => onDraft({ ...draft, text })}
            >
              {text}
            </button>
          ))}
        </div>
      </div>
      <Field id="announce-text" label={s.message} error={error}>
        <textarea
          id="announce-text"
          rows={2}
          value={draft.text}
          aria-invalid={over}
          aria-describedby={describedBy('announce-text', error) ?? 'announce-count'}
          onInput={(e) => onDraft({ ...draft, text: e.currentTarget.value })}
        />
      </Field>
      {!over && (
        <p class="count" id="announce-count" aria-live="polite">
          {s.count(count, limit)}
        </p>
      )}
      {queued && (
        <p class="announce-queued" role="status">
          {s.queued(queued, online)}
        </p>
      )}
      <div class="sheet-actions">
        <button type="submit" class="button primary" disabled={over || empty}>
          {s.review}
        </button>
      </div>
    </form>
  );
}

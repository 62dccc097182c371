import { t } from './strings.ts';

/** "Quote likely short: ~35 min" on a waiting party's row, and one tap gives that quote. */
export function RequotePrompt({ name, minutes, onRequote }: { name: string; minutes: number; onRequote(): void }) {
  const q = t().quotes;
  // Named by its own words (what is seen is what is said), with the party's name for screen readers.
  return (
    <button type="button" class="button requote" onClick={onRequote}>
      <span class="requote-why">{q.requoteShort(minutes)}</span>
      <span class="requote-do">
        {q.requote(minutes)}
        <span class="visually-hidden"> {q.requoteFor(name)}</span>
      </span>
    </button>
  );
}

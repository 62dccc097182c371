import { t } from './strings.ts';

/** "Quote likely short: ~35 min" on a waiting party's row, and one tap gives that quote. */
export function RequotePrompt({ name, minutes, onRequote }: { name: string; minutes: number; onRequote(): void }) {
  const q = t().quotes;
  return (
    <button type="button" class="button requote" aria-label={q.requoteLabel(name, minutes)} onClick={onRequote}>
      <span class="requote-why">{q.requoteShort(minutes)}</span>
      <span class="requote-do" aria-hidden="true">
        {q.requote(minutes)}
      </span>
    </button>
  );
}

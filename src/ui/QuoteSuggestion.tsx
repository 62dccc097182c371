import { sizeClassOf, type Suggestion } from '../core/quote-estimator.ts';
import { t } from './strings.ts';

/** The basis of a suggestion in one line a host can read. */
export function basisWords({ basis }: Suggestion, size: number): string {
  const q = t().quotes;
  return basis.kind === 'default'
    ? q.basisDefault(sizeClassOf(size), basis.ahead)
    : q.basisEstimate(basis.sizeClass, basis.ahead, basis.turnMinutes);
}

/** "Suggested: 25 min" and why, under Add party's quote chips. */
export function QuoteSuggestion({ id, suggestion, size }: { id: string; suggestion: Suggestion; size: number }) {
  return (
    <p class="quote-suggestion" id={id} aria-live="polite">
      <strong>{t().quotes.suggested(suggestion.minutes)}</strong> <span>{basisWords(suggestion, size)}</span>
    </p>
  );
}

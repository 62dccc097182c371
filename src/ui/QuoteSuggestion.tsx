import { sizeClassOf } from '../core/quote-estimator.ts';
import type { SuggestedQuote } from '../state/quotes-model.ts';
import { t } from './strings.ts';

/** The basis of a suggestion in one line a host can read. */
export function basisWords({ basis, learnedFrom }: SuggestedQuote, size: number): string {
  const q = t().quotes;
  return basis.kind === 'default'
    ? q.basisDefault(sizeClassOf(size), basis.ahead, learnedFrom > 0)
    : q.basisEstimate(basis.sizeClass, basis.ahead, basis.turnMinutes);
}

/** "Suggested: 25 min" and why, under Add party's quote chips. */
export function QuoteSuggestion({ id, suggestion, size }: { id: string; suggestion: SuggestedQuote; size: number }) {
  return (
    <p class="quote-suggestion" id={id} aria-live="polite">
      <strong>{t().quotes.suggested(suggestion.minutes)}</strong> <span>{basisWords(suggestion, size)}</span>
    </p>
  );
}
